public import Foundation
public import TrueUpCore

/// A paged Xero collection: where it lives, what its array and id are called.
public struct XeroCollection: Sendable, Hashable {
    public var path: String
    public var arrayKey: String
    public var idKey: String

    public init(path: String, arrayKey: String, idKey: String) {
        self.path = path
        self.arrayKey = arrayKey
        self.idKey = idKey
    }

    public static let invoices = XeroCollection(path: "/Invoices", arrayKey: "Invoices", idKey: "InvoiceID")
    public static let creditNotes = XeroCollection(path: "/CreditNotes", arrayKey: "CreditNotes", idKey: "CreditNoteID")
    public static let payments = XeroCollection(path: "/Payments", arrayKey: "Payments", idKey: "PaymentID")
    public static let bankTransactions = XeroCollection(
        path: "/BankTransactions", arrayKey: "BankTransactions", idKey: "BankTransactionID")
    public static let contacts = XeroCollection(path: "/Contacts", arrayKey: "Contacts", idKey: "ContactID")
}

/// What one complete read of a collection gave.
public struct XeroPagedRead: Sendable {
    /// Every record read, once each (the latest copy of a record seen twice), in a document shaped
    /// like one page: `{"Invoices": [ … ]}`, for the collection's decoder
    /// (``XeroInvoicesDecoder/decode(document:source:)``).
    public var document: JSONValue
    public var records: Int
    /// The latest `UpdatedDateUTC` read, the next read's `If-Modified-Since` (less the overlap);
    /// the cursor given when nothing was read.
    public var cursor: Date?
    /// Pages fetched.
    public var pages: Int

    /// ``document`` written out.
    public var body: [UInt8] { JSONWriter.bytes(document) }
}

extension XeroClient {
    /// Reads every record of `collection` changed since `cursor` (all when `nil`), page by page.
    ///
    /// Requests carry `If-Modified-Since` = cursor − `overlap`, `order=UpdatedDateUTC ASC`,
    /// `page` and `pageSize`. Pages are read by number inside that fixed window, which takes the
    /// fewest calls. A record edited during the read moves to the end of the order and can shift
    /// another one past a page boundary unseen, and records sharing an `UpdatedDateUTC` may not
    /// keep their order between requests; either way the read then holds fewer distinct records
    /// than the last page's `pagination.itemCount` says the window has. When that happens, or
    /// Xero gives no `pagination` to count by, the read goes on with a moving window: after a full
    /// page, the next request asks from the page's last `UpdatedDateUTC` less one second (page 1),
    /// so no record can slip between pages. Records seen twice are kept once (the latest copy).
    /// Only when every page has been read is a new cursor returned.
    public func readChanged(
        _ collection: XeroCollection, since cursor: Date?, overlap: Duration = .seconds(300), pageSize: Int = 1000,
        query extra: [(String, String)] = []
    ) async throws(XeroError) -> XeroPagedRead {
        let overlapSeconds = TimeInterval(overlap.components.seconds)
        let window = cursor.map { $0.addingTimeInterval(-overlapSeconds) }
        var read = PagedRecords(idKey: collection.idKey, newest: cursor)
        let fixed = try await readByPageNumber(collection, from: window, pageSize: pageSize, query: extra, into: &read)
        switch fixed {
        case .complete:
            break
        case .uncounted(let next):
            try await readByMovingWindow(collection, from: next, pageSize: pageSize, query: extra, into: &read)
        case .short(let found, let expected):
            let note =
                "Xero \(collection.path): \(found) of \(expected) records read by page number (records changed "
                + "during the read); reading the window again by UpdatedDateUTC"
            logger.info("\(note)")
            // The window is read again whole, so what the pages gave is dropped: the new pass
            // then tells a server repeating itself from records it has already read.
            read = PagedRecords(idKey: collection.idKey, newest: cursor, pages: read.pages)
            try await readByMovingWindow(
                collection, from: WindowPosition(modifiedSince: window, page: 1), pageSize: pageSize, query: extra,
                into: &read)
        }
        let elements = read.elements
        let document = JSONValue.object(JSONObject([collection.arrayKey: .array(elements)]))
        return XeroPagedRead(document: document, records: elements.count, cursor: read.newest, pages: read.pages)
    }

    /// How a read by page number inside a fixed window ended.
    private enum FixedWindowRead {
        /// Every record of the window was read: the distinct records match Xero's count.
        case complete
        /// Xero sent no `pagination` to count by: the read goes on by moving window from here.
        case uncounted(next: WindowPosition)
        /// Fewer distinct records than Xero's count: some were shifted past a page boundary.
        case short(read: Int, expected: Int)
    }

    /// A request's place in a read: its `If-Modified-Since` and page number.
    private struct WindowPosition {
        var modifiedSince: Date?
        var page: Int
    }

    private func readByPageNumber(
        _ collection: XeroCollection, from window: Date?, pageSize: Int, query: [(String, String)],
        into read: inout PagedRecords
    ) async throws(XeroError) -> FixedWindowRead {
        var page = 1
        while true {
            let (wrapper, source) = try await readPage(
                collection, at: WindowPosition(modifiedSince: window, page: page), pageSize: pageSize, query: query,
                into: &read)
            let added = read.add(wrapper.elements)
            guard let paging = wrapper.paging, let expected = paging.totalCount else {
                if Self.isLastPage(wrapper, pageSize: pageSize) { return .complete }
                return .uncounted(
                    next: Self.nextPosition(
                        after: added.lastUpdated, at: WindowPosition(modifiedSince: window, page: page)))
            }
            if Self.isLastPage(wrapper, pageSize: pageSize) {
                return read.count >= expected ? .complete : .short(read: read.count, expected: expected)
            }
            if page > 1, added.new == 0 { throw Self.repeatedPage(source) }
            page += 1
        }
    }

