public import Foundation

/// A Xero payment (`GET /Payments`): money received or paid against one invoice, credit note,
/// prepayment or overpayment. Xero never edits a payment; it deletes it (`Status` DELETED).
public struct Payment: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case authorised = "AUTHORISED"
        case deleted = "DELETED"
    }

    /// `PaymentType`: what was paid, and which way the money went.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Received against a sales invoice.
        case accrecPayment = "ACCRECPAYMENT"
        /// Paid against a bill.
        case accpayPayment = "ACCPAYPAYMENT"
        /// Paid out against a customer credit note: a refund.
        case arCreditPayment = "ARCREDITPAYMENT"
        /// Received against a supplier credit note.
        case apCreditPayment = "APCREDITPAYMENT"
        case arOverpaymentPayment = "AROVERPAYMENTPAYMENT"
        case arPrepaymentPayment = "ARPREPAYMENTPAYMENT"
        case apPrepaymentPayment = "APPREPAYMENTPAYMENT"
        case apOverpaymentPayment = "APOVERPAYMENTPAYMENT"
    }

    /// `PaymentID`.
    public var id: String
    /// The invoice paid (`Invoice.InvoiceID`), when the payment is on an invoice.
    public var invoiceID: String?
    /// The credit note refunded (`CreditNote.CreditNoteID`), when the payment is on a credit note.
    public var creditNoteID: String?
    /// The number of the invoice paid (`Invoice.InvoiceNumber`).
    public var invoiceNumber: String?
    /// The number of the credit note refunded.
    public var creditNoteNumber: String?
    /// `Reference`: for storefront payments, the gateway's transaction id.
    public var reference: String?
    /// `Amount`, in the currency of the document paid.
    public var amount: Money
    /// The currency of the document paid (a payment has no currency of its own).
    public var currency: Currency { amount.currency }
    /// `Date`: the business date the money moved.
    public var date: LocalDate
    public var status: Status
    public var kind: Kind?
    /// `IsReconciled`: whether the payment has been matched to a bank statement line in Xero.
    public var isReconciled: Bool
    /// The account the money went into or came out of (`Account.Code`, `Account.AccountID`).
    public var accountCode: String?
    public var accountID: String?
    /// `UpdatedDateUTC`: the cursor of incremental reads.
    public var updatedAt: Date

    public init(
        id: String, invoiceID: String? = nil, creditNoteID: String? = nil, invoiceNumber: String? = nil,
        creditNoteNumber: String? = nil, reference: String? = nil, amount: Money, date: LocalDate, status: Status,
        kind: Kind? = nil, isReconciled: Bool, accountCode: String? = nil, accountID: String? = nil, updatedAt: Date
    ) {
        self.id = id
        self.invoiceID = invoiceID
        self.creditNoteID = creditNoteID
        self.invoiceNumber = invoiceNumber
        self.creditNoteNumber = creditNoteNumber
        self.reference = reference
        self.amount = amount
        self.date = date
        self.status = status
        self.kind = kind
        self.isReconciled = isReconciled
        self.accountCode = accountCode
        self.accountID = accountID
        self.updatedAt = updatedAt
    }
}
