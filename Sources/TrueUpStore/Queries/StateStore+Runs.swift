public import Foundation
import GRDB
public import TrueUpCore

extension StateStore {
    /// Records the start of a run (creating the pair on first use) and returns its id.
    public func beginRun(
        pair: String, kind: String, source: String, asOf: Date, period: Period, settings: String, at now: Date
    ) async throws(TrueUpError) -> Int64 {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO pair (name, settings, created_at, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
                    """, arguments: [pair, settings, StoreTime.text(now), StoreTime.text(now)])
            try db.execute(
                sql: """
                    INSERT INTO run (pair, kind, source, as_of, period, started_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, 'running')
                    """,
                arguments: [pair, kind, source, StoreTime.text(asOf), period.description, StoreTime.text(now)])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended.
    public func finishRun(
        _ id: Int64, status: RunStatus, exitCode: Int32, counts: [String: Int], error: String?, at now: Date
    ) async throws(TrueUpError) {
        let countsText = Self.json(counts)
        try await write { db in
            try db.execute(
                sql: "UPDATE run SET status = ?, exit_code = ?, counts = ?, error = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, exitCode, countsText, error, StoreTime.text(now), id])
        }
    }

    public func run(_ id: Int64) async throws(TrueUpError) -> RunRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(RunRecord.init)
        }
    }

    /// The latest run that wrote a plan, for a pair (or any pair) and a period (or any period): what
    /// reports and the close pack are written from. An intraday run reconciles stock only, so the
    /// latest other run (a nightly, or a plan) wins when the period has one.
    public func latestPlannedRun(pair: String?, period: Period?) async throws(TrueUpError) -> RunRecord? {
        try await read { db in
            var conditions = ["EXISTS (SELECT 1 FROM plan_row WHERE plan_row.run_id = run.id)"]
            var arguments: StatementArguments = []
            if let pair {
                conditions.append("pair = ?")
                arguments += [pair]
            }
            if let period {
                conditions.append("period = ?")
                arguments += [period.description]
            }
            let sql = """
                SELECT * FROM run WHERE \(conditions.joined(separator: " AND "))
                ORDER BY (kind = 'intraday'), id DESC LIMIT 1
                """
            return try Row.fetchOne(db, sql: sql, arguments: arguments).map(RunRecord.init)
        }
    }

    /// The names of the pairs the state knows.
    public func pairs() async throws(TrueUpError) -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT name FROM pair ORDER BY name") }
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

extension StateStore {
    /// The settings a pair last ran with, as stored (JSON), or `nil` for an unknown pair.
    public func pairSettings(_ pair: String) async throws(TrueUpError) -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT settings FROM pair WHERE name = ?", arguments: [pair])
        }
    }
}
