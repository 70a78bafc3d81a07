/// Money a storefront took for an order or gave back: a capture (a Magento invoice, a CSV feed's
/// payment row) or a refund (a Magento credit memo, a CSV feed's refund row). The storefront leg of
/// the payments match (DESIGN §4).
public struct StoreLedgerEntry: Sendable, Hashable, Codable {
    /// Which way the money went.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The customer paid.
        case payment
        /// The customer was paid back.
        case refund
    }

    /// Unique on the storefront leg: the platform's record kind and id, such as `invoice:17` or
    /// `creditmemo:4`, or a CSV feed's file and line.
    public var id: String
    public var kind: Kind
    /// The order the money belongs to (Magento `increment_id`): a Xero invoice's `Reference`.
    public var orderNumber: String
    /// The payment gateway's transaction id (Magento `txn_id`, `last_trans_id`): a Xero payment's
    /// `Reference`, and often a payout file's transaction reference.
    public var reference: String?
    /// For a refund, the refund's own number (credit memo `increment_id`): a Xero credit note's
    /// `Reference`.
    public var refundNumber: String?
    /// The amount, positive whichever way the money went.
    public var amount: Money
    public var currency: Currency { amount.currency }
    /// The business date the money moved, in the organisation's timezone.
    public var date: LocalDate
    /// The payment method code (Magento `payment.method`, such as `checkmo` or `stripe_payments`):
    /// chooses the match tolerances and the account a Xero payment goes to.
    public var method: String?

    public init(
        id: String, kind: Kind, orderNumber: String, reference: String? = nil, refundNumber: String? = nil,
        amount: Money, date: LocalDate, method: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.orderNumber = orderNumber
        self.reference = reference
        self.refundNumber = refundNumber
        self.amount = amount
        self.date = date
        self.method = method
    }
}
