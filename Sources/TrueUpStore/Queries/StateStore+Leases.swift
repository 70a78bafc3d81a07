public import Foundation
import GRDB
public import TrueUpCore

/// The process running a pair: what a lease names, and what a refused run is told about.
public struct LeaseHolder: Sendable, Hashable, CustomStringConvertible {
    /// Unique per process and run: `host:pid:uuid8`.
    public var id: String
    /// For people: `pid 1234 on host web-1`.
    public var description: String

    public init(id: String, description: String) {
        self.id = id
        self.description = description
    }

    /// This process, with a fresh suffix so that two runs in one process are different holders.
    public static func current() -> LeaseHolder {
        let host = hostName()
        let pid = ProcessInfo.processInfo.processIdentifier
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return LeaseHolder(id: "\(host):\(pid):\(suffix)", description: "pid \(pid) on host \(host)")
    }

    /// Whether the holder is a process of this host that has ended (killed, or crashed without
    /// releasing): its lease is stale at once, rather than when it expires. A holder on another
    /// host, or one whose id does not say, is taken to be alive.
    public var hasEnded: Bool {
        let parts = id.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, String(parts[parts.count - 3]) == Self.hostName(),
            let pid = Int32(parts[parts.count - 2]), pid > 0
        else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The kernel's host name, read without a DNS lookup.
    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}

/// A pair's lease as the state holds it.
public struct LeaseRecord: Sendable, Hashable {
    public var pair: String
    /// The holder's ``LeaseHolder/id``.
    public var holder: String
    /// The holder's ``LeaseHolder/description``.
    public var holderDescription: String
    /// The run the holder is carrying out, once it has begun.
    public var runID: Int64?
    public var acquiredAt: Date?
    public var renewedAt: Date?
    public var expiresAt: Date

    public init(
        pair: String, holder: String, holderDescription: String, runID: Int64?, acquiredAt: Date?, renewedAt: Date?,
        expiresAt: Date
    ) {
        self.pair = pair
        self.holder = holder
        self.holderDescription = holderDescription
        self.runID = runID
        self.acquiredAt = acquiredAt
        self.renewedAt = renewedAt
        self.expiresAt = expiresAt
    }

    /// Whether the holder stopped renewing it: past its expiry, the next run takes it over.
    public func isStale(at now: Date) -> Bool { expiresAt < now }

    init(row: Row) {
        pair = row["pair"]
        holder = row["holder"]
        holderDescription = row["holder_description"] ?? row["holder"]
        runID = row["run_id"]
        acquiredAt = (row["acquired_at"] as String?).flatMap(StoreTime.date)
        renewedAt = (row["renewed_at"] as String?).flatMap(StoreTime.date)
        expiresAt = StoreTime.date(row["expires_at"] as String) ?? Date(timeIntervalSince1970: 0)
    }
}

/// A stale lease that ``StateStore/acquireLease(pair:holder:ttl:now:)`` took over: its holder
/// stopped renewing it (killed, or its machine went away) while running the pair.
public struct LeaseTakeover: Sendable, Hashable, CustomStringConvertible {
    /// The holder that let the lease lapse.
    public var holder: LeaseHolder
    /// The run it was carrying out, when it had named one.
    public var runID: Int64?
    public var acquiredAt: Date?
    public var expiredAt: Date

    public init(holder: LeaseHolder, runID: Int64?, acquiredAt: Date?, expiredAt: Date) {
        self.holder = holder
        self.runID = runID
        self.acquiredAt = acquiredAt
        self.expiredAt = expiredAt
    }

    init(previous lease: LeaseRecord) {
        self.init(
            holder: LeaseHolder(id: lease.holder, description: lease.holderDescription), runID: lease.runID,
            acquiredAt: lease.acquiredAt, expiredAt: lease.expiresAt)
    }

