public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore
public import XeroKit

/// Stage 6 for payments (DESIGN §4, §6): carries out the outbox's payment corrections.
///
/// Payments and spends go to Xero in batches of up to 50, each correction marked `sent` with its
/// batch's `Idempotency-Key` first; a batch whose answer was lost is sent again whole, in the same
/// order, so Xero replays its first answer instead of creating anything twice. A credit note is
/// made, then allocated, then refunded, each step under its own key derived from the correction's
/// id, and the note's id is kept once Xero gives it, so a run stopped between steps resumes at the
/// next one. Existing Xero payments are never edited or deleted. A storefront order is marked paid
/// by moving it to `processing` with a comment; an order the storefront cannot mark waits
/// (``XeroApplySummary/storeWaiting``).
public struct PaymentApplier: Sendable {
    public var pair: String
    /// The contact gateway-fee and rounding spends are paid to (Xero creates it on first use).
    public var spendContact: String
    let store: StateStore
    let client: XeroClient
    let storefront: (any Storefront)?
    let logger: Logger
    /// Only the corrections this plan (run) recorded, when set (`trueup apply --plan ID`).
    public var plan: Int64?

    public init(
        pair: String, spendContact: String = "TrueUp Payment Gateway", store: StateStore, client: XeroClient,
        storefront: (any Storefront)?, logger: Logger
    ) {
        self.pair = pair
        self.spendContact = spendContact
        self.store = store
        self.client = client
        self.storefront = storefront
        self.logger = logger
    }

    public func apply(
        run: Int64, now: @Sendable () -> Date = { Date() }
    ) async throws(TrueUpError) -> XeroApplySummary {
        let before = client.callsMade
        var summary = XeroApplySummary()
        let live = try await store.livePaymentCorrections(pair: pair).filter { plan == nil || $0.runID == plan }
        do {
            for action in [PaymentCorrection.Action.xeroPayment, .xeroSpend, .xeroReceive] {
                try await sendBatched(
                    live.filter { $0.correction.action == action }, run: run, now: now, summary: &summary)
            }
            for record in live where record.correction.action == .xeroCreditNote {
                try await creditNote(record, run: run, now: now, summary: &summary)
            }
        } catch let error as XeroError {
            if case .dayLimitReached = error {
                summary.stoppedAtDayLimit = error
            } else {
                throw error.trueUpError
            }
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
        for record in live where record.correction.action == .storeMarkPaid {
            try await markPaid(record, run: run, now: now, summary: &summary)
        }
        summary.calls = client.callsMade - before
        return summary
    }

    /// Sends payments or spends: batches left in doubt again as they were, then the rest in new batches.
    private func sendBatched(
        _ records: [PaymentCorrectionRecord], run: Int64, now: @Sendable () -> Date,
        summary: inout XeroApplySummary
    ) async throws {
        guard !records.isEmpty else { return }
        var batches: [[PaymentCorrectionRecord]] = []
        var inDoubt: [String: [PaymentCorrectionRecord]] = [:]
        for record in records where record.state == .sent {
            if let key = record.batchKey { inDoubt[key, default: []].append(record) }
        }
        for (_, batch) in inDoubt.sorted(by: { $0.key < $1.key }) {
            batches.append(batch.sorted { $0.correction.id < $1.correction.id })
        }
        let fresh = records.filter { !($0.state == .sent && $0.batchKey != nil) }.sorted {
            $0.correction.id < $1.correction.id
        }
        var start = 0
        while start < fresh.count {
            batches.append(Array(fresh[start..<min(start + XeroClient.batchLimit, fresh.count)]))
            start += XeroClient.batchLimit
        }
        summary.lowerBound += batches.count
        for (index, batch) in batches.enumerated() {
            RunProgress.report("Xero payments", done: index, total: batches.count, unit: "batches")
            let elements = try batch.map { try element(for: $0.correction) }
            let key = XeroClient.batchKey(elements.map(\.key))
            for record in batch {
                try await store.setPaymentCorrectionState(record.correction.id, to: .sent, batchKey: key, at: now())
            }
            let collection: XeroCollection = batch[0].correction.action == .xeroPayment ? .payments : .bankTransactions
            let outcomes: [XeroElementOutcome]
            switch await Self.attempt({ () async throws(XeroError) in
                try await client.writeBatch("PUT", collection, elements)
            }) {
            case .success(let received):
                outcomes = received
            case .failure(.refused(let status, let message)):
                for record in batch {
                    try await store.setPaymentCorrectionState(
                        record.correction.id, to: .failed, error: "HTTP \(status): \(message)", at: now())
                }
                summary.failed += batch.count
                continue
            case .failure(.unavailable(let message)), .failure(.badResponse(let message)):
                summary.inDoubt += batch.count
                logger.error("xero payment batch outcome unknown", metadata: ["message": "\(message)"])
                continue
            case .failure(let other):
                throw other
            }
            for (record, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .saved(let id, _):
                    try await store.setPaymentCorrectionState(
                        record.correction.id, to: .acknowledged, externalID: id, at: now())
                    summary.acknowledged += 1
                case .refused(let messages):
                    try await store.rejectPaymentCorrection(
                        record, message: messages.joined(separator: "; "), run: run, at: now())
                    summary.rejected += 1
                }
            }
        }
    }

