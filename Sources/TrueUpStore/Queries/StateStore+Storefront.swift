public import Foundation
import GRDB
public import TrueUpCore

/// A pair's storefront connection as stored: the platform, where and how to reach the shop (JSON
/// the connector reads), and the one secret (a password or access token). Printing one shows no secret.
public struct StoredStorefrontConnection: Sendable, Hashable, CustomStringConvertible {
    public var pair: String
    public var platform: String
    public var settings: String
    public var secret: String?
    public var connectedAt: Date

    public init(pair: String, platform: String, settings: String, secret: String?, connectedAt: Date) {
        self.pair = pair
        self.platform = platform
        self.settings = settings
        self.secret = secret
        self.connectedAt = connectedAt
    }

    public var description: String {
        "StoredStorefrontConnection(pair: \(pair), platform: \(platform), settings: \(settings), secret: [redacted])"
    }

    init(row: Row) {
        pair = row["pair"]
        platform = row["platform"]
        settings = row["settings"]
        secret = row["secret"]
        connectedAt = StoreTime.date(row["connected_at"] as String) ?? Date(timeIntervalSince1970: 0)
    }
}

/// The kinds of record a pair keeps between incremental reads.
public enum WorkingFamily: String, Sendable, CaseIterable {
    case order
    case refund
    case invoice
    case creditNote = "credit_note"
    /// Xero payments, for the payments match.
    case payment
    /// Xero bank transactions, for the payments match.
    case bankTransaction = "bank_transaction"
    /// The storefront's captures, for the payments match.
    case storePayment = "store_payment"
}

/// One record of a pair's working set: its id, when it last changed, and the record as canonical JSON.
public struct WorkingRecord: Sendable, Hashable {
    public var id: String
    public var updatedAt: Date
    public var json: String

    public init(id: String, updatedAt: Date, json: String) {
        self.id = id
        self.updatedAt = updatedAt
        self.json = json
    }

    /// Whether this is the copy kept of a record last changed at `updated`: the state keeps times
    /// to the millisecond, so that is the precision compared.
    public func isCopy(updatedAt updated: Date) -> Bool {
        StoreTime.milliseconds(updated) == StoreTime.milliseconds(updatedAt)
    }
}

extension StateStore {
    /// Stores (or replaces) a pair's storefront connection, on disk when this returns.
    public func saveStorefrontConnection(
        _ connection: StoredStorefrontConnection, at now: Date
    )
        async throws(TrueUpError)
    {
        try await durableWrite { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO storefront_connection (pair, platform, settings, secret, connected_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    connection.pair, connection.platform, connection.settings, connection.secret,
                    StoreTime.text(connection.connectedAt), StoreTime.text(now),
                ])
        }
    }

    /// A pair's storefront connection, or `nil` when it has none.
    public func storefrontConnection(pair: String) async throws(TrueUpError) -> StoredStorefrontConnection? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM storefront_connection WHERE pair = ?", arguments: [pair])
                .map(StoredStorefrontConnection.init)
        }
    }

    /// Adds or updates records of a pair's working set (the pair must have a run); a record already held with a later
    /// `updatedAt` is kept (an overlapping read may return an older copy).
    public func mergeWorking(
        _ records: [WorkingRecord], family: WorkingFamily, pair: String, at now: Date
    ) async throws(TrueUpError) {
        guard !records.isEmpty else { return }
        try await write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO working_record (pair, family, id, updated_ms, record) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(pair, family, id) DO UPDATE SET updated_ms = excluded.updated_ms, record = excluded.record
                    WHERE excluded.updated_ms >= working_record.updated_ms
                    """)
            for record in records {
                try statement.execute(arguments: [
                    pair, family.rawValue, record.id, StoreTime.milliseconds(record.updatedAt), record.json,
                ])
            }
        }
    }

    /// The pair's working set of one family, in id order.
    public func working(_ family: WorkingFamily, pair: String) async throws(TrueUpError) -> [WorkingRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, updated_ms, record FROM working_record WHERE pair = ? AND family = ? ORDER BY id",
                arguments: [pair, family.rawValue]
            ).map { row in
                WorkingRecord(
                    id: row["id"], updatedAt: StoreTime.date(milliseconds: row["updated_ms"]), json: row["record"])
            }
        }
    }

    /// Drops records of the working set by id.
    public func dropWorking(_ ids: [String], family: WorkingFamily, pair: String) async throws(TrueUpError) {
        guard !ids.isEmpty else { return }
        try await write { db in
            let statement = try db.makeStatement(
                sql: "DELETE FROM working_record WHERE pair = ? AND family = ? AND id = ?")
            for id in ids { try statement.execute(arguments: [pair, family.rawValue, id]) }
        }
    }
}
