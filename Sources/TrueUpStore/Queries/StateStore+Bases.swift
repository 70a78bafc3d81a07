public import Foundation
import GRDB
public import TrueUpCore
public import TrueUpEngine

extension StateStore {
    /// The agreed base of every SKU of a pair.
    public func bases(pair: String) async throws(TrueUpError) -> [String: Base] {
        try await read { db in
            var bases: [String: Base] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT sku, quantity, held_back, run_id, agreed_at FROM base WHERE pair = ?",
                arguments: [pair])
            while let row = try rows.next() {
                bases[row["sku"]] = Base(
                    quantity: Quantity(ticks: row["quantity"]), heldBack: Quantity(ticks: row["held_back"]),
                    runID: row["run_id"],
                    agreedAt: (row["agreed_at"] as String?).flatMap(StoreTime.date))
            }
            return bases
        }
    }

    /// Stores bases as given, agreed at each update's own time: for a base seeded from a file.
    public func seedBases(_ updates: [BaseUpdate], pair: String, run: Int64, at now: Date) async throws(TrueUpError) {
        try await write { db in
            try Self.setBases(updates, pair: pair, run: run, stampWithRunTime: false, at: now, in: db)
        }
    }

    /// Stores bases agreed in `run`: they take the run's as-of as the time the sides agreed.
    /// A base whose quantity does not change keeps its run and time.
    static func setBases(
        _ updates: [BaseUpdate], pair: String, run: Int64, stampWithRunTime: Bool = true, at now: Date, in db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO base (pair, sku, quantity, held_back, run_id, agreed_at, updated_at)
                VALUES (?, ?, ?, ?, ?, CASE WHEN ? THEN (SELECT as_of FROM run WHERE id = ?) ELSE ? END, ?)
                ON CONFLICT(pair, sku) DO UPDATE SET quantity = excluded.quantity, held_back = excluded.held_back,
                    run_id = excluded.run_id, agreed_at = excluded.agreed_at, updated_at = excluded.updated_at
                WHERE base.quantity != excluded.quantity OR base.held_back != excluded.held_back
                """)
        let time = StoreTime.text(now)
        for update in updates {
            try statement.execute(arguments: [
                pair, update.sku, update.quantity.ticks, update.heldBack.ticks, run, stampWithRunTime, run,
                update.agreedAt.map(StoreTime.text), time,
            ])
        }
    }

    /// Up to `limit` most recent acknowledged changes per SKU, oldest first.
    public func history(pair: String, limit: Int = 50) async throws(TrueUpError) -> [String: [Quantity]] {
        try await read { db in
            var history: [String: [Quantity]] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT sku, change FROM (
                        SELECT sku, change, run_id, side,
                               ROW_NUMBER() OVER (PARTITION BY sku ORDER BY run_id DESC, side DESC) AS recent
                        FROM sku_change WHERE pair = ?
                    ) WHERE recent <= ? ORDER BY sku, run_id, side
                    """, arguments: [pair, limit])
            while let row = try rows.next() {
                history[row["sku"], default: []].append(Quantity(ticks: row["change"]))
            }
            return history
        }
    }

    /// Explicit SKU mappings and ignored SKUs.
    public func mappings(pair: String) async throws(TrueUpError) -> [String: SKUMapping] {
        try await read { db in
            var mappings: [String: SKUMapping] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT sku, item_code, ignored FROM sku_map WHERE pair = ?", arguments: [pair])
            {
                let ignored: Bool = row["ignored"]
                if ignored {
                    mappings[row["sku"]] = .ignored
                } else if let code: String = row["item_code"] {
                    mappings[row["sku"]] = .code(code)
                }
            }
            return mappings
        }
    }

    /// Maps a SKU to an item code or ignores it; `nil` removes the entry.
    public func setMapping(
        _ mapping: SKUMapping?, pair: String, sku: String, by person: String, at now: Date
    ) async throws(TrueUpError) {
        try await write { db in try Self.setMapping(mapping, pair: pair, sku: sku, by: person, at: now, in: db) }
    }

    static func setMapping(
        _ mapping: SKUMapping?, pair: String, sku: String, by person: String, at now: Date, in db: Database
    ) throws {
        switch mapping {
        case nil:
            try db.execute(sql: "DELETE FROM sku_map WHERE pair = ? AND sku = ?", arguments: [pair, sku])
        case .code(let code)?:
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO sku_map (pair, sku, item_code, ignored, set_by, set_at) VALUES (?, ?, ?, 0, ?, ?)
                    """, arguments: [pair, sku, code, person, StoreTime.text(now)])
        case .ignored?:
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO sku_map (pair, sku, item_code, ignored, set_by, set_at) VALUES (?, ?, NULL, 1, ?, ?)
                    """, arguments: [pair, sku, person, StoreTime.text(now)])
        }
    }

    /// A cursor's value, e.g. the last `UpdatedDateUTC` read from Xero invoices.
    public func cursor(pair: String, name: String) async throws(TrueUpError) -> String? {
        try await read { db in
            try String.fetchOne(
                db, sql: "SELECT value FROM cursor WHERE pair = ? AND name = ?", arguments: [pair, name])
        }
    }

    /// Moves a cursor; call only once the read it marks has completed.
    public func setCursor(
        pair: String, name: String, value: String, run: Int64?, at now: Date
    ) async throws(TrueUpError) {
        try await write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO cursor (pair, name, value, run_id, updated_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [pair, name, value, run, StoreTime.text(now)])
        }
    }

    /// A time cursor (an ISO 8601 UTC instant), or `nil` when unset or unreadable: a read then
    /// starts from the beginning, which is safe.
    public func timeCursor(pair: String, name: String) async throws(TrueUpError) -> Date? {
        try await cursor(pair: pair, name: name).flatMap { ISOTimestamp.parse($0) }
    }

    /// Moves several time cursors at once, once the reads they mark have been put to use.
    public func setTimeCursors(
        _ cursors: [String: Date], pair: String, run: Int64?, at now: Date
    ) async throws(TrueUpError) {
        for (name, date) in cursors.sorted(by: { $0.key < $1.key }) {
            try await setCursor(pair: pair, name: name, value: ISOTimestamp.format(date), run: run, at: now)
        }
    }
}
