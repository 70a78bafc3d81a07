public import Foundation
import GRDB
public import TrueUpCore
public import TrueUpEngine

/// What recording a plan did to the state.
public struct PlanRecording: Sendable, Hashable {
    public var outbox = OutboxResult()
    public var conflictsOpened = 0
    public var conflictsUpdated = 0
    /// Open conflicts whose SKU the sides now agree on by themselves.
    public var conflictsCleared = 0
    public var basesAdvanced = 0
    public var resolutionsHonoured = 0

    public init() {}
}

extension StateStore {
    /// Stage 5 of a run, in one transaction: the snapshot, the plan's rows, the bases the sides
    /// already agree on, the corrections (the outbox) and the conflicts. A crash leaves either all
    /// of it or none of it.
    public func recordInventoryPlan(
        _ plan: InventoryPlan, snapshot: InventorySnapshot?, pair: String, run: Int64, keepSnapshots: Int = 3,
        at now: Date
    ) async throws(TrueUpError) -> PlanRecording {
        try await write { db in
            var recording = PlanRecording()
            if let snapshot { try Self.writeSnapshot(snapshot, run: run, in: db) }

            let (outbox, held) = try Self.enqueue(plan.corrections, pair: pair, run: run, at: now, in: db)
            recording.outbox = outbox

            // Bases the sides agree on without a write; not for SKUs with a correction in doubt.
            let agreed = plan.baseUpdates.filter { !held.contains($0.sku) }
            let changedBefore = db.totalChangesCount
            try Self.setBases(agreed, pair: pair, run: run, at: now, in: db)
            recording.basesAdvanced = db.totalChangesCount - changedBefore

            try Self.writePlanRows(plan.rows, held: held, run: run, in: db)
            try Self.recordConflicts(plan, pair: pair, run: run, at: now, into: &recording, in: db)
            try Self.pruneSnapshots(pair: pair, keep: keepSnapshots, in: db)
            return recording
        }
    }

    static func writePlanRows(_ rows: [InventoryRow], held: Set<String>, run: Int64, in db: Database) throws {
        let run = run.databaseValue
        var insert = BulkInsert(
            into: "plan_row",
            columns: [
                "run_id", "sku", "item_code", "xero_qoh", "store_qty", "in_flight", "projected", "base", "delta_xero",
                "delta_store", "outcome", "store_target", "xero_adjustment", "conflict_reason", "agreed_target", "note",
            ], in: db)
        for row in rows {
            let note =
                !held.isEmpty && held.contains(row.sku)
                ? [row.note, "waits for an earlier correction of this SKU to be settled"].compactMap { $0 }.joined(
                    separator: "; ")
                : row.note
            try insert.append(
                run, row.sku.databaseValue, row.itemCode.databaseValue, row.xeroQuantity?.ticks.databaseValue ?? .null,
                row.storeQuantity?.ticks.databaseValue ?? .null, row.inFlight.ticks.databaseValue,
                row.projected?.ticks.databaseValue ?? .null, row.base?.ticks.databaseValue ?? .null,
                row.deltaXero?.ticks.databaseValue ?? .null, row.deltaStore?.ticks.databaseValue ?? .null,
                row.outcome.rawValue.databaseValue, row.storeTarget?.ticks.databaseValue ?? .null,
                row.xeroAdjustment?.ticks.databaseValue ?? .null, row.conflictReason?.rawValue.databaseValue ?? .null,
                row.agreedTarget?.ticks.databaseValue ?? .null, note.databaseValue)
        }
        try insert.finish()
    }

