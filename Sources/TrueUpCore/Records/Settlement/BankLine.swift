/// One movement on a bank account: the bank leg of the payments match (DESIGN §4). It comes from a
/// bank statement file (camt.053 entry, OFX `STMTTRN`, a CSV row) or from a Xero bank transaction,
/// since the Xero API cannot read bank-feed statement lines.
public struct BankLine: Sendable, Hashable, Codable {
    /// Unique on the bank leg: the statement's own id for the line where it has one (camt.053
    /// `AcctSvcrRef`, OFX `FITID`), else the file and the line's place in it; `xero:<BankTransactionID>`
    /// for a Xero bank transaction.
    public var id: String
    /// Signed: positive for money in (a credit, a RECEIVE), negative for money out.
    public var amount: Money
    public var currency: Currency { amount.currency }
    /// The booking date.
    public var date: LocalDate
    /// The value date, where the statement gives one.
    public var valueDate: LocalDate?
    /// The reference the payer gave: camt.053 `EndToEndId` or structured reference, OFX `REFNUM`
    /// or `CHECKNUM`, Xero `Reference`. A payout's id or a gateway transaction id, when it is one.
    public var reference: String?
    /// Free text: camt.053 `Ustrd` and `AddtlNtryInf`, OFX `NAME` and `MEMO`.
    public var description: String?
    /// Where the line was read: a file and its line or entry number, or `xero:BankTransactions`.
    public var source: String

    public init(
        id: String, amount: Money, date: LocalDate, valueDate: LocalDate? = nil, reference: String? = nil,
        description: String? = nil, source: String
    ) {
        self.id = id
        self.amount = amount
        self.date = date
        self.valueDate = valueDate
        self.reference = reference
        self.description = description
        self.source = source
    }
}
