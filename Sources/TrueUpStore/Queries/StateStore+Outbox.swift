public import Foundation
import GRDB
public import TrueUpCore
public import TrueUpEngine

/// What writing a plan's corrections to the outbox did.
public struct OutboxResult: Sendable, Hashable {
    /// New corrections written.
    public var inserted = 0
    /// Corrections the outbox already held, identical, from an earlier plan.
    public var unchanged = 0
    /// Planned-but-unsent corrections of earlier plans that this plan replaced.
    public var superseded = 0
    /// SKUs whose new corrections wait: an earlier correction was sent or failed, or half of an
    /// earlier pair was acknowledged, and must be settled first; or a side refused the SKU's last
    /// correction and its conflict is still open.
    public var held: [String] = []

    public init() {}
}

extension StateStore {
    /// The outbox's corrections for a pair, optionally in one state, oldest first.
    public func corrections(pair: String, state: CorrectionState? = nil) async throws(TrueUpError) -> [CorrectionRecord]
    {
        try await read { db in
            let sql =
                "SELECT * FROM correction WHERE pair = ?\(state == nil ? "" : " AND state = ?") ORDER BY created_at, run_id, sku, side"
            let arguments: StatementArguments = state.map { [pair, $0.rawValue] } ?? [pair]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(CorrectionRecord.init)
        }
    }

    /// The corrections that may still take effect (planned, sent or failed), oldest first: what a
    /// run has to carry out, read through the live-correction index rather than the whole history.
    public func liveCorrections(pair: String) async throws(TrueUpError) -> [CorrectionRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM correction
                    WHERE pair = ? AND side IN ('xero', 'store') AND state IN ('planned', 'sent', 'failed')
                    ORDER BY created_at, run_id, sku, side
                    """, arguments: [pair]
            ).map(CorrectionRecord.init)
        }
    }

    /// Writes corrections to the outbox, exactly once each (DESIGN §6).
    static func enqueue(
        _ corrections: [PlannedCorrection], pair: String, run: Int64, at now: Date, in db: Database
    ) throws
        -> (result: OutboxResult, held: Set<String>)
    {
        var result = OutboxResult()
        var held = Set<String>()
        let time = StoreTime.text(now)
        let bySKU = Dictionary(grouping: corrections, by: \.sku)
        // Naming both sides lets SQLite search the live-correction index on (pair, side, sku) in
        // full, rather than scanning every live correction of the pair for each SKU.
        let live = try db.cachedStatement(
            sql: """
                SELECT id, state, run_id FROM correction
                WHERE pair = ? AND side IN ('xero', 'store') AND sku = ? AND state IN ('planned', 'sent', 'failed')
                """)
        let halfDone = try db.cachedStatement(
            sql: "SELECT COUNT(*) FROM correction WHERE pair = ? AND sku = ? AND run_id = ? AND state = 'acknowledged'")
        let existing = try db.cachedStatement(sql: "SELECT state FROM correction WHERE id = ?")
        let refused = try db.cachedStatement(
            sql: """
                SELECT COUNT(*) FROM conflict
                WHERE pair = ? AND subject_type = 'sku' AND subject = ? AND status = 'open'
                    AND reason IN (\(Self.writeProblemList))
                """)
        let supersede = try db.cachedStatement(
            sql: "UPDATE correction SET state = 'superseded', updated_at = ? WHERE id = ?")
        let revive = try db.cachedStatement(
            sql: "UPDATE correction SET state = 'planned', run_id = ?, updated_at = ? WHERE id = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO correction (id, pair, run_id, side, action, sku, item_code, quantity, observed, agreed_target,
                    held_back, basis_run_id, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?)
                """)
        let skus = Set(bySKU.keys).union(
            try String.fetchAll(
                db, sql: "SELECT DISTINCT sku FROM correction WHERE pair = ? AND state = 'planned'", arguments: [pair]))
        for sku in skus.sorted() {
            let planned = bySKU[sku] ?? []
            // A side refused this SKU's last correction: nothing more is written for it until a
            // person resolves that conflict.
            if !planned.isEmpty, try (Int.fetchOne(refused, arguments: [pair, sku]) ?? 0) > 0 {
                held.insert(sku)
                continue
            }
            let newIDs = Set(planned.map(\.id))
            let current = try Row.fetchAll(live, arguments: [pair, sku])
            let inDoubt = try current.contains { row throws -> Bool in
                let state: String = row["state"]
                let runID: Int64 = row["run_id"]
                if state != "planned" { return true }
                return try (Int.fetchOne(halfDone, arguments: [pair, sku, runID]) ?? 0) > 0
            }
            if inDoubt {
                let waiting = current.map { $0["id"] as String }
                if planned.allSatisfy({ waiting.contains($0.id) }) {
                    result.unchanged += planned.count
                } else {
                    held.insert(sku)
                }
                continue
            }
            for row in current where !newIDs.contains(row["id"] as String) {
                try supersede.execute(arguments: [time, row["id"] as String])
                result.superseded += 1
            }
            for correction in planned {
                switch try String.fetchOne(existing, arguments: [correction.id]) {
                case nil:
                    try insert.execute(arguments: [
                        correction.id, pair, run, correction.side.rawValue, correction.action.rawValue, sku,
                        correction.itemCode,
                        correction.quantity.ticks, correction.observed.ticks, correction.agreedTarget.ticks,
                        correction.heldBack.ticks, correction.basisRunID, time, time,
                    ])
                    result.inserted += 1
                case "superseded"?:
                    try revive.execute(arguments: [run, time, correction.id])
                    result.inserted += 1
                default:
                    result.unchanged += 1
                }
            }
        }
        result.held = held.sorted()
        return (result, held)
    }

    /// Marks a correction sent: from here on it may have taken effect even if no answer arrives.
    public func markSent(_ id: String, at now: Date) async throws(TrueUpError) {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE correction SET state = 'sent', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state IN ('planned', 'failed', 'sent')",
                arguments: [StoreTime.text(now), id])
        }
    }

    /// Records that the side confirmed a correction. When every correction planned for that SKU in
    /// the same plan is acknowledged, the SKU's base advances to the agreed target, and the changes
    /// join the SKU's history. Returns whether the base advanced.
    @discardableResult
    public func acknowledge(
        _ id: String, externalID: String? = nil, run: Int64, at now: Date
    ) async throws(TrueUpError) -> Bool {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM correction WHERE id = ?", arguments: [id]) else {
                throw TrueUpError.notFound("there is no correction \(id) in the outbox")
            }
            let record = CorrectionRecord(row: row)
            guard record.state != .acknowledged else { return false }
            guard record.state.isLive else {
                throw TrueUpError.refused("correction \(id) is \(record.state.rawValue) and cannot be acknowledged")
            }
            try db.execute(
                sql:
                    "UPDATE correction SET state = 'acknowledged', external_id = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                arguments: [externalID, StoreTime.text(now), id])
            let siblings = try Row.fetchAll(
                db, sql: "SELECT * FROM correction WHERE pair = ? AND run_id = ? AND sku = ? AND state != 'superseded'",
                arguments: [record.pair, record.runID, record.correction.sku]
            ).map(CorrectionRecord.init)
            guard siblings.allSatisfy({ $0.state == .acknowledged }) else { return false }
            let correction = record.correction
            // The base is what the planning run saw the sides agree on, as of that run.
            try Self.setBases(
                [BaseUpdate(sku: correction.sku, quantity: correction.agreedTarget, heldBack: correction.heldBack)],
                pair: record.pair, run: record.runID, at: now, in: db)
            for sibling in siblings {
                let change =
                    sibling.correction.side == .xero
                    ? sibling.correction.quantity : sibling.correction.quantity - sibling.correction.observed
                try db.execute(
                    sql: "INSERT OR REPLACE INTO sku_change (pair, sku, run_id, side, change) VALUES (?, ?, ?, ?, ?)",
                    arguments: [record.pair, correction.sku, run, sibling.correction.side.rawValue, change.ticks])
            }
            return true
        }
    }
}

