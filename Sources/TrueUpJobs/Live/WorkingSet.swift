public import Foundation
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore

/// The orders, refunds and Xero sales documents a pair keeps between runs.
///
/// Both sides are read incrementally, so one run sees only what changed since the last; but the
/// in-flight units of DESIGN §3 depend on every order that Xero has not invoiced yet, however old.
/// The working set holds what earlier runs read, merged with each new read (a later copy of a
/// record replaces an earlier one), and lets go of what can no longer matter: orders and refunds
/// that Xero has posted, and documents no kept order or refund refers to, once they are older
/// than the retention window (which must cover the reads' overlap and a month end).
public struct WorkingSet: Sendable {
    public var orders: [Order] = []
    public var refunds: [Refund] = []
    /// ACCREC invoices (those with a reference post an order).
    public var invoices: [Invoice] = []
    /// ACCRECCREDIT notes (those with a reference post a refund).
    public var creditNotes: [CreditNote] = []
    /// Xero payments, for the payments match.
    public var payments: [Payment] = []
    /// Xero bank transactions, for the payments match.
    public var bankTransactions: [BankTransaction] = []
    /// The storefront's captures, for the payments match.
    public var storePayments: [StorePayment] = []

    public init() {}

    /// How long a settled record is kept after its last change.
    public static let retention: Duration = .seconds(45 * 86_400)

    /// Adds what a run read to the pair's working set in the state.
    public static func merge(
        orders: [Order], refunds: [Refund], invoices: [Invoice], creditNotes: [CreditNote], payments: [Payment] = [],
        bankTransactions: [BankTransaction] = [], storePayments: [StorePayment] = [], pair: String,
        store: StateStore, at now: Date
    ) async throws(TrueUpError) {
        try await store.mergeWorking(encode(payments), family: .payment, pair: pair, at: now)
        try await store.mergeWorking(encode(bankTransactions), family: .bankTransaction, pair: pair, at: now)
        try await store.mergeWorking(encode(storePayments), family: .storePayment, pair: pair, at: now)
        try await store.mergeWorking(encode(orders), family: .order, pair: pair, at: now)
        try await store.mergeWorking(encode(refunds), family: .refund, pair: pair, at: now)
        // Every sales document: those with a reference post orders and refunds, and the payments
        // match needs the rest too (a payment keyed in Xero on an invoice without a reference).
        let sales = invoices.filter { $0.kind == .accrec }
        try await store.mergeWorking(encode(sales), family: .invoice, pair: pair, at: now)
        let notes = creditNotes.filter { $0.kind == .accreccredit }
        try await store.mergeWorking(encode(notes), family: .creditNote, pair: pair, at: now)
    }

    /// The pair's working set as the state holds it.
    ///
    /// - Parameter read: what the run has just merged, if it holds it: a kept record that is the
    ///   copy merged (the same id, changed at the same time) is taken from it rather than decoded
    ///   again. A later copy the state already held is decoded as always.
    public static func load(
        pair: String, store: StateStore, reusing read: WorkingSet = WorkingSet()
    )
        async throws(TrueUpError) -> WorkingSet
    {
        var set = WorkingSet()
        set.orders = try decode(try await store.working(.order, pair: pair), family: .order, reusing: read.orders)
        set.refunds = try decode(try await store.working(.refund, pair: pair), family: .refund, reusing: read.refunds)
        set.invoices = try decode(
            try await store.working(.invoice, pair: pair), family: .invoice, reusing: read.invoices)
        set.creditNotes = try decode(
            try await store.working(.creditNote, pair: pair), family: .creditNote, reusing: read.creditNotes)
        set.payments = try decode(
            try await store.working(.payment, pair: pair), family: .payment, reusing: read.payments)
        set.bankTransactions = try decode(
            try await store.working(.bankTransaction, pair: pair), family: .bankTransaction,
            reusing: read.bankTransactions)
        set.storePayments = try decode(
            try await store.working(.storePayment, pair: pair), family: .storePayment, reusing: read.storePayments)
        return set
    }