    private func element(for correction: PaymentCorrection) throws(TrueUpError) -> XeroBatchElement {
        switch correction.action {
        case .xeroPayment:
            guard let invoiceID = correction.invoiceID, let account = correction.account else {
                throw .state("payment correction \(correction.id) has no invoice or account")
            }
            return SettlementWrites.payment(
                key: correction.id, invoiceID: invoiceID, accountCode: account, date: correction.date,
                amount: correction.amount, reference: correction.reference)
        case .xeroSpend, .xeroReceive:
            guard let account = correction.account, let bankAccount = correction.bankAccount else {
                throw .state("spend correction \(correction.id) has no account or bank account")
            }
            return SettlementWrites.bankTransaction(
                key: correction.id, type: correction.action == .xeroReceive ? .receive : .spend,
                bankAccountCode: bankAccount, contact: .name(spendContact), date: correction.date,
                reference: correction.reference ?? correction.subject, currency: correction.amount.currency,
                lines: [
                    BankTransactionLine(
                        description: correction.orderNumber == nil
                            ? "Gateway fees, payout \(correction.subject)"
                            : "Rounding difference, order \(correction.subject)",
                        quantity: nil, unitAmount: correction.amount, accountCode: account, taxType: nil)
                ], lineAmountTypes: .noTax)
        case .xeroCreditNote, .storeMarkPaid:
            throw .state("\(correction.action.rawValue) is not sent in a batch")
        }
    }

