public import Foundation
import GRDB
public import TrueUpCore
public import TrueUpEngine

/// What recording a payments match did to the state.
public struct PaymentRecording: Sendable, Hashable {
    public var rows = 0
    /// Corrections new to the outbox.
    public var correctionsInserted = 0
    /// Planned corrections a later plan replaced before they were sent.
    public var correctionsSuperseded = 0
    public var conflictsOpened = 0
    public var conflictsUpdated = 0
    /// Open payment conflicts this match no longer raises.
    public var conflictsCleared = 0

    public init() {}
}

/// A payment correction as the outbox holds it.
public typealias PaymentCorrectionRecord = OutboxEntry<PaymentCorrection>

extension StateStore {
    /// Stage 5 for payments, in one transaction: the match's rows, its corrections (new ones
    /// planned; a planned one for the same subject and action that this plan no longer makes is
    /// superseded) and its conflicts (open payment conflicts not raised again are cleared).
    public func recordPaymentPlan(
        _ result: PaymentMatchResult, pair: String, run: Int64, at now: Date
    ) async throws(TrueUpError) -> PaymentRecording {
        try await write { db in
            var recording = PaymentRecording()
            let insertRow = try db.makeStatement(
                sql: """
                    INSERT INTO payment_row (run_id, seq, order_number, kind, store_ref, store_amount, currency,
                        xero_invoice, xero_ref, xero_amount, xero_currency, bank_ref, bank_amount, bank_currency,
                        payout_id, fee, difference, status, rule, date)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (seq, match) in result.matches.enumerated() {
                let line = result.line(match)
                try insertRow.execute(arguments: [
                    run, seq, line.orderNumber, line.kind.rawValue, line.storeRef, line.storeAmount?.minorUnits,
                    line.currency?.code, line.xeroInvoice, line.xeroRef, line.xeroAmount?.minorUnits,
                    line.xeroAmount?.currency.code, line.bankRef, line.bankAmount?.minorUnits,
                    line.bankAmount?.currency.code, line.payoutID, line.fee?.minorUnits, line.difference?.minorUnits,
                    line.status.rawValue, line.rule, line.date?.description,
                ])
                recording.rows += 1
            }
            try Self.enqueue(result.corrections, pair: pair, run: run, at: now, into: &recording, in: db)
            var planRecording = PlanRecording()
            let raised = try Self.raise(
                result.conflicts, pair: pair, run: run, at: now, into: &planRecording, in: db)
            recording.conflictsOpened = planRecording.conflictsOpened
            recording.conflictsUpdated = planRecording.conflictsUpdated
            let time = StoreTime.text(now)
            let open = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, subject_type, subject FROM conflict
                    WHERE pair = ? AND status = 'open'
                        AND (kind = 'payment' OR (kind = 'anomaly' AND subject_type = 'order'))
                        AND reason NOT IN ('xero_rejected', 'store_rejected')
                    """, arguments: [pair])
            let clear = try db.cachedStatement(
                sql: """
                    UPDATE conflict SET status = 'resolved', resolution = 'cleared', resolved_by = 'trueup',
                        resolved_at = ?, applied_in_run = ?, note = 'no longer raised: the records agree', updated_at = ?
                    WHERE id = ?
                    """)
            for row in open {
                let subject = ConflictSubject(
                    ConflictSubject.SubjectType(rawValue: row["subject_type"]) ?? .record, row["subject"])
                guard !raised.contains(subject) else { continue }
                try clear.execute(arguments: [time, run, time, row["id"] as Int64])
                recording.conflictsCleared += 1
            }
            return recording
        }
    }

