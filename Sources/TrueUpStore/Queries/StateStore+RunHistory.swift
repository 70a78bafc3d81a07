public import Foundation
import GRDB
public import TrueUpCore

extension StateStore {
    /// Records one stage of a run, after the run's earlier stages.
    ///
    /// - Returns: the stage's place in the run, from 1.
    @discardableResult
    public func recordStage(
        run: Int64, stage: String, startedAt: Date?, finishedAt: Date?, status: RunStageStatus,
        counts: [String: Int] = [:], note: String? = nil
    ) async throws(TrueUpError) -> Int {
        let countsText = Self.json(counts)
        return try await write { db in
            let seq =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM run_stage WHERE run_id = ?", arguments: [run]) ?? 1
            try db.execute(
                sql: """
                    INSERT INTO run_stage (run_id, seq, stage, started_at, finished_at, status, counts, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run, seq, stage, startedAt.map(StoreTime.text), finishedAt.map(StoreTime.text), status.rawValue,
                    countsText, note,
                ])
            return seq
        }
    }

    /// A run's stages, in the order they ran.
    public func stages(run: Int64) async throws(TrueUpError) -> [RunStageRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run_stage WHERE run_id = ? ORDER BY seq", arguments: [run])
                .map(RunStageRecord.init)
        }
    }

    /// Runs of one pair (or every pair), newest first, at most `limit`; only those of `kind`
    /// (`plan`, `run`, `apply`) and of `job` (`nightly`, `intraday`) when given.
    public func runs(
        pair: String?, limit: Int, kind: String? = nil, job: String? = nil
    ) async throws(TrueUpError) -> [RunRecord] {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            for (column, value) in [("pair", pair), ("kind", kind), ("job", job)] {
                guard let value else { continue }
                conditions.append("\(column) = ?")
                arguments += [value]
            }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(0, limit)]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM run\(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments
            ).map(RunRecord.init)
        }
    }

    /// Records the job a run is part of and the ``LeaseHolder/id`` of the process running it.
    public func setRunJob(run: Int64, job: String?, holder: String?) async throws(TrueUpError) {
        try await write { db in
            try db.execute(sql: "UPDATE run SET job = ?, holder = ? WHERE id = ?", arguments: [job, holder, run])
            guard db.changesCount > 0 else { throw TrueUpError.notFound("there is no run \(run)") }
        }
    }

    /// What became of the corrections a run planned, by outbox and state: keys `inventory.xero`,
    /// `inventory.store` (stock corrections by side) and `payments`, each to counts by state
    /// (`planned`, `sent`, `acknowledged`, `failed`, `rejected`, `superseded`). An outbox with
    /// nothing from the run is left out.
    public func correctionStates(run: Int64) async throws(TrueUpError) -> [String: [String: Int]] {
        try await read { db in
            try Self.correctionStates(in: db, condition: "run_id = ?", arguments: [run])
        }
    }

    /// The pair's live corrections (planned, sent or failed), whichever run planned them, by
    /// outbox and state, keyed as in ``correctionStates(run:)``.
    public func correctionStates(pair: String) async throws(TrueUpError) -> [String: [String: Int]] {
        try await read { db in
            try Self.correctionStates(
                in: db, condition: "pair = ? AND state IN ('planned', 'sent', 'failed')", arguments: [pair])
        }
    }

    private static func correctionStates(
        in db: Database, condition: String, arguments: StatementArguments
    ) throws -> [String: [String: Int]] {
        var states: [String: [String: Int]] = [:]
        let inventory = try Row.fetchAll(
            db,
            sql: "SELECT side, state, COUNT(*) AS n FROM correction WHERE \(condition) GROUP BY side, state",
            arguments: arguments)
        for row in inventory {
            let side: String = row["side"]
            states["inventory.\(side)", default: [:]][row["state"]] = row["n"]
        }
        let payments = try Row.fetchAll(
            db,
            sql: "SELECT state, COUNT(*) AS n FROM payment_correction WHERE \(condition) GROUP BY state",
            arguments: arguments)
        for row in payments {
            states["payments", default: [:]][row["state"]] = row["n"]
        }
        return states
    }
}
