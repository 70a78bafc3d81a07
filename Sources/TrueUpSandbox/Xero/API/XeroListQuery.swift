import Foundation
import TrueUpCore

/// The filters, ordering and paging of a `GET` on a collection, read from the request:
///
/// - `If-Modified-Since` (UTC `yyyy-MM-ddTHH:mm:ss`, or with `Z`/an offset): records whose
///   `UpdatedDateUTC` is at or after it (Xero is accurate to the second);
/// - `IDs` (comma list of ids), and on Invoices `InvoiceNumbers`, `ContactIDs`, `Statuses`;
/// - `where` (see ``XeroWhere``);
/// - `order` (`UpdatedDateUTC ASC`, `Name DESC`, a comma list; ascending by default; ties keep
///   the order records were made in);
/// - `page` (from 1; absent means 1) and `pageSize` (default 100, at most 1000) on paged resources.
///
/// A header or parameter the sandbox cannot read is a 400 naming it, so that a client's bad
/// query fails in tests rather than quietly returning everything.
struct XeroListQuery {
    static let defaultPageSize = 100
    static let maximumPageSize = 1000

    var since: Date?
    var ids: Set<String>?
    var invoiceNumbers: Set<String>?
    var contactIDs: Set<String>?
    var statuses: Set<String>?
    var filter: XeroWhere?
    var order: [(path: [String], descending: Bool)] = []
    var page = 1
    var pageSize = defaultPageSize
    /// The request's filters and order as sent: what decides which records a page is cut from.
    let selection: Selection

    /// What a list request asks for besides its page: two requests with the same selection
    /// select the same records in the same order.
    struct Selection: Hashable {
        var parts: [String?]
    }

    enum Failure: Error {
        case badRequest(SandboxResponse)
    }

