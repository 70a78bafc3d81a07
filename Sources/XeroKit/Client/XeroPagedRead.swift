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
    /// `page` and `pageSize`. The window moves forward by the records' own `UpdatedDateUTC`: after a
    /// full page, the next request asks from the page's last `UpdatedDateUTC` less one second (page 1)
    /// rather than for page 2, so a record edited during the read, which moves to the end of the
    /// order, cannot shift another record past a page boundary unseen. Records seen twice are kept
    /// once. Only when every page has been read is a new cursor returned.
    public func readChanged(
        _ collection: XeroCollection, since cursor: Date?, overlap: Duration = .seconds(300), pageSize: Int = 1000,
        query extra: [(String, String)] = []
    ) async throws(XeroError) -> XeroPagedRead {
        let overlapSeconds = TimeInterval(overlap.components.seconds)
        var modifiedSince = cursor.map { $0.addingTimeInterval(-overlapSeconds) }
        var page = 1
        var pages = 0
        var order: [String] = []
        var latest: [String: (value: JSONValue, updated: Date?)] = [:]
        var anonymous: [JSONValue] = []
        var newest = cursor
        while true {
            let query =
                extra + [("order", "UpdatedDateUTC ASC"), ("page", String(page)), ("pageSize", String(pageSize))]
            let result = try await send("GET", collection.path, query: query, ifModifiedSince: modifiedSince)
            pages += 1
            RunProgress.report("Xero \(collection.path)", done: pages, unit: "pages")
            let source = "GET \(collection.path) page \(page)"
            let wrapper: XeroBody
            do {
                wrapper = try XeroBody(result.body, source: source, arrayKey: collection.arrayKey)
            } catch {
                throw .badResponse(error.description)
            }
            var lastUpdated: Date?
            let knownBefore = order.count
            for element in wrapper.elements {
                guard case .object(let object) = element else {
                    anonymous.append(element)
                    continue
                }
                let updated = Self.updatedDate(object)
                if let updated {
                    lastUpdated = updated
                    if newest.map({ updated > $0 }) ?? true { newest = updated }
                }
                guard let id = object.text(collection.idKey), !id.isEmpty else {
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
            let effectiveSize = wrapper.paging?.pageSize ?? pageSize
            let lastPage =
                wrapper.paging.map { paging in
                    guard let current = paging.page, let count = paging.pageCount else { return false }
                    return current >= count
                } ?? false
            if wrapper.elements.count < max(1, effectiveSize) || lastPage { break }
            // A full page with nothing new after the first means the server is not paging (it
            // answers every page with the same records): reading on would never end.
            if page > 1, order.count == knownBefore {
                throw .badResponse(
                    "\(source) repeated records already read; Xero's paging cannot be trusted, so the read stops")
            }
            if let lastUpdated {
                let next = Date(timeIntervalSince1970: lastUpdated.timeIntervalSince1970.rounded(.down) - 1)
                if modifiedSince.map({ next > $0 }) ?? true {
                    modifiedSince = next
                    page = 1
                    continue
                }
            }
            page += 1
        }
        var elements = order.compactMap { latest[$0]?.value }
        elements += anonymous
        let document = JSONValue.object(JSONObject([collection.arrayKey: .array(elements)]))
        return XeroPagedRead(document: document, records: elements.count, cursor: newest, pages: pages)
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
