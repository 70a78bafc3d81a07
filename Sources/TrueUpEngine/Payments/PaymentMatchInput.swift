public import TrueUpCore

/// Everything the payments match reads (DESIGN §4): the storefront leg, the Xero leg, the bank
/// leg and the gateway's payouts, as canonical records.
public struct PaymentMatchInput: Sendable {
    /// The pair, part of every correction's id.
    public var pair: String
    /// Storefront payments and refunds.
    public var store: [StoreLedgerEntry]
    /// Xero invoices: ACCREC invoices are found by `Reference` = order number; others are ignored.
    public var invoices: [Invoice]
    /// Xero credit notes: ACCRECCREDIT notes are found by `Reference` = refund number or by their
    /// allocation to an order's invoice; others are ignored.
    public var creditNotes: [CreditNote]
    /// Xero payments (on invoices, and refunds on credit notes). Deleted payments are ignored.
    public var payments: [Payment]
    /// Xero bank transactions: the bank leg when no statement is given, and the fee SPENDs
    /// already made.
    public var bankTransactions: [BankTransaction]
    /// Bank statement lines. When there are any, they are the bank leg, and Xero bank transactions
    /// only tell which fees were already spent.
    public var statement: [BankLine]
    /// The gateway's payout lines.
    public var payouts: [PayoutLine]
    /// Orders the storefront still shows as awaiting payment: an order here whose invoice Xero
    /// shows PAID is marked paid in the shop.
    /// Keyed by order number, with the storefront's own id of the order.
    public var unpaidOrders: [String: String]
    /// Refund numbers whose units went back on the shelf: their credit note must carry the items
    /// (so that Xero's stock rises with it), which a payments correction cannot write, so a missing
    /// one is a conflict rather than a correction.
    public var restockedRefunds: Set<String>
    /// The day the run looks from, in the organisation's timezone: decides what is overdue.
    public var asOf: LocalDate
    public var settings: PaymentMatchSettings

    public init(
        pair: String, store: [StoreLedgerEntry] = [], invoices: [Invoice] = [], creditNotes: [CreditNote] = [],
        payments: [Payment] = [], bankTransactions: [BankTransaction] = [], statement: [BankLine] = [],
        payouts: [PayoutLine] = [], unpaidOrders: [String: String] = [:], restockedRefunds: Set<String> = [],
        asOf: LocalDate,
        settings: PaymentMatchSettings = PaymentMatchSettings()
    ) {
        self.pair = pair
        self.store = store
        self.invoices = invoices
        self.creditNotes = creditNotes
        self.payments = payments
        self.bankTransactions = bankTransactions
        self.statement = statement
        self.payouts = payouts
        self.unpaidOrders = unpaidOrders
        self.restockedRefunds = restockedRefunds
        self.asOf = asOf
        self.settings = settings
    }
}