    /// Makes a credit note (or finds the one made already), allocates it, and refunds the rest.
    private func creditNote(
        _ record: PaymentCorrectionRecord, run: Int64, now: @Sendable () -> Date, summary: inout XeroApplySummary
    ) async throws {
        let correction = record.correction
        guard let invoiceID = correction.invoiceID, let lineAccount = correction.bankAccount else {
            throw TrueUpError.state("credit note correction \(correction.id) has no invoice or account")
        }
        summary.lowerBound += 2
        var noteID = record.externalID
        if noteID == nil {
            // The invoice as the run read it names its contact; only when it did not is Xero asked.
            let contactID: String
            if let known = correction.contactID {
                contactID = known
            } else {
                contactID = try await client.invoiceContactID(invoiceID)
            }
            let element = SettlementWrites.creditNote(
                key: correction.id, contactID: contactID, date: correction.date,
                reference: correction.reference ?? correction.subject, currency: correction.amount.currency,
                lines: [
                    CreditNoteLine(
                        description: "Refund \(correction.subject) of order \(correction.orderNumber ?? "")",
                        quantity: nil, unitAmount: correction.amount, accountCode: lineAccount, itemCode: nil,
                        taxType: nil)
                ], lineAmountTypes: .inclusive)
            try await store.setPaymentCorrectionState(
                correction.id, to: .sent, batchKey: XeroClient.batchKey([correction.id]), at: now())
            let outcomes: [XeroElementOutcome]
            switch await Self.attempt({ () async throws(XeroError) in
                try await client.writeBatch("PUT", .creditNotes, [element])
            }) {
            case .success(let received):
                outcomes = received
            case .failure(.unavailable), .failure(.badResponse):
                summary.inDoubt += 1
                return
            case .failure(.refused(let status, let message)):
                try await store.setPaymentCorrectionState(
                    correction.id, to: .failed, error: "HTTP \(status): \(message)", at: now())
                summary.failed += 1
                return
            case .failure(let other):
                throw other
            }
            switch outcomes.first {
            case .saved(let id, _)?:
                noteID = id
                try await store.setPaymentCorrectionState(correction.id, to: .sent, externalID: id, at: now())
            case .refused(let messages)?:
                try await store.rejectPaymentCorrection(
                    record, message: messages.joined(separator: "; "), run: run, at: now())
                summary.rejected += 1
                return
            case nil:
                summary.inDoubt += 1
                return
            }
        }
        guard let noteID else { return }
        let allocate = correction.allocate?.minorUnits ?? 0
        if allocate > 0 {
            let outcome: XeroElementOutcome
            switch await Self.attempt({ () async throws(XeroError) in
                try await client.allocate(
                    creditNoteID: noteID, invoiceID: invoiceID,
                    amount: Money(minorUnits: allocate, currency: correction.amount.currency), date: correction.date,
                    idempotencyKey: correction.id + "-allocation")
            }) {
            case .success(let received):
                outcome = received
            case .failure(.unavailable), .failure(.badResponse):
                summary.inDoubt += 1
                return
            case .failure(let other):
                throw other
            }
            if case .refused(let messages) = outcome {
                try await store.rejectPaymentCorrection(
                    record, message: "allocation: " + messages.joined(separator: "; "), run: run, at: now())
                summary.rejected += 1
                return
            }
        }
        let refund = correction.amount.minorUnits - allocate
        if refund > 0 {
            guard let account = correction.account else {
                throw TrueUpError.state("credit note correction \(correction.id) has no refund account")
            }
            let element = SettlementWrites.refundPayment(
                key: correction.id + "-refund", creditNoteID: noteID, accountCode: account, date: correction.date,
                amount: Money(minorUnits: refund, currency: correction.amount.currency),
                reference: correction.reference)
            let outcomes: [XeroElementOutcome]
            switch await Self.attempt({ () async throws(XeroError) in
                try await client.writeBatch("PUT", .payments, [element])
            }) {
            case .success(let received):
                outcomes = received
            case .failure(.unavailable), .failure(.badResponse):
                summary.inDoubt += 1
                return
            case .failure(let other):
                throw other
            }
            if case .refused(let messages)? = outcomes.first {
                try await store.rejectPaymentCorrection(
                    record, message: "refund payment: " + messages.joined(separator: "; "), run: run, at: now())
                summary.rejected += 1
                return
            }
        }
        try await store.setPaymentCorrectionState(correction.id, to: .acknowledged, externalID: noteID, at: now())
        summary.acknowledged += 1
    }

    /// Xero's answer, or how the call failed.
    private static func attempt<Value>(
        _ body: () async throws(XeroError) -> Value
    ) async -> Result<Value, XeroError> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private func markPaid(
        _ record: PaymentCorrectionRecord, run: Int64, now: @Sendable () -> Date, summary: inout XeroApplySummary
    ) async throws(TrueUpError) {
        let correction = record.correction
        guard let storefront, storefront.capabilities.orderStatuses.contains("processing"),
            let orderID = correction.storeRecord
        else {
            summary.storeWaiting += 1
            return
        }
        do throws(TrueUpError) {
            try await storefront.setOrderStatus(
                orderID: orderID, status: "processing",
                comment: "Paid in full in Xero (invoice \(correction.invoiceID ?? "")); marked paid by TrueUp.")
            try await store.setPaymentCorrectionState(correction.id, to: .acknowledged, at: now())
            summary.acknowledged += 1
        } catch  where error.kind == .refused {
            try await store.rejectPaymentCorrection(record, message: error.message, run: run, at: now())
            summary.rejected += 1
        } catch {
            try await store.setPaymentCorrectionState(correction.id, to: .failed, error: error.message, at: now())
            summary.failed += 1
        }
    }
}
