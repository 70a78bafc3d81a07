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

    enum Failure: Error {
        case badRequest(SandboxResponse)
    }

    init(_ request: SandboxRequest, resource: XeroResource) throws(Failure) {
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

    /// The records that pass the filters, in order.
    func select(_ records: [JSONObject], resource: XeroResource) -> [JSONObject] {
        var selected = records.filter { record in
            if let since, (XeroJSON.instant(record["UpdatedDateUTC"]) ?? .distantPast) < since { return false }
            if let ids, !ids.contains((record.text(resource.idField) ?? "").lowercased()) { return false }
            if let invoiceNumbers, !invoiceNumbers.contains(record.text("InvoiceNumber") ?? "") { return false }
            if let contactIDs,
                !contactIDs.contains((record.object("Contact")?.text("ContactID") ?? "").lowercased())
            {
                return false
            }
            if let statuses, !statuses.contains(record.text("Status") ?? "") { return false }
            if let filter, !filter.matches(record) { return false }
            return true
        }
        if !order.isEmpty {
            // Stable: records that compare equal keep the order they were made in.
            selected = selected.enumerated().sorted { lhs, rhs in
                for key in order {
                    let result = Self.orderOf(lhs.element.value(atPath: key.path), rhs.element.value(atPath: key.path))
                    if result == .orderedSame { continue }
                    return key.descending ? result == .orderedDescending : result == .orderedAscending
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
        }
        return selected
    }

    /// One page of the selection and where it sits.
    func paginate(_ records: [JSONObject]) -> ([JSONObject], XeroPage) {
        let pageCount = (records.count + pageSize - 1) / pageSize
        let start = min(records.count, (page - 1) * pageSize)
        let end = min(records.count, start + pageSize)
        return (
            Array(records[start..<end]),
            XeroPage(page: page, pageSize: pageSize, pageCount: pageCount, itemCount: records.count)
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
    private static func orderOf(_ left: JSONValue?, _ right: JSONValue?) -> ComparisonResult {
        let a = left ?? .null
        let b = right ?? .null
        switch (a, b) {
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedAscending
        case (_, .null): return .orderedDescending
        default: return XeroWhere.jsonOrder(a, b) ?? .orderedSame
        }
    }
}
