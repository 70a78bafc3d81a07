public import TrueUpCore

/// How a document's line amounts treat tax (`LineAmountTypes`): Xero adds tax to `Exclusive`
/// amounts, finds it inside `Inclusive` ones, and charges none on `NoTax`.
public enum XeroLineAmountTypes: String, Sendable, Hashable, Codable, CaseIterable {
    case exclusive = "Exclusive"
    case inclusive = "Inclusive"
    case noTax = "NoTax"
}

/// A line of a credit note TrueUp writes: a storefront refund's item, shipping or adjustment.
public struct CreditNoteLine: Sendable, Hashable {
    public var description: String
    /// `nil` leaves Xero's default of one.
    public var quantity: Quantity?
    /// The price of one unit, in the credit note's currency.
    public var unitAmount: Money
    public var accountCode: String
    /// The item returned; on a tracked item Xero takes the units back into stock.
    public var itemCode: String?
    /// `nil` leaves Xero to use the account's or item's tax type.
    public var taxType: String?

    public init(
        description: String, quantity: Quantity? = nil, unitAmount: Money, accountCode: String,
        itemCode: String? = nil, taxType: String? = nil
    ) {
        self.description = description
        self.quantity = quantity
        self.unitAmount = unitAmount
        self.accountCode = accountCode
        self.itemCode = itemCode
        self.taxType = taxType
    }
}

/// A line of a bank transaction TrueUp writes: a gateway fee or a rounding difference.
public struct BankTransactionLine: Sendable, Hashable {
    public var description: String
    /// `nil` leaves Xero's default of one.
    public var quantity: Quantity?
    /// The amount of one unit, in the transaction's currency.
    public var unitAmount: Money
    /// The expense (fee) or rounding account the amount is posted to; never a bank account.
    public var accountCode: String
    /// `nil` leaves Xero to use the account's tax type.
    public var taxType: String?

    public init(
        description: String, quantity: Quantity? = nil, unitAmount: Money, accountCode: String,
        taxType: String? = nil
    ) {
        self.description = description
        self.quantity = quantity
        self.unitAmount = unitAmount
        self.accountCode = accountCode
        self.taxType = taxType
    }
}

/// The Xero documents payment reconciliation writes (DESIGN §4), as batch elements for
/// ``XeroClient/writeBatch(_:_:_:)``: payments on invoices (`PUT /Payments`), refunds of credit
/// notes (payments with `CreditNote`, `PUT /Payments`), credit notes (`PUT /CreditNotes`) and
/// spend money (`PUT /BankTransactions`). Allocating credit to an invoice is its own call,
/// ``XeroClient/allocate(creditNoteID:invoiceID:amount:date:idempotencyKey:)``.
///
/// Each element's `key` is the correction it carries out: the batch's idempotency key is made
/// from it, so a batch sent again after a lost answer creates nothing twice. Amounts are written
/// as exact decimal JSON numbers in the currency's minor unit (`12.30`, `1230` in JPY), dates as
/// `YYYY-MM-DD` business dates.
public enum SettlementWrites {
    /// A payment received on an invoice, into the bank (or payments-enabled) account `accountCode`.
    public static func payment(
        key: String, invoiceID: String, accountCode: String, date: LocalDate, amount: Money, reference: String?
    ) -> XeroBatchElement {
        var body = JSONObject()
        body["Invoice"] = .object(JSONObject(["InvoiceID": .string(invoiceID)]))
        body["Account"] = .object(JSONObject(["Code": .string(accountCode)]))
        body["Date"] = .string(date.description)
        body["Amount"] = number(amount)
        if let reference { body["Reference"] = .string(reference) }
        return XeroBatchElement(key: key, body: body)
    }

    /// A refund: money paid out of `accountCode` against a customer credit note, which lowers its
    /// `RemainingCredit` (Xero records it as an ARCREDITPAYMENT).
    public static func refundPayment(
        key: String, creditNoteID: String, accountCode: String, date: LocalDate, amount: Money, reference: String?
    ) -> XeroBatchElement {
        var body = JSONObject()
        body["CreditNote"] = .object(JSONObject(["CreditNoteID": .string(creditNoteID)]))
        body["Account"] = .object(JSONObject(["Code": .string(accountCode)]))
        body["Date"] = .string(date.description)
        body["Amount"] = number(amount)
        if let reference { body["Reference"] = .string(reference) }
        return XeroBatchElement(key: key, body: body)
    }

