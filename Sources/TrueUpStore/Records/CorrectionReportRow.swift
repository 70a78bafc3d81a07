public import Foundation
public import TrueUpCore
public import TrueUpEngine

/// One correction of the audit trail (`corrections.csv`, DESIGN §6 and §7): a stock correction or
/// a payment correction, what it asked of its side, and what became of it.
public struct CorrectionReportRow: Sendable, Hashable {
    /// The outbox a correction is kept in.
    public enum Outbox: Int, Sendable, Hashable, Comparable {
        /// Stock corrections (`adjust_xero`, `set_store`).
        case inventory = 0
        /// Payment corrections (`xero_payment`, `xero_credit_note`, `xero_spend`, `xero_receive`,
        /// `store_mark_paid`).
        case payment = 1

        public static func < (lhs: Outbox, rhs: Outbox) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A row's place in the report: by the run that planned it, then by id (byte order), then by
    /// outbox. A page of rows ends at a key and the next page starts after it.
    public struct Key: Sendable, Hashable, Comparable {
        public var runID: Int64
        public var id: String
        public var outbox: Outbox

        public init(runID: Int64, id: String, outbox: Outbox) {
            self.runID = runID
            self.id = id
            self.outbox = outbox
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.runID != rhs.runID { return lhs.runID < rhs.runID }
            if lhs.id != rhs.id { return lhs.id.utf8.lexicographicallyPrecedes(rhs.id.utf8) }
            return lhs.outbox < rhs.outbox
        }
    }

    public var outbox: Outbox
    /// The correction's deterministic id, which is also Xero's `Idempotency-Key`.
    public var id: String
    /// The run that planned it; its period is the period the correction belongs to.
    public var runID: Int64
    public var side: Side
    /// `adjust_xero` or `set_store` for stock; the payment correction's action otherwise.
    public var action: String
    /// The SKU of a stock correction; the order number, refund number or payout id of a payment
    /// correction.
    public var subject: String
    /// The Xero item code of a stock correction.
    public var itemCode: String?
    /// A stock correction's quantity: the adjustment for Xero, the absolute target for the storefront.
    public var quantity: Quantity?
    /// A payment correction's amount, in its currency.
    public var amount: Money?
    public var state: CorrectionState
    /// The id the side gave the write (a Xero document or payment id, a storefront record), once
    /// acknowledged.
    public var externalID: String?
    /// The side's last error, for a failed or rejected correction (or why it was withdrawn).
    public var error: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        outbox: Outbox, id: String, runID: Int64, side: Side, action: String, subject: String, itemCode: String? = nil,
        quantity: Quantity? = nil, amount: Money? = nil, state: CorrectionState, externalID: String? = nil,
        error: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.outbox = outbox
        self.id = id
        self.runID = runID
        self.side = side
        self.action = action
        self.subject = subject
        self.itemCode = itemCode
        self.quantity = quantity
        self.amount = amount
        self.state = state
        self.externalID = externalID
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var key: Key { Key(runID: runID, id: id, outbox: outbox) }
}