    private func readByMovingWindow(
        _ collection: XeroCollection, from start: WindowPosition, pageSize: Int, query: [(String, String)],
        into read: inout PagedRecords
    ) async throws(XeroError) {
        var position = start
        while true {
            let (wrapper, source) = try await readPage(
                collection, at: position, pageSize: pageSize, query: query, into: &read)
            let added = read.add(wrapper.elements)
            if Self.isLastPage(wrapper, pageSize: pageSize) { return }
            // A full page with nothing new after the first means the server is not paging (it
            // answers every page with the same records): reading on would never end.
            if position.page > 1, added.new == 0 { throw Self.repeatedPage(source) }
            position = Self.nextPosition(after: added.lastUpdated, at: position)
        }
    }

    /// One page, parsed, with the name it is reported under.
    private func readPage(
        _ collection: XeroCollection, at position: WindowPosition, pageSize: Int, query: [(String, String)],
        into read: inout PagedRecords
    ) async throws(XeroError) -> (XeroBody, String) {
        let query =
            query + [("order", "UpdatedDateUTC ASC"), ("page", String(position.page)), ("pageSize", String(pageSize))]
        let result = try await send("GET", collection.path, query: query, ifModifiedSince: position.modifiedSince)
        read.pages += 1
        RunProgress.report("Xero \(collection.path)", done: read.pages, unit: "pages")
        let source = "GET \(collection.path) page \(position.page)"
        do {
            return (try XeroBody(result.body, source: source, arrayKey: collection.arrayKey), source)
        } catch {
            throw .badResponse(error.description)
        }
    }

    /// Whether `wrapper` is the last page: short of a full page, or the last by Xero's count.
    private static func isLastPage(_ wrapper: XeroBody, pageSize: Int) -> Bool {
        let effectiveSize = wrapper.paging?.pageSize ?? pageSize
        if wrapper.elements.count < max(1, effectiveSize) { return true }
        guard let current = wrapper.paging?.page, let count = wrapper.paging?.pageCount else { return false }
        return current >= count
    }

    /// After a full page: from its last `UpdatedDateUTC` less one second (page 1) when that moves
    /// the window on, otherwise the next page of the same window.
    private static func nextPosition(after lastUpdated: Date?, at position: WindowPosition) -> WindowPosition {
        if let lastUpdated {
            let next = Date(timeIntervalSince1970: lastUpdated.timeIntervalSince1970.rounded(.down) - 1)
            if position.modifiedSince.map({ next > $0 }) ?? true { return WindowPosition(modifiedSince: next, page: 1) }
        }
        return WindowPosition(modifiedSince: position.modifiedSince, page: position.page + 1)
    }

    private static func repeatedPage(_ source: String) -> XeroError {
        .badResponse("\(source) repeated records already read; Xero's paging cannot be trusted, so the read stops")
    }

    /// Reads an unpaged endpoint (`/Items`, `/Accounts`, `/Organisation`) in one call.
    public func readWhole(_ path: String, query: [(String, String)] = []) async throws(XeroError) -> [UInt8] {
        try await send("GET", path, query: query).body
    }

    static func updatedDate(_ object: JSONObject) -> Date? {
        guard let text = object.text("UpdatedDateUTC") else { return nil }
        return try? XeroDate(parsing: text).instant
    }
}

/// The records of one collection read so far, each once (its latest copy), in the order first seen.
private struct PagedRecords {
    let idKey: String
    private var order: [String] = []
    private var latest: [String: (value: JSONValue, updated: Date?)] = [:]
    /// Records without an id, kept as they came.
    private var anonymous: [JSONValue] = []
    /// The latest `UpdatedDateUTC` read, or the cursor the read started from.
    private(set) var newest: Date?
    var pages = 0

    init(idKey: String, newest: Date?, pages: Int = 0) {
        self.idKey = idKey
        self.newest = newest
        self.pages = pages
    }

    /// Distinct records read.
    var count: Int { order.count + anonymous.count }

    var elements: [JSONValue] { order.compactMap { latest[$0]?.value } + anonymous }

    /// Adds one page's records: the page's last `UpdatedDateUTC`, and how many records it held
    /// that had not been read before.
    mutating func add(_ elements: [JSONValue]) -> (lastUpdated: Date?, new: Int) {
        var lastUpdated: Date?
        let knownBefore = order.count
        for element in elements {
            guard case .object(let object) = element else {
                anonymous.append(element)
                continue
            }
            let updated = XeroClient.updatedDate(object)
            if let updated {
                lastUpdated = updated
                if newest.map({ updated > $0 }) ?? true { newest = updated }
            }
            guard let id = object.text(idKey), !id.isEmpty else {
                anonymous.append(element)
                continue
            }
            if let seen = latest[id] {
                if let updated, seen.updated.map({ updated >= $0 }) ?? true { latest[id] = (element, updated) }
            } else {
                order.append(id)
                latest[id] = (element, updated)
            }
        }
        return (lastUpdated, order.count - knownBefore)
    }
}