    /// A credit note for contact `contactID`, by default a customer credit (ACCRECCREDIT),
    /// authorised so that it can be allocated or refunded at once. Xero accepts `DRAFT`,
    /// `SUBMITTED` or `AUTHORISED` for a new note; the number is Xero's (`CN-0001`), and
    /// `reference` carries the storefront refund's number.
    public static func creditNote(
        key: String, contactID: String, date: LocalDate, reference: String, currency: Currency,
        lines: [CreditNoteLine], lineAmountTypes: XeroLineAmountTypes = .exclusive,
        kind: CreditNote.Kind = .accreccredit, status: DocumentStatus = .authorised
    ) -> XeroBatchElement {
        var body = JSONObject()
        body["Type"] = .string(kind.rawValue)
        body["Contact"] = .object(JSONObject(["ContactID": .string(contactID)]))
        body["Date"] = .string(date.description)
        body["Reference"] = .string(reference)
        body["CurrencyCode"] = .string(currency.code)
        body["LineAmountTypes"] = .string(lineAmountTypes.rawValue)
        body["Status"] = .string(status.rawValue)
        body["LineItems"] = .array(
            lines.map { line in
                .object(
                    lineItem(
                        description: line.description, quantity: line.quantity, unitAmount: line.unitAmount,
                        accountCode: line.accountCode, itemCode: line.itemCode, taxType: line.taxType))
            })
        return XeroBatchElement(key: key, body: body)
    }

    /// Spend money (`Type` SPEND) out of the bank account `bankAccountCode`: gateway fees or a
    /// rounding difference, paid to contact `contactID`.
    public static func spend(
        key: String, bankAccountCode: String, contactID: String, date: LocalDate, reference: String,
        currency: Currency, lines: [BankTransactionLine], lineAmountTypes: XeroLineAmountTypes = .exclusive
    ) -> XeroBatchElement {
        bankTransaction(
            key: key, type: .spend, bankAccountCode: bankAccountCode, contact: .id(contactID), date: date,
            reference: reference, currency: currency, lines: lines, lineAmountTypes: lineAmountTypes)
    }

    /// Which contact a document names: an existing one by id, or one by name, which Xero creates
    /// on first use.
    public enum ContactReference: Sendable, Hashable {
        case id(String)
        case name(String)
    }

    /// Spend money (`SPEND`, out of `bankAccountCode`) or receive money (`RECEIVE`, into it) with
    /// `contact`: gateway fees, or a rounding difference either way.
    public static func bankTransaction(
        key: String, type: BankTransaction.Kind, bankAccountCode: String, contact: ContactReference,
        date: LocalDate, reference: String, currency: Currency, lines: [BankTransactionLine],
        lineAmountTypes: XeroLineAmountTypes = .exclusive
    ) -> XeroBatchElement {
        var body = JSONObject()
        body["Type"] = .string(type.rawValue)
        switch contact {
        case .id(let id): body["Contact"] = .object(JSONObject(["ContactID": .string(id)]))
        case .name(let name): body["Contact"] = .object(JSONObject(["Name": .string(name)]))
        }
        body["BankAccount"] = .object(JSONObject(["Code": .string(bankAccountCode)]))
        body["Date"] = .string(date.description)
        body["Reference"] = .string(reference)
        body["CurrencyCode"] = .string(currency.code)
        body["LineAmountTypes"] = .string(lineAmountTypes.rawValue)
        body["LineItems"] = .array(
            lines.map { line in
                .object(
                    lineItem(
                        description: line.description, quantity: line.quantity, unitAmount: line.unitAmount,
                        accountCode: line.accountCode, itemCode: nil, taxType: line.taxType))
            })
        return XeroBatchElement(key: key, body: body)
    }

    /// The body of `PUT /CreditNotes/{CreditNoteID}/Allocations` for one allocation.
    public static func allocation(invoiceID: String, amount: Money, date: LocalDate) -> JSONObject {
        let allocation = JSONObject([
            "Amount": number(amount),
            "Date": .string(date.description),
            "Invoice": .object(JSONObject(["InvoiceID": .string(invoiceID)])),
        ])
        return JSONObject(["Allocations": .array([.object(allocation)])])
    }

    private static func lineItem(
        description: String, quantity: Quantity?, unitAmount: Money, accountCode: String, itemCode: String?,
        taxType: String?
    ) -> JSONObject {
        var line = JSONObject()
        if let itemCode { line["ItemCode"] = .string(itemCode) }
        line["Description"] = .string(description)
        if let quantity { line["Quantity"] = .number(quantity.fixed) }
        line["UnitAmount"] = number(unitAmount)
        line["AccountCode"] = .string(accountCode)
        if let taxType { line["TaxType"] = .string(taxType) }
        return line
    }

    /// An amount as an exact JSON number in its currency's minor unit, never through `Double`.
    private static func number(_ money: Money) -> JSONValue { .number(money.amount) }
}