    /// The stale holder and its run: `pid 1234 on host web-1 (run 42)`.
    public var description: String {
        holder.description + (runID.map { " (run \($0))" } ?? "")
    }
}

extension StateStore {
    /// Takes the pair's lease for `ttl` from `now`, in one write transaction: when no one holds it,
    /// when its holder let it expire or is a process of this host that has ended (a stale lease,
    /// which is taken over), or when `holder` already holds it (which renews it).
    ///
    /// - Returns: the stale lease taken over, or `nil` when there was none.
    /// - Throws: ``TrueUpError/Kind/locked`` naming the holder when another process holds the lease.
    @discardableResult
    public func acquireLease(
        pair: String, holder: LeaseHolder, ttl: Duration, now: Date
    ) async throws(TrueUpError) -> LeaseTakeover? {
        let time = StoreTime.text(now)
        let expires = StoreTime.text(now.addingTimeInterval(ttl.timeInterval))
        return try await write { db in
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE pair = ?", arguments: [pair])
                .map(LeaseRecord.init)
            if let existing, existing.holder == holder.id {
                try db.execute(
                    sql: """
                        UPDATE lease SET holder_description = ?, renewed_at = ?, expires_at = ?
                        WHERE pair = ? AND holder = ?
                        """, arguments: [holder.description, time, expires, pair, holder.id])
                return nil
            }
            if let existing, !existing.isStale(at: now),
                !LeaseHolder(id: existing.holder, description: existing.holderDescription).hasEnded
            {
                throw Self.heldByAnother(existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO lease (pair, holder, holder_description, run_id, acquired_at, renewed_at, expires_at)
                    VALUES (?, ?, ?, NULL, ?, ?, ?)
                    ON CONFLICT(pair) DO UPDATE SET
                        holder = excluded.holder, holder_description = excluded.holder_description, run_id = NULL,
                        acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at,
                        expires_at = excluded.expires_at
                    """, arguments: [pair, holder.id, holder.description, time, time, expires])
            return existing.map(LeaseTakeover.init(previous:))
        }
    }

    /// Extends the lease `holder` holds to `ttl` from `now`.
    ///
    /// - Returns: the new expiry.
    /// - Throws: ``TrueUpError/Kind/locked`` when the lease is no longer `holder`'s: it expired and
    ///   another run took it over, or it was released.
    @discardableResult
    public func renewLease(
        pair: String, holder: LeaseHolder, ttl: Duration, now: Date
    ) async throws(TrueUpError) -> Date {
        let expiry = now.addingTimeInterval(ttl.timeInterval)
        let time = StoreTime.text(now)
        let expires = StoreTime.text(expiry)
        try await write { db in
            try db.execute(
                sql: "UPDATE lease SET renewed_at = ?, expires_at = ? WHERE pair = ? AND holder = ?",
                arguments: [time, expires, pair, holder.id])
            guard db.changesCount == 0 else { return }
            throw Self.lost(
                pair: pair,
                to: try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE pair = ?", arguments: [pair])
                    .map(LeaseRecord.init))
        }
        return expiry
    }

    /// Gives the pair's lease up, if `holder` holds it; a lease another process took over is left alone.
    ///
    /// - Returns: whether a lease was released.
    @discardableResult
    public func releaseLease(pair: String, holder: LeaseHolder) async throws(TrueUpError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM lease WHERE pair = ? AND holder = ?", arguments: [pair, holder.id])
            return db.changesCount > 0
        }
    }

    /// Notes on the lease which run its holder is carrying out, for the message a refused run prints.
    ///
    /// - Throws: ``TrueUpError/Kind/locked`` when the lease is no longer `holder`'s.
    public func setLeaseRun(pair: String, holder: LeaseHolder, run: Int64) async throws(TrueUpError) {
        try await write { db in
            try db.execute(
                sql: "UPDATE lease SET run_id = ? WHERE pair = ? AND holder = ?", arguments: [run, pair, holder.id])
            guard db.changesCount == 0 else { return }
            throw Self.lost(
                pair: pair,
                to: try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE pair = ?", arguments: [pair])
                    .map(LeaseRecord.init))
        }
    }

    /// The pair's lease, stale or not, or `nil` when no one holds it.
    public func lease(pair: String) async throws(TrueUpError) -> LeaseRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM lease WHERE pair = ?", arguments: [pair]).map(LeaseRecord.init)
        }
    }

    /// Every pair's lease, by pair.
    public func leases() async throws(TrueUpError) -> [LeaseRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM lease ORDER BY pair").map(LeaseRecord.init)
        }
    }

    static func heldByAnother(_ lease: LeaseRecord) -> TrueUpError {
        let since = lease.acquiredAt.map(ISOTimestamp.format) ?? "an unknown time"
        let until = ISOTimestamp.format(lease.expiresAt)
        return TrueUpError(
            .locked,
            "pair \(lease.pair) is being run by \(lease.holderDescription) since \(since) (lease until \(until)); "
                + "wait for it to finish, or, if that process is gone, run again after \(until) to take the lease over"
        )
    }

    static func lost(pair: String, to lease: LeaseRecord?) -> TrueUpError {
        guard let lease else {
            return TrueUpError(
                .locked, "this run no longer holds pair \(pair)'s lease (it was released); run the pair again")
        }
        let since = lease.acquiredAt.map(ISOTimestamp.format) ?? "an unknown time"
        return TrueUpError(
            .locked,
            "this run lost pair \(pair)'s lease to \(lease.holderDescription) at \(since), after it expired; "
                + "let that run finish, then run the pair again")
    }
}

extension Duration {
    /// The duration in seconds, for date arithmetic.
    var timeInterval: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
