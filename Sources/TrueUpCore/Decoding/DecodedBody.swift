/// What one API response body held: the records that could be read, and a problem for every
/// record that could not, attributed to what it makes uncertain. No record is dropped silently.
public struct DecodedBody<Record: Sendable>: Sendable {
    public var records: [Record]
    public var problems: [InputProblem]
    /// What the body said about paging, where it said anything.
    public var paging: Paging?

    public init(records: [Record], problems: [InputProblem] = [], paging: Paging? = nil) {
        self.records = records
        self.problems = problems
        self.paging = paging
    }
}

extension DecodedBody: Equatable where Record: Equatable {}
extension DecodedBody: Hashable where Record: Hashable {}

/// A paged response's position: Xero's `pagination {page, pageSize, pageCount, itemCount}`, or
/// Magento's `total_count` with the `search_criteria` page.
public struct Paging: Sendable, Hashable {
    public var page: Int?
    public var pageSize: Int?
    public var pageCount: Int?
    /// Records across all pages (Xero `itemCount`, Magento `total_count`).
    public var totalCount: Int?

    public init(page: Int? = nil, pageSize: Int? = nil, pageCount: Int? = nil, totalCount: Int? = nil) {
        self.page = page
        self.pageSize = pageSize
        self.pageCount = pageCount
        self.totalCount = totalCount
    }

    /// Whether a later page exists. Magento answers a page past the end with the last page again,
    /// so its paging stops on the total, never on a short or repeated page.
    public var hasNextPage: Bool {
        if let page, let pageCount { return page < pageCount }
        if let page, let pageSize, let totalCount { return page * pageSize < totalCount }
        return false
    }
}