extension StateStore {
    /// Records that sending a correction failed in a way worth retrying: it stays live and the
    /// next run sends it again.
    public func markFailed(_ id: String, error message: String, at now: Date) async throws(TrueUpError) {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE correction SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ? AND state IN ('planned', 'sent', 'failed')",
                arguments: [message, StoreTime.text(now), id])
        }
    }

    /// The reasons of ``ConflictReason/writeProblems`` as an SQL list.
    static let writeProblemList = ConflictReason.writeProblems.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Records that the side refused a correction: it is rejected, its unsent sibling for the other
    /// side is withdrawn (the two only make sense together), and the SKU gets an open conflict
    /// with the side's message, which stays until a person resolves or dismisses it.
    ///
    /// - Parameter reason: the conflict's reason: by default the side's refusal
    ///   (`xero_rejected`, `store_rejected`); ``ConflictReason/unconfirmedWrite`` for a
    ///   correction withdrawn because its outcome is unknown.
    public func reject(
        _ id: String, message: String, reason: ConflictReason? = nil, run: Int64, at now: Date
    ) async throws(TrueUpError) {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM correction WHERE id = ?", arguments: [id]) else {
                throw TrueUpError.notFound("there is no correction \(id) in the outbox")
            }
            let record = CorrectionRecord(row: row)
            guard record.state.isLive else { return }
            let time = StoreTime.text(now)
            try db.execute(
                sql: "UPDATE correction SET state = 'rejected', last_error = ?, updated_at = ? WHERE id = ?",
                arguments: [message, time, id])
            try db.execute(
                sql: """
                    UPDATE correction SET state = 'superseded', last_error = ?, updated_at = ?
                    WHERE pair = ? AND run_id = ? AND sku = ? AND id != ? AND state = 'planned'
                    """,
                arguments: [
                    "withdrawn: its \(record.correction.side.rawValue) half was refused", time, record.pair,
                    record.runID, record.correction.sku, id,
                ])
            let correction = record.correction
            let side = correction.side == .xero ? "Xero" : "The storefront"
            let change =
                correction.side == .xero
                ? "an adjustment of \(correction.quantity) to \(correction.itemCode)"
                : "setting the quantity to \(correction.quantity)"
            let reason = reason ?? (correction.side == .xero ? .xeroRejected : .storeRejected)
            let draft = ConflictDraft(
                kind: reason.kind,
                subject: .sku(correction.sku),
                reason: reason.rawValue,
                message: reason == .unconfirmedWrite
                    ? "\(side) may or may not have carried out \(change): \(message)"
                    : "\(side) refused \(change): \(message)",
                xeroValue: correction.side == .xero ? "QuantityOnHand \(correction.observed)" : nil,
                details: [
                    .init("correction", id), .init("quantity", correction.quantity.description),
                    .init("agreed_target", correction.agreedTarget.description),
                ],
                suggestions: ["take-xero", "take-store", "set N"])
            var recording = PlanRecording()
            try Self.raise([draft], pair: record.pair, run: run, at: now, into: &recording, in: db)
        }
    }
}
