public import Foundation

/// A Xero bank transaction (`GET /BankTransactions`): money received into or spent from a bank
/// account without an invoice — a storefront payout, a gateway fee. Bank-feed statement lines are
/// not bank transactions and cannot be read through the API.
public struct BankTransaction: Sendable, Hashable, Codable {
    /// `Type`.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case receive = "RECEIVE"
        case receiveOverpayment = "RECEIVE-OVERPAYMENT"
        case receivePrepayment = "RECEIVE-PREPAYMENT"
        case receiveTransfer = "RECEIVE-TRANSFER"
        case spend = "SPEND"
        case spendOverpayment = "SPEND-OVERPAYMENT"
        case spendPrepayment = "SPEND-PREPAYMENT"
        case spendTransfer = "SPEND-TRANSFER"

        /// Whether money came into the bank account.
        public var isReceipt: Bool { rawValue.hasPrefix("RECEIVE") }
    }

    /// `Status`.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case authorised = "AUTHORISED"
        case deleted = "DELETED"
        case voided = "VOIDED"
    }

    /// `BankTransactionID`.
    public var id: String
    public var kind: Kind
    public var status: Status
    /// `Reference`: for a storefront payout, the payout id.
    public var reference: String?
    /// `Total`, tax included, in the transaction's currency; ``kind`` says which way the money went.
    public var total: Money
    public var currency: Currency { total.currency }
    /// `Date`: the business date.
    public var date: LocalDate
    /// The bank account (`BankAccount.Code`, `BankAccount.AccountID`).
    public var bankAccountCode: String?
    public var bankAccountID: String?
    /// `IsReconciled`: whether it has been matched to a bank statement line in Xero.
    public var isReconciled: Bool
    public var lines: [DocumentLine]
    /// `UpdatedDateUTC`: the cursor of incremental reads.
    public var updatedAt: Date

    public init(
        id: String, kind: Kind, status: Status, reference: String? = nil, total: Money, date: LocalDate,
        bankAccountCode: String? = nil, bankAccountID: String? = nil, isReconciled: Bool, lines: [DocumentLine] = [],
        updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.reference = reference
        self.total = total
        self.date = date
        self.bankAccountCode = bankAccountCode
        self.bankAccountID = bankAccountID
        self.isReconciled = isReconciled
        self.lines = lines
        self.updatedAt = updatedAt
    }
}
