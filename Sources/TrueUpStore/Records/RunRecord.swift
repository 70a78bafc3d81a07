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
    /// The job the run was part of (`nightly`, `intraday`), when a job ran it.
    public var job: String?
    /// The ``LeaseHolder/id`` of the process that ran it, when it held the pair's lease.
    public var holder: String?

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
        job = row["job"]
        holder = row["holder"]
    }
}

/// How a stage of a run ended.
public enum RunStageStatus: String, Sendable, Codable, CaseIterable {
    case ok, failed, skipped, partial
}

/// One stage of a run (DESIGN §1: lock, fetch, snapshot, reconcile, plan, apply, advance, report):
/// when it ran, how it ended and what it counted.
public struct RunStageRecord: Sendable, Hashable {
    public var runID: Int64
    /// The stage's place in the run, from 1.
    public var seq: Int
    public var stage: String
    public var startedAt: Date?
    public var finishedAt: Date?
    public var status: RunStageStatus
    public var counts: [String: Int]
    public var note: String?

    public init(
        runID: Int64, seq: Int, stage: String, startedAt: Date?, finishedAt: Date?, status: RunStageStatus,
        counts: [String: Int], note: String?
    ) {
        self.runID = runID
        self.seq = seq
        self.stage = stage
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.counts = counts
        self.note = note
    }

    init(row: Row) {
        runID = row["run_id"]
        seq = row["seq"]
        stage = row["stage"]
        startedAt = (row["started_at"] as String?).flatMap(StoreTime.date)
        finishedAt = (row["finished_at"] as String?).flatMap(StoreTime.date)
        status = RunStageStatus(rawValue: row["status"]) ?? .failed
        let countsText: String = row["counts"]
        counts = (try? JSONDecoder().decode([String: Int].self, from: Data(countsText.utf8))) ?? [:]
        note = row["note"]
    }
}
