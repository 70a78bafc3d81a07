public import TrueUpCore

/// One row of the match: a storefront record with what was found for it on the other legs, or a
/// Xero or bank record that nothing on the storefront explains. Records are named by their index
/// in the ``PaymentMatchInput`` arrays, so a million rows stay small; ``PaymentMatchResult/line(_:)``
/// gives a row's report columns.
public struct PaymentMatch: Sendable, Hashable {
    public static let none: Int32 = -1

    public var kind: StoreLedgerEntry.Kind
    public var status: PaymentStatus
    /// Index into ``PaymentMatchInput/store``, or ``none``.
    public var store: Int32 = none
    /// Index into ``PaymentMatchInput/payments``, or ``none``.
    public var payment: Int32 = none
    /// Index into ``PaymentMatchInput/invoices`` (the order's invoice), or ``none``.
    public var invoice: Int32 = none
    /// Index into ``PaymentMatchInput/creditNotes`` (a refund's credit note), or ``none``.
    public var creditNote: Int32 = none
    /// Index into the bank leg (``PaymentMatchResult/bank``), or ``none``.
    public var bank: Int32 = none
    /// Index into ``PaymentMatchResult/payoutIDs``, or ``none``.
    public var payout: Int32 = none
    /// Index into ``PaymentMatchInput/payouts`` for a payout line no storefront record explains, or ``none``.
    public var payoutLine: Int32 = none
    /// The gateway fee on this record (a payout line's fee), in minor units of the row's currency.
    public var fee: Int64?
    /// Xero's amount less the storefront's, or the bank's less what was expected, where they differ.
    public var difference: Int64?
    public var ledgerRule: LedgerRule?
    public var bankRule: BankRule?
    public var note: MatchNote?

    public init(kind: StoreLedgerEntry.Kind, status: PaymentStatus) {
        self.kind = kind
        self.status = status
    }

    /// The `rule` column: the rules that made the match, `+`-joined, then the note after a `;`.
    public var rule: String {
        var parts: [String] = []
        if let ledgerRule { parts.append(ledgerRule.rawValue) }
        if let bankRule { parts.append(bankRule.rawValue) }
        var text = parts.joined(separator: "+")
        if let note { text += text.isEmpty ? note.rawValue : ";" + note.rawValue }
        return text
    }
}

/// A row's report columns (DESIGN §7, `payments.csv`), in order.
public struct PaymentLine: Sendable, Hashable {
    public var orderNumber: String?
    public var kind: StoreLedgerEntry.Kind
    public var storeRef: String?
    public var storeAmount: Money?
    /// The row's currency: the storefront's, else Xero's, else the bank's.
    public var currency: Currency?
    public var xeroInvoice: String?
    public var xeroRef: String?
    public var xeroAmount: Money?
    public var bankRef: String?
    public var bankAmount: Money?
    public var payoutID: String?
    public var fee: Money?
    public var difference: Money?
    public var status: PaymentStatus
    public var rule: String
    /// The storefront record's date, else Xero's, else the bank's: which period the row belongs to.
    public var date: LocalDate?

    public init(
        orderNumber: String?, kind: StoreLedgerEntry.Kind, storeRef: String?, storeAmount: Money?, currency: Currency?,
        xeroInvoice: String?, xeroRef: String?, xeroAmount: Money?, bankRef: String?, bankAmount: Money?,
        payoutID: String?, fee: Money?, difference: Money?, status: PaymentStatus, rule: String, date: LocalDate?
    ) {
        self.orderNumber = orderNumber
        self.kind = kind
        self.storeRef = storeRef
        self.storeAmount = storeAmount
        self.currency = currency
        self.xeroInvoice = xeroInvoice
        self.xeroRef = xeroRef
        self.xeroAmount = xeroAmount
        self.bankRef = bankRef
        self.bankAmount = bankAmount
        self.payoutID = payoutID
        self.fee = fee
        self.difference = difference
        self.status = status
        self.rule = rule
        self.date = date
    }
}
