public import TrueUpCore

/// A change the payments match plans (DESIGN §4), written to the outbox before anything is sent.
/// Its id is deterministic, and is Xero's `Idempotency-Key`.
public struct PaymentCorrection: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// A Xero payment on the order's open invoice, to ``PaymentCorrection/account``.
        case xeroPayment = "xero_payment"
        /// A Xero ACCRECCREDIT credit note for a storefront refund, allocated to the order's invoice
        /// up to ``PaymentCorrection/allocate``, the rest refunded from ``PaymentCorrection/account``.
        case xeroCreditNote = "xero_credit_note"
        /// A Xero SPEND bank transaction from ``PaymentCorrection/bankAccount`` to
        /// ``PaymentCorrection/account``: gateway fees, or a rounding difference within tolerance.
        case xeroSpend = "xero_spend"
        /// A Xero RECEIVE bank transaction into ``PaymentCorrection/bankAccount`` from
        /// ``PaymentCorrection/account``: a rounding difference within tolerance the other way.
        case xeroReceive = "xero_receive"
        /// Mark the storefront order paid: Xero shows its invoice PAID.
        case storeMarkPaid = "store_mark_paid"
    }

    public var id: String
    public var action: Action
    public var side: Side { action == .storeMarkPaid ? .store : .xero }
    /// What the correction is about: an order number, a refund number or a payout id.
    public var subject: String
    public var orderNumber: String?
    /// The Xero invoice paid, credited or allocated to.
    public var invoiceID: String?
    /// The payment's, credit note's or spend's amount.
    public var amount: Money
    /// For a credit note: the part allocated to the invoice (the rest is refunded).
    public var allocate: Money?
    public var date: LocalDate
    /// The payment account, the refund account, or the account a spend is posted to.
    public var account: String?
    /// For a spend: the bank account it comes out of. For a credit note: the account of its line.
    public var bankAccount: String?
    /// The `Reference` written: the gateway transaction id, the refund number, the payout id.
    public var reference: String?
    /// The storefront record the correction answers, when one does.
    public var storeRecord: String?
    /// For a credit note: the Xero contact of the invoice it credits, when the run read it.
    public var contactID: String?

    public init(
        pair: String, action: Action, subject: String, orderNumber: String? = nil, invoiceID: String? = nil,
        amount: Money, allocate: Money? = nil, date: LocalDate, account: String? = nil, bankAccount: String? = nil,
        reference: String? = nil, storeRecord: String? = nil, contactID: String? = nil
    ) {
        self.action = action
        self.subject = subject
        self.orderNumber = orderNumber
        self.invoiceID = invoiceID
        self.amount = amount
        self.allocate = allocate
        self.date = date
        self.account = account
        self.bankAccount = bankAccount
        self.reference = reference
        self.storeRecord = storeRecord
        self.contactID = contactID
        id = StableID.make([
            "payment", pair, action.rawValue, subject, storeRecord ?? "-", invoiceID ?? "-", amount.description,
            allocate?.description ?? "-", reference ?? "-",
        ])
    }
}
