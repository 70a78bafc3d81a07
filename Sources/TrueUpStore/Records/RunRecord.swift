public import Foundation
import GRDB
public import TrueUpCore

/// How a run ended.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, ok, failed, partial
}

/// One run of a pair: a plan, a nightly or an intraday job.
public struct RunRecord: Sendable, Hashable {
    public var id: Int64
    public var pair: String
    /// `plan`, `nightly`, `intraday`.
    public var kind: String
    /// Where the data came from: `fixtures:<folder>` or `live`.
    public var source: String
    /// The run's clock: what "now" was for it.
    public var asOf: Date
    public var period: Period
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: RunStatus
    public var exitCode: Int32?
    public var counts: [String: Int]
    public var error: String?

    init(row: Row) throws {
        id = row["id"]
        pair = row["pair"]
        kind = row["kind"]
        source = row["source"]
        asOf = StoreTime.date(row["as_of"] as String) ?? Date(timeIntervalSince1970: 0)
        period = try Period(parsing: row["period"] as String)
        startedAt = StoreTime.date(row["started_at"] as String) ?? Date(timeIntervalSince1970: 0)
        finishedAt = (row["finished_at"] as String?).flatMap(StoreTime.date)
        status = RunStatus(rawValue: row["status"]) ?? .failed
        exitCode = row["exit_code"]
        let countsText: String = row["counts"]
        counts = (try? JSONDecoder().decode([String: Int].self, from: Data(countsText.utf8))) ?? [:]
        error = row["error"]
    }
}
