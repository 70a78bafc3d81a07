public import TrueUpCore
public import TrueUpStore

/// Corrections in report order (by planning run, then id), a page at a time, so that the audit
/// trail of a busy month is never held in memory whole.
public protocol CorrectionRowSource: Sendable {
    /// The rows after `key` (from the first when `nil`), at most `limit` of them.
    func corrections(after key: CorrectionReportRow.Key?, limit: Int) async throws -> [CorrectionReportRow]
}

/// A pair's corrections of one period as the state's two outboxes hold them.
public struct StoredCorrectionRows: CorrectionRowSource {
    public let store: StateStore
    public let pair: String
    public let period: Period

    public init(store: StateStore, pair: String, period: Period) {
        self.store = store
        self.pair = pair
        self.period = period
    }

    public func corrections(after key: CorrectionReportRow.Key?, limit: Int) async throws -> [CorrectionReportRow] {
        try await store.correctionReportRows(pair: pair, period: period, after: key, limit: limit)
    }
}

/// Corrections held in memory: a bundle written without an outbox (``CorrectionRowList/empty``),
/// or a test's rows. They are put in report order whatever order they are given in.
public struct CorrectionRowList: CorrectionRowSource {
    /// No corrections: `corrections.csv` gets its header row only.
    public static let empty = CorrectionRowList([])

    public let rows: [CorrectionReportRow]

    public init(_ rows: [CorrectionReportRow]) {
        self.rows = rows.sorted { $0.key < $1.key }
    }

    public func corrections(after key: CorrectionReportRow.Key?, limit: Int) async throws -> [CorrectionReportRow] {
        let start = key.map { key in rows.firstIndex { key < $0.key } ?? rows.endIndex } ?? rows.startIndex
        return Array(rows[start...].prefix(limit))
    }
}
