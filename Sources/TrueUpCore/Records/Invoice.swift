public import Foundation

/// A Xero invoice or bill.
public struct Invoice: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A sales invoice (accounts receivable): lowers stock of tracked items.
        case accrec = "ACCREC"
        /// A bill (accounts payable): raises stock of tracked items.
        case accpay = "ACCPAY"
    }

    public var id: String
    public var number: String?
    public var kind: Kind
    public var status: DocumentStatus
    /// For ACCREC invoices, the storefront order number the invoice posts.
    public var reference: String?
    public var date: LocalDate?
    public var currency: Currency
    public var lines: [DocumentLine]
    public var total: Money?
    public var amountDue: Money?
    public var updatedAt: Date?
    /// The Xero contact the invoice is to (`Contact.ContactID`): a credit note for it goes to the same one.
    public var contactID: String?

    public init(
        id: String, number: String?, kind: Kind, status: DocumentStatus, reference: String?, date: LocalDate?,
        currency: Currency, lines: [DocumentLine], total: Money? = nil, amountDue: Money? = nil, updatedAt: Date? = nil,
        contactID: String? = nil
    ) {
        self.id = id
        self.number = number
        self.kind = kind
        self.status = status
        self.reference = reference
        self.date = date
        self.currency = currency
        self.lines = lines
        self.total = total
        self.amountDue = amountDue
        self.updatedAt = updatedAt
        self.contactID = contactID
    }
}

/// A Xero credit note.
public struct CreditNote: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A customer credit: raises stock of tracked items it returns.
        case accreccredit = "ACCRECCREDIT"
        case accpaycredit = "ACCPAYCREDIT"
    }

    public var id: String
    public var number: String?
    public var kind: Kind
    public var status: DocumentStatus
    /// For ACCRECCREDIT notes, the storefront refund number the note posts.
    public var reference: String?
    public var date: LocalDate?
    public var currency: Currency
    public var lines: [DocumentLine]
    public var total: Money?
    /// `RemainingCredit`: what is left to allocate or refund.
    public var remainingCredit: Money?
    /// `Allocations`: the parts of the credit applied to invoices.
    public var allocations: [CreditAllocation]
    public var updatedAt: Date?

    public init(
        id: String, number: String?, kind: Kind, status: DocumentStatus, reference: String?, date: LocalDate?,
        currency: Currency, lines: [DocumentLine], total: Money? = nil, remainingCredit: Money? = nil,
        allocations: [CreditAllocation] = [], updatedAt: Date? = nil
    ) {
        self.id = id
        self.number = number
        self.kind = kind
        self.status = status
        self.reference = reference
        self.date = date
        self.currency = currency
        self.lines = lines
        self.total = total
        self.remainingCredit = remainingCredit
        self.allocations = allocations
        self.updatedAt = updatedAt
    }
}

/// Part of a credit note applied to an invoice (`CreditNote.Allocations[]`).
public struct CreditAllocation: Sendable, Hashable, Codable {
    /// `Invoice.InvoiceID`.
    public var invoiceID: String
    /// `Invoice.InvoiceNumber`, where given.
    public var invoiceNumber: String?
    /// `Amount`, in the credit note's currency.
    public var amount: Money
    public var date: LocalDate?

    public init(invoiceID: String, invoiceNumber: String? = nil, amount: Money, date: LocalDate? = nil) {
        self.invoiceID = invoiceID
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.date = date
    }
}

/// The status of a Xero invoice or credit note.
public enum DocumentStatus: String, Sendable, Codable, CaseIterable {
    case draft = "DRAFT"
    case submitted = "SUBMITTED"
    case authorised = "AUTHORISED"
    case paid = "PAID"
    case voided = "VOIDED"
    case deleted = "DELETED"

    /// AUTHORISED and PAID documents have moved stock in Xero; the others have not.
    public var isPosted: Bool { self == .authorised || self == .paid }
}

/// A line of a Xero invoice or credit note.
public struct DocumentLine: Sendable, Hashable, Codable {
    public var itemCode: String?
    public var description: String?
    public var quantity: Quantity?
    public var unitAmount: UnitPrice?
    public var lineAmount: Money?
    public var accountCode: String?

    public init(
        itemCode: String?, description: String? = nil, quantity: Quantity?, unitAmount: UnitPrice? = nil,
        lineAmount: Money? = nil, accountCode: String? = nil
    ) {
        self.itemCode = itemCode
        self.description = description
        self.quantity = quantity
        self.unitAmount = unitAmount
        self.lineAmount = lineAmount
        self.accountCode = accountCode
    }
}