    init(_ request: SandboxRequest, resource: XeroResource) throws(Failure) {
        selection = Selection(
            parts: [request.header("if-modified-since")]
                + ["IDs", "InvoiceNumbers", "ContactIDs", "Statuses", "where", "order"].map(request.queryValue))
        if let header = request.header("if-modified-since") {
            guard let date = Self.parseSince(header) else {
                throw .badRequest(
                    XeroResponses.badRequest(
                        .validation,
                        "If-Modified-Since \"\(header)\" is not a UTC date and time such as 2026-11-20T10:15:00"))
            }
            since = date
        }
        ids = Self.list(request.queryValue("IDs"), lowercased: true)
        if resource == .invoices {
            invoiceNumbers = Self.list(request.queryValue("InvoiceNumbers"), lowercased: false)
            contactIDs = Self.list(request.queryValue("ContactIDs"), lowercased: true)
            statuses = Self.list(request.queryValue("Statuses"), lowercased: false).map {
                Set($0.map { $0.uppercased() })
            }
        }
        if let text = request.queryValue("where"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                filter = try XeroWhere.parse(text)
            } catch {
                throw .badRequest(XeroResponses.badRequest(.queryParse, error.description))
            }
        }
        if let text = request.queryValue("order"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            order = try Self.parseOrder(text)
        }
        if resource.paged {
            page = max(1, try Self.integer(request.queryValue("page"), name: "page") ?? 1)
            let size = try Self.integer(request.queryValue("pageSize"), name: "pageSize") ?? Self.defaultPageSize
            pageSize = min(Self.maximumPageSize, max(1, size))
        }
    }

    /// The positions of the records that pass the filters, in order.
    func select(_ collection: XeroCollection, resource: XeroResource) -> [Int] {
        let records = collection.records
        // The order paged reads ask for walks the collection's index from `since` on; any other
        // goes through every record and sorts what passes.
        let walk: ArraySlice<Int>
        var ordered = false
        if ordersByUpdated, let index = collection.byUpdated {
            var low = 0
            var high = index.count
            if let since {
                while low < high {
                    let middle = (low + high) / 2
                    if collection.updated[index[middle]] < since { low = middle + 1 } else { high = middle }
                }
            }
            walk = index[low...]
            ordered = true
        } else {
            walk = Array(records.indices)[...]
        }
        var selected: [Int] = []
        for index in walk {
            let record = records[index]
            if let since, collection.updated[index] < since { continue }
            if let ids, !ids.contains((record.text(resource.idField) ?? "").lowercased()) { continue }
            if let invoiceNumbers, !invoiceNumbers.contains(record.text("InvoiceNumber") ?? "") { continue }
            if let contactIDs,
                !contactIDs.contains((record.object("Contact")?.text("ContactID") ?? "").lowercased())
            {
                continue
            }
            if let statuses, !statuses.contains(record.text("Status") ?? "") { continue }
            if let filter, !filter.matches(record) { continue }
            selected.append(index)
        }
        if !order.isEmpty, !ordered {
            // Each record's sort keys are read once, not on every comparison. Stable: records
            // that compare equal keep the order they were made in.
            let keys: [[SortKey]] = selected.map { index in
                order.map { SortKey(records[index].value(atPath: $0.path)) }
            }
            let positions = keys.indices.sorted { lhs, rhs in
                for (place, key) in order.enumerated() {
                    let result = keys[lhs][place].compare(keys[rhs][place])
                    if result == .orderedSame { continue }
                    return key.descending ? result == .orderedDescending : result == .orderedAscending
                }
                return lhs < rhs
            }
            selected = positions.map { selected[$0] }
        }
        return selected
    }

    /// Whether the order asked for is `UpdatedDateUTC ASC` alone, which the collection's index gives.
    var ordersByUpdated: Bool {
        order.count == 1 && order[0].path == ["UpdatedDateUTC"] && !order[0].descending
    }

    /// One page of the selection and where it sits.
    func paginate(_ selected: [Int]) -> (ArraySlice<Int>, XeroPage) {
        let pageCount = (selected.count + pageSize - 1) / pageSize
        let start = min(selected.count, (page - 1) * pageSize)
        let end = min(selected.count, start + pageSize)
        return (
            selected[start..<end],
            XeroPage(page: page, pageSize: pageSize, pageCount: pageCount, itemCount: selected.count)
        )
    }

    /// `2026-11-20T10:15:00` (UTC), also with fractional seconds, `Z` or an offset.
    static func parseSince(_ text: String) -> Date? {
        ISOTimestamp.parse(text.trimmingCharacters(in: .whitespaces))
    }

    private static func list(_ text: String?, lowercased: Bool) -> Set<String>? {
        guard let text, !text.isEmpty else { return nil }
        let values = text.split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\"")))
        }
        return Set(values.filter { !$0.isEmpty }.map { lowercased ? $0.lowercased() : $0 })
    }

    private static func integer(_ text: String?, name: String) throws(Failure) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .badRequest(XeroResponses.badRequest(.validation, "\(name) \"\(text)\" is not a whole number"))
        }
        return value
    }

    private static func parseOrder(_ text: String) throws(Failure) -> [(path: [String], descending: Bool)] {
        var keys: [(path: [String], descending: Bool)] = []
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ", omittingEmptySubsequences: true)
            guard let field = words.first, words.count <= 2,
                field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" })
            else {
                throw .badRequest(
                    XeroResponses.badRequest(
                        .queryParse, "The order \"\(text)\" could not be parsed: use Field ASC or Field DESC"))
            }
            var descending = false
            if words.count == 2 {
                switch words[1].uppercased() {
                case "ASC": descending = false
                case "DESC": descending = true
                default:
                    throw .badRequest(
                        XeroResponses.badRequest(.queryParse, "The order direction \"\(words[1])\" must be ASC or DESC")
                    )
                }
            }
            keys.append((field.split(separator: ".").map(String.init), descending))
        }
        return keys
    }

    /// Missing values sort first; otherwise as ``XeroWhere`` compares (dates as instants, numbers
    /// exactly, text case-insensitively).
    /// A value to order by, with `/Date(…)/` read once rather than on every comparison.
    private enum SortKey {
        case null
        case date(Date)
        case value(JSONValue)

        init(_ value: JSONValue?) {
            switch value ?? .null {
            case .null: self = .null
            case .string(let text) where text.hasPrefix("/Date("):
                if let date = try? XeroDate(parsing: text) {
                    self = .date(date.instant)
                } else {
                    self = .value(.string(text))
                }
            case let other: self = .value(other)
            }
        }

        /// Nulls first; otherwise as `XeroWhere` orders values, equal when it cannot say.
        func compare(_ other: SortKey) -> ComparisonResult {
            switch (self, other) {
            case (.null, .null): .orderedSame
            case (.null, _): .orderedAscending
            case (_, .null): .orderedDescending
            case (.date(let a), .date(let b)): a.compare(b)
            case (.value(let a), .value(let b)): XeroWhere.jsonOrder(a, b) ?? .orderedSame
            case (.date(let a), .value(let b)): XeroWhere.jsonOrder(.string(XeroJSON.date(a)), b) ?? .orderedSame
            case (.value(let a), .date(let b)): XeroWhere.jsonOrder(a, .string(XeroJSON.date(b))) ?? .orderedSame
            }
        }
    }
}