    /// A run's plan rows in SKU order.
    public func planRows(run: Int64) async throws(TrueUpError) -> [InventoryRow] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM plan_row WHERE run_id = ? ORDER BY sku", arguments: [run]).map(
                Self.planRow)
        }
    }

    static func planRow(_ row: Row) -> InventoryRow {
        func quantity(_ column: String) -> Quantity? { (row[column] as Int64?).map(Quantity.init(ticks:)) }
        return InventoryRow(
            sku: row["sku"], itemCode: row["item_code"], xeroQuantity: quantity("xero_qoh"),
            storeQuantity: quantity("store_qty"),
            inFlight: quantity("in_flight") ?? .zero, projected: quantity("projected"), base: quantity("base"),
            deltaXero: quantity("delta_xero"), deltaStore: quantity("delta_store"),
            outcome: InventoryOutcome(rawValue: row["outcome"]) ?? .conflict, storeTarget: quantity("store_target"),
            xeroAdjustment: quantity("xero_adjustment"),
            conflictReason: (row["conflict_reason"] as String?).flatMap(ConflictReason.init(rawValue:)),
            agreedTarget: quantity("agreed_target"), note: row["note"])
    }

    /// Raises or updates the plan's conflicts, closes the ones its SKUs no longer have, marks
    /// honoured resolutions applied, and queues unreadable records that affect no SKU.
    static func recordConflicts(
        _ plan: InventoryPlan, pair: String, run: Int64, at now: Date, into recording: inout PlanRecording,
        in db: Database
    ) throws {
        let time = StoreTime.text(now)
        var drafts = plan.conflicts
        for problem in plan.unattributedProblems {
            drafts.append(
                ConflictDraft(
                    kind: .api, subject: ConflictSubject(.record, "\(problem.source): \(problem.message.prefix(200))"),
                    reason: ConflictReason.invalidData.rawValue,
                    message: "\(problem.source): \(problem.message); it affects no SKU of this plan",
                    suggestions: ["dismiss once the record is fixed"]))
        }

        // Honour resolutions first, so that a SKU raised again gets a fresh conflict.
        let honoured = try db.cachedStatement(
            sql: """
                UPDATE conflict SET applied_in_run = ?, updated_at = ?
                WHERE pair = ? AND subject_type = 'sku' AND subject = ? AND status = 'resolved' AND applied_in_run IS NULL
                """)
        for sku in plan.honouredResolutions {
            try honoured.execute(arguments: [run, time, pair, sku])
            recording.resolutionsHonoured += db.changesCount
        }

        let raised = try raise(drafts, pair: pair, run: run, at: now, into: &recording, in: db)

        // Open inventory-side conflicts this plan evaluated and no longer raises: the sides agree now.
        let open = try Row.fetchAll(
            db,
            sql: """
                SELECT id, subject_type, subject FROM conflict
                WHERE pair = ? AND status = 'open' AND kind IN ('inventory', 'mapping', 'anomaly', 'api')
                    AND subject_type IN ('sku', 'record') AND reason NOT IN (\(Self.writeProblemList))
                """, arguments: [pair])
        guard !open.isEmpty else { return }
        let evaluated = Set(plan.rows.map(\.sku))
        let clear = try db.cachedStatement(
            sql: """
                UPDATE conflict SET status = 'resolved', resolution = 'cleared', resolved_by = 'trueup', resolved_at = ?,
                    applied_in_run = ?, note = 'no longer raised: the sides agree or the record reads', updated_at = ?
                WHERE id = ?
                """)
        for row in open {
            let subject = ConflictSubject(
                ConflictSubject.SubjectType(rawValue: row["subject_type"]) ?? .record, row["subject"])
            guard !raised.contains(subject) else { continue }
            guard subject.type == .record || evaluated.contains(subject.key) else { continue }
            try clear.execute(arguments: [time, run, time, row["id"] as Int64])
            recording.conflictsCleared += 1
        }
    }

    /// Opens a conflict per draft, or updates the subject's open one; returns the subjects raised.
    @discardableResult
    static func raise(
        _ drafts: [ConflictDraft], pair: String, run: Int64, at now: Date, into recording: inout PlanRecording,
        in db: Database
    ) throws -> Set<ConflictSubject> {
        let update = try db.cachedStatement(
            sql: """
                UPDATE conflict SET kind = ?, reason = ?, message = ?, xero_value = ?, store_value = ?, details = ?,
                    suggestions = ?, last_seen_run = ?, times_seen = times_seen + 1, updated_at = ?
                WHERE pair = ? AND subject_type = ? AND subject = ? AND status = 'open'
                """)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO conflict (pair, kind, subject_type, subject, reason, message, xero_value, store_value, details,
                    suggestions, status, raised_in_run, last_seen_run, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
                """)
        let time = StoreTime.text(now)
        var raised = Set<ConflictSubject>()
        for draft in drafts where raised.insert(draft.subject).inserted {
            let details = json(draft.details)
            let suggestions = json(draft.suggestions)
            try update.execute(arguments: [
                draft.kind.rawValue, draft.reason, draft.message, draft.xeroValue, draft.storeValue, details,
                suggestions, run,
                time, pair, draft.subject.type.rawValue, draft.subject.key,
            ])
            if db.changesCount > 0 {
                recording.conflictsUpdated += 1
                continue
            }
            try insert.execute(arguments: [
                pair, draft.kind.rawValue, draft.subject.type.rawValue, draft.subject.key, draft.reason, draft.message,
                draft.xeroValue, draft.storeValue, details, suggestions, run, run, time, time,
            ])
            recording.conflictsOpened += 1
        }
        return raised
    }
}

extension StateStore {
    /// Up to `limit` plan rows of a run after `sku` (byte order), for reading a large plan in pages.
    public func planRows(run: Int64, after sku: String?, limit: Int) async throws(TrueUpError) -> [InventoryRow] {
        try await read { db in
            let rows: [Row]
            if let sku {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM plan_row WHERE run_id = ? AND sku > ? ORDER BY sku LIMIT ?",
                    arguments: [run, sku, limit])
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM plan_row WHERE run_id = ? ORDER BY sku LIMIT ?", arguments: [run, limit])
            }
            return rows.map(Self.planRow)
        }
    }
}
