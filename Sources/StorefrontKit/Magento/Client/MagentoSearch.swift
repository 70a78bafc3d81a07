public import Foundation
public import TrueUpCore

/// One Magento search (`GET /V1/orders`, `/V1/inventory/source-items`, …): at most one filter,
/// a sort on a unique key, and the page size. The query names are the spec's:
/// `searchCriteria[filterGroups][0][filters][0][field|value|conditionType]`,
/// `searchCriteria[sortOrders][0][field|direction]`, `searchCriteria[pageSize]` and
/// `searchCriteria[currentPage]` (1-based).
public struct MagentoSearch: Sendable, Hashable {
    /// `field condition value`: `updated_at gteq 2026-11-20 08:00:00`, `source_code eq default`.
    public struct Filter: Sendable, Hashable {
        public var field: String
        public var value: String
        /// `eq`, `gteq`, `in` (a comma-separated value), …
        public var condition: String

        public init(field: String, value: String, condition: String) {
            self.field = field
            self.value = value
            self.condition = condition
        }

        /// `field gteq <instant>`, the instant in Magento's UTC `YYYY-MM-DD HH:MM:SS`.
        public static func since(_ field: String, _ instant: Date) -> Filter {
            Filter(field: field, value: MagentoSearch.timestamp(instant), condition: "gteq")
        }
    }

    /// Below `/V1`: `/orders`.
    public var path: String
    public var filter: Filter?
    /// A field whose values are unique in the result (`entity_id`), sorted ascending: Magento's
    /// pages are only stable under such an order.
    public var sortField: String
    public var pageSize: Int

    public init(path: String, filter: Filter? = nil, sortField: String, pageSize: Int) {
        self.path = path
        self.filter = filter
        self.sortField = sortField
        self.pageSize = max(1, pageSize)
    }

    /// The query for page `page` (1-based), in the order Magento's documentation writes it.
    public func query(page: Int) -> [(String, String)] {
        var query: [(String, String)] = []
        if let filter {
            let prefix = "searchCriteria[filterGroups][0][filters][0]"
            query += [
                ("\(prefix)[field]", filter.field), ("\(prefix)[value]", filter.value),
                ("\(prefix)[conditionType]", filter.condition),
            ]
        }
        query += [
            ("searchCriteria[sortOrders][0][field]", sortField), ("searchCriteria[sortOrders][0][direction]", "ASC"),
            ("searchCriteria[pageSize]", String(pageSize)), ("searchCriteria[currentPage]", String(page)),
        ]
        return query
    }

    /// `2026-11-20 08:00:00`: UTC to the second, as Magento stores and compares its timestamps.
    public static func timestamp(_ instant: Date) -> String {
        let iso = ISOTimestamp.format(instant)
        return String(iso.dropLast().replacingOccurrences(of: "T", with: " "))
    }
}

/// Every record a search found, gathered from all its pages.
public struct MagentoSearchRead: Sendable {
    /// The distinct records read: in the order read, each exact copy once.
    public var elements: [JSONValue]
    /// `total_count` as the last page gave it.
    public var totalCount: Int
    /// Pages fetched.
    public var pages: Int
    /// The fewest requests the search could have taken: one per full or partial page, at least one.
    public var lowerBound: Int

    /// The records as one search result (`{"items": [...], "total_count": N}`) for the endpoint's
    /// decoder.
    public var document: JSONValue { MagentoSearchResult.document(elements) }

    /// ``document`` as the endpoint's decoders read a body, without writing it out and parsing it.
    func result(source: String) throws(BodyError) -> MagentoSearchResult {
        try MagentoSearchResult(document: document, source: source)
    }

    /// The latest timestamp in member `key` of the records (`updated_at`), or `nil` when none
    /// has a readable one.
    public func newest(_ key: String) -> Date? {
        var newest: Date?
        for case .object(let object) in elements {
            guard let text = object.text(key), let date = ISOTimestamp.parse(text) else { continue }
            if newest.map({ date > $0 }) ?? true { newest = date }
        }
        return newest
    }
}

extension MagentoClient {
    /// The most records a read makes room for before it has them, whatever `total_count` says.
    static let reservedRecords = 1_000_000

    /// Reads every page of `search`.
    ///
    /// Magento answers a page past the end with the last page again, so the pages read are those
    /// `total_count` calls for (taken from the latest page, as records may arrive while the read
    /// runs), never decided by a short, empty or repeated page. A record met twice (an exact copy,
    /// as when a new record shifts a later page by one) is kept once; the decoder settles copies
    /// that differ. A page within the total that brings nothing new means the shop is not
    /// paging, and ends the read with an error rather than a loop.
    public func search(_ search: MagentoSearch) async throws(MagentoError) -> MagentoSearchRead {
        var elements: [JSONValue] = []
        var seen: Set<JSONExactCopy> = []
        var page = 1
        var totalCount = 0
        while true {
            let result = try await send("GET", search.path, query: search.query(page: page))
            let source = "GET /V1\(search.path) page \(page)"
            let parsed: MagentoSearchResult
            do {
                parsed = try MagentoSearchResult(result.body, source: source)
            } catch {
                throw MagentoError(
                    .badResponse, status: result.status,
                    "Magento sent a response that cannot be read: \(error.description)")
            }
            guard let total = parsed.paging.totalCount else {
                throw MagentoError(
                    .badResponse, status: result.status,
                    "\(source) has no total_count, so where the records end cannot be known; the read stops")
            }
            totalCount = total
            if page == 1 {
                // Room for every record the shop says there are, up to a bound a wrong count cannot push past.
                let expected = min(total, Self.reservedRecords)
                elements.reserveCapacity(expected)
                seen.reserveCapacity(expected)
            }
            let pageSize = parsed.paging.pageSize.flatMap { $0 > 0 ? $0 : nil } ?? search.pageSize
            let pageCount = max(1, (total + pageSize - 1) / pageSize)
            var added = 0
            for element in parsed.elements where seen.insert(JSONExactCopy(element)).inserted {
                elements.append(element)
                added += 1
            }
            if page >= pageCount { break }
            if page > 1, added == 0 {
                throw MagentoError(
                    .badResponse, status: result.status,
                    "\(source) repeated records already read although total_count (\(total)) says more follow; "
                        + "the shop's paging cannot be trusted, so the read stops")
            }
            page += 1
        }
        return MagentoSearchRead(
            elements: elements, totalCount: totalCount, pages: page,
            lowerBound: max(1, (totalCount + search.pageSize - 1) / search.pageSize))
    }
}