    /// The ids to let go of as of `now`, by family.
    public func settled(asOf now: Date, retention: Duration = WorkingSet.retention) -> [WorkingFamily: [String]] {
        let cutoff = now.addingTimeInterval(-Double(retention.components.seconds))
        let postedOrders = Set(invoices.filter { $0.status.isPosted }.compactMap { Self.trimmed($0.reference) })
        let postedRefunds = Set(creditNotes.filter { $0.status.isPosted }.compactMap { Self.trimmed($0.reference) })
        let droppedOrders = orders.filter { order in
            order.updatedAt < cutoff && (postedOrders.contains(order.number) || order.lines.allSatisfy(Self.settled))
        }
        let droppedRefunds = refunds.filter { refund in
            refund.updatedAt < cutoff
                && (postedRefunds.contains(refund.number) || refund.lines.allSatisfy { $0.quantityRestocked == .zero })
        }
        let dropped = Set(droppedOrders.map(\.id))
        let droppedRefundIDs = Set(droppedRefunds.map(\.id))
        let keptNumbers = Set(orders.filter { !dropped.contains($0.id) }.map(\.number))
        let keptRefundNumbers = Set(refunds.filter { !droppedRefundIDs.contains($0.id) }.map(\.number))
        let droppedInvoices = invoices.filter { invoice in
            (invoice.updatedAt ?? .distantPast) < cutoff && !keptNumbers.contains(Self.trimmed(invoice.reference) ?? "")
        }
        let droppedNotes = creditNotes.filter { note in
            (note.updatedAt ?? .distantPast) < cutoff && !keptRefundNumbers.contains(Self.trimmed(note.reference) ?? "")
        }
        // Money records go with their documents, and are kept at least for the retention window.
        let keptOrderIDs = Set(orders.filter { !dropped.contains($0.id) }.map(\.id))
        let keptInvoiceIDs = Set(invoices.map(\.id)).subtracting(droppedInvoices.map(\.id))
        let keptNoteIDs = Set(creditNotes.map(\.id)).subtracting(droppedNotes.map(\.id))
        let droppedPayments = payments.filter { payment in
            payment.updatedAt < cutoff && !keptInvoiceIDs.contains(payment.invoiceID ?? "")
                && !keptNoteIDs.contains(payment.creditNoteID ?? "")
        }
        let droppedTransactions = bankTransactions.filter { $0.updatedAt < cutoff }
        let droppedCaptures = storePayments.filter { $0.updatedAt < cutoff && !keptOrderIDs.contains($0.orderID) }
        return [
            .order: droppedOrders.map(\.id), .refund: droppedRefunds.map(\.id), .invoice: droppedInvoices.map(\.id),
            .creditNote: droppedNotes.map(\.id), .payment: droppedPayments.map(\.id),
            .bankTransaction: droppedTransactions.map(\.id), .storePayment: droppedCaptures.map(\.id),
        ]
    }

    /// Lets go of the settled records in the state.
    public func prune(pair: String, store: StateStore, asOf now: Date) async throws(TrueUpError) -> Int {
        var dropped = 0
        for (family, ids) in settled(asOf: now).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try await store.dropWorking(ids, family: family, pair: pair)
            dropped += ids.count
        }
        return dropped
    }

    /// A line that moved no stock (fully canceled) or left none in flight.
    private static func settled(_ line: OrderLine) -> Bool {
        line.quantityDeducted == .zero && line.quantitySold == .zero
    }

    private static func trimmed(_ text: String?) -> String? {
        text?.trimmingCharacters(in: .whitespaces)
    }

    private static func encode<Record: KeptRecord>(_ records: [Record]) -> [WorkingRecord] {
        records.map { WorkingRecord(id: $0.id, updatedAt: $0.keptUpdatedAt, json: $0.keptJSON) }
    }

    private static func decode<Record: KeptRecord>(
        _ records: [WorkingRecord], family: WorkingFamily, reusing read: [Record]
    ) throws(TrueUpError) -> [Record] {
        var held: [String: Record] = [:]
        held.reserveCapacity(read.count)
        for record in read { held[record.id] = record }
        var result: [Record] = []
        result.reserveCapacity(records.count)
        for record in records {
            if let copy = held[record.id], record.isCopy(updatedAt: copy.keptUpdatedAt) {
                result.append(copy)
                continue
            }
            do {
                result.append(try Record(keptJSON: record.json))
            } catch {
                throw .state(
                    "the state's kept \(family.rawValue) \(record.id) cannot be read (\(error)); "
                        + "it was written by another version of TrueUp or changed by hand")
            }
        }
        return result
    }
}