    private static func enqueue(
        _ corrections: [PaymentCorrection], pair: String, run: Int64, at now: Date,
        into recording: inout PaymentRecording, in db: Database
    ) throws {
        let time = StoreTime.text(now)
        let planned = Set(corrections.map(\.id))
        // A planned correction this plan no longer makes was overtaken by what the sides now show.
        let waiting = try Row.fetchAll(
            db, sql: "SELECT id FROM payment_correction WHERE pair = ? AND state IN ('planned', 'failed')",
            arguments: [pair])
        let supersede = try db.cachedStatement(
            sql: "UPDATE payment_correction SET state = 'superseded', updated_at = ? WHERE id = ?")
        for row in waiting {
            let id: String = row["id"]
            guard !planned.contains(id) else { continue }
            try supersede.execute(arguments: [time, id])
            recording.correctionsSuperseded += 1
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO payment_correction (id, pair, run_id, side, action, subject, order_number, invoice_id, amount,
                    currency, allocate, date, account, bank_account, reference, store_record, contact_id, state, created_at,
                    updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?)
                ON CONFLICT(id) DO NOTHING
                """)
        for correction in corrections {
            try insert.execute(arguments: [
                correction.id, pair, run, correction.side.rawValue, correction.action.rawValue, correction.subject,
                correction.orderNumber, correction.invoiceID, correction.amount.minorUnits,
                correction.amount.currency.code, correction.allocate?.minorUnits, correction.date.description,
                correction.account, correction.bankAccount, correction.reference, correction.storeRecord,
                correction.contactID, time, time,
            ])
            recording.correctionsInserted += db.changesCount
        }
    }

    /// A run's payment rows, in the order the match gave them.
    public func paymentLines(run: Int64) async throws(TrueUpError) -> [PaymentLine] {
        try await read { db in
            var lines: [PaymentLine] = []
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT * FROM payment_row WHERE run_id = ? ORDER BY seq", arguments: [run])
            while let row = try cursor.next() { lines.append(Self.paymentLine(row)) }
            return lines
        }
    }

    /// Whether a run has payment rows.
    public func hasPaymentRows(run: Int64) async throws(TrueUpError) -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM payment_row WHERE run_id = ?)", arguments: [run])
                ?? false
        }
    }

    static func paymentLine(_ row: Row) -> PaymentLine {
        let currency = (row["currency"] as String?).flatMap { try? Currency(code: $0) }
        func money(_ column: String, currencyColumn: String? = nil) -> Money? {
            guard let minor = row[column] as Int64? else { return nil }
            let code = currencyColumn.flatMap { row[$0] as String? }
            guard let unit = code.flatMap({ try? Currency(code: $0) }) ?? currency else { return nil }
            return Money(minorUnits: minor, currency: unit)
        }
        return PaymentLine(
            orderNumber: row["order_number"], kind: StoreLedgerEntry.Kind(rawValue: row["kind"]) ?? .payment,
            storeRef: row["store_ref"], storeAmount: money("store_amount"), currency: currency,
            xeroInvoice: row["xero_invoice"], xeroRef: row["xero_ref"],
            xeroAmount: money("xero_amount", currencyColumn: "xero_currency"), bankRef: row["bank_ref"],
            bankAmount: money("bank_amount", currencyColumn: "bank_currency"), payoutID: row["payout_id"],
            fee: money("fee"), difference: money("difference"),
            status: PaymentStatus(rawValue: row["status"]) ?? .ambiguous, rule: row["rule"],
            date: (row["date"] as String?).flatMap { try? LocalDate(iso: $0) })
    }

    /// Payment corrections still to carry out (planned, sent or failed), oldest first.
    public func livePaymentCorrections(pair: String) async throws(TrueUpError) -> [PaymentCorrectionRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM payment_correction WHERE pair = ? AND state IN ('planned', 'sent', 'failed')
                    ORDER BY created_at, id
                    """, arguments: [pair]
            ).compactMap(Self.paymentCorrection)
        }
    }

    /// Records what became of a payment correction.
    public func setPaymentCorrectionState(
        _ id: String, to state: CorrectionState, externalID: String? = nil, batchKey: String? = nil,
        error: String? = nil, at now: Date
    ) async throws(TrueUpError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE payment_correction SET state = ?, external_id = COALESCE(?, external_id),
                        batch_key = COALESCE(?, batch_key), last_error = ?,
                        attempts = attempts + (CASE WHEN ? = 'sent' THEN 1 ELSE 0 END), updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [state.rawValue, externalID, batchKey, error, state.rawValue, StoreTime.text(now), id])
        }
    }

    /// Raises a conflict for a payment correction a side refused, and marks it rejected.
    public func rejectPaymentCorrection(
        _ record: PaymentCorrectionRecord, message: String, run: Int64, at now: Date
    ) async throws(TrueUpError) {
        let correction = record.correction
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE payment_correction SET state = 'rejected', last_error = ?, updated_at = ? WHERE id = ?
                    """, arguments: [message, StoreTime.text(now), correction.id])
            var recording = PlanRecording()
            let side = correction.side == .xero ? "Xero" : "The storefront"
            try Self.raise(
                [
                    ConflictDraft(
                        kind: .payment,
                        subject: ConflictSubject(.record, "payment-correction:\(correction.id)"),
                        reason: correction.side == .xero ? "xero_rejected" : "store_rejected",
                        message:
                            "\(side) refused the \(correction.action.rawValue) for \(correction.subject) (\(correction.amount)): \(message)",
                        xeroValue: nil, storeValue: nil, suggestions: ["ignore"])
                ], pair: record.pair, run: run, at: now, into: &recording, in: db)
        }
    }

    static func paymentCorrection(_ row: Row) -> PaymentCorrectionRecord? {
        guard let currency = try? Currency(code: row["currency"] as String),
            let action = PaymentCorrection.Action(rawValue: row["action"]),
            let date = try? LocalDate(iso: row["date"] as String)
        else { return nil }
        var correction = PaymentCorrection(
            pair: row["pair"], action: action, subject: row["subject"], orderNumber: row["order_number"],
            invoiceID: row["invoice_id"], amount: Money(minorUnits: row["amount"], currency: currency),
            allocate: (row["allocate"] as Int64?).map { Money(minorUnits: $0, currency: currency) }, date: date,
            account: row["account"], bankAccount: row["bank_account"], reference: row["reference"],
            storeRecord: row["store_record"], contactID: row["contact_id"])
        correction.id = row["id"]
        return PaymentCorrectionRecord(correction, row: row)
    }
}
