import Foundation
import StorefrontKit
import TrueUpCore

/// A record the working set keeps: its id, the time of its last change that decides which of two
/// copies is kept, and its JSON in the state.
///
/// The JSON is what `JSONEncoder` makes of the record (keys sorted, times in milliseconds since
/// 1970, money and quantities as exact text), so a state written by either reads with the other.
/// Each record reads and writes its own members instead of going through `Codable`, which spent
/// most of a steady-state nightly decoding the working set member by generic member.
protocol KeptRecord: Sendable {
    var id: String { get }
    var keptUpdatedAt: Date { get }
    func write(to out: inout JSONStreamWriter)
    init(kept reader: inout JSONReader) throws(JSONSyntaxError)
}

extension KeptRecord {
    /// The record's JSON for the state.
    var keptJSON: String {
        var out = JSONStreamWriter()
        write(to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A record from its JSON in the state.
    init(keptJSON json: String) throws(JSONSyntaxError) {
        self = try JSONReader.read(json.utf8) { reader throws(JSONSyntaxError) in try Self(kept: &reader) }
    }
}

// MARK: Storefront records

extension Order: KeptRecord {
    var keptUpdatedAt: Date { updatedAt }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("createdAt", createdAt)
        out.member("currency", currency)
        out.member("customerID", customerID)
        out.member("grandTotal", grandTotal)
        out.member("id", id)
        out.member("lines", lines)
        out.member("number", number)
        out.member("payment", payment)
        out.member("state", state)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var number: String?
        var state: String?
        var createdAt: Date?
        var updatedAt: Date?
        var currency: Currency?
        var grandTotal: Money?
        var customerID: String?
        var lines: [OrderLine]?
        var payment: OrderPayment?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "number": number = try reader.string()
            case "state": state = try reader.string()
            case "createdAt": createdAt = try reader.date()
            case "updatedAt": updatedAt = try reader.date()
            case "currency": currency = try reader.currency()
            case "grandTotal": grandTotal = try reader.optionalMoney()
            case "customerID":
                customerID = try reader.optionalString()
            case "lines": lines = try reader.list { reader throws(JSONSyntaxError) in try OrderLine(kept: &reader) }
            case "payment":
                payment = try reader.optional { reader throws(JSONSyntaxError) in try OrderPayment(kept: &reader) }
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), number: try reader.required(number, "number"),
            state: try reader.required(state, "state"), createdAt: try reader.required(createdAt, "createdAt"),
            updatedAt: try reader.required(updatedAt, "updatedAt"), currency: try reader.required(currency, "currency"),
            grandTotal: grandTotal, customerID: customerID, lines: try reader.required(lines, "lines"),
            payment: payment)
    }
}

extension OrderLine: KeptMember {
    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("quantityCanceled", quantityCanceled)
        out.member("quantityOrdered", quantityOrdered)
        out.member("quantityRefunded", quantityRefunded)
        out.member("quantityShipped", quantityShipped)
        out.member("sku", sku)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var sku: String?
        var ordered: Quantity?
        var canceled: Quantity?
        var refunded: Quantity?
        var shipped: Quantity?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "sku": sku = try reader.string()
            case "quantityOrdered": ordered = try reader.quantity()
            case "quantityCanceled": canceled = try reader.quantity()
            case "quantityRefunded": refunded = try reader.quantity()
            case "quantityShipped":
                shipped = try reader.optionalQuantity()
            default: try reader.skipValue()
            }
        }
        self.init(
            sku: try reader.required(sku, "sku"), quantityOrdered: try reader.required(ordered, "quantityOrdered"),
            quantityCanceled: try reader.required(canceled, "quantityCanceled"),
            quantityRefunded: try reader.required(refunded, "quantityRefunded"), quantityShipped: shipped)
    }
}

extension OrderPayment: KeptMember {
    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("amountPaid", amountPaid)
        out.member("lastTransactionID", lastTransactionID)
        out.member("method", method)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var method: String?
        var amountPaid: Money?
        var lastTransactionID: String?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "method": method = try reader.optionalString()
            case "amountPaid": amountPaid = try reader.optionalMoney()
            case "lastTransactionID":
                lastTransactionID = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(method: method, amountPaid: amountPaid, lastTransactionID: lastTransactionID)
    }
}

extension Refund: KeptRecord {
    var keptUpdatedAt: Date { updatedAt }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("createdAt", createdAt)
        out.member("currency", currency)
        out.member("id", id)
        out.member("lines", lines)
        out.member("number", number)
        out.member("orderID", orderID)
        out.member("reference", reference)
        out.member("total", total)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var number: String?
        var orderID: String?
        var createdAt: Date?
        var updatedAt: Date?
        var currency: Currency?
        var total: Money?
        var lines: [RefundLine]?
        var reference: String?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "number": number = try reader.string()
            case "orderID": orderID = try reader.string()
            case "createdAt": createdAt = try reader.date()
            case "updatedAt": updatedAt = try reader.date()
            case "currency": currency = try reader.currency()
            case "total": total = try reader.optionalMoney()
            case "lines": lines = try reader.list { reader throws(JSONSyntaxError) in try RefundLine(kept: &reader) }
            case "reference": reference = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), number: try reader.required(number, "number"),
            orderID: try reader.required(orderID, "orderID"), createdAt: try reader.required(createdAt, "createdAt"),
            updatedAt: try reader.required(updatedAt, "updatedAt"), currency: try reader.required(currency, "currency"),
            total: total, lines: try reader.required(lines, "lines"), reference: reference)
    }
}

extension RefundLine: KeptMember {
    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("quantity", quantity)
        out.member("quantityRestocked", quantityRestocked)
        out.member("sku", sku)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var sku: String?
        var quantity: Quantity?
        var restocked: Quantity?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "sku": sku = try reader.string()
            case "quantity": quantity = try reader.quantity()
            case "quantityRestocked": restocked = try reader.quantity()
            default: try reader.skipValue()
            }
        }
        self.init(
            sku: try reader.required(sku, "sku"), quantity: try reader.required(quantity, "quantity"),
            quantityRestocked: try reader.required(restocked, "quantityRestocked"))
    }
}

extension StorePayment: KeptRecord {
    var keptUpdatedAt: Date { updatedAt }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("amount", amount)
        out.member("createdAt", createdAt)
        out.member("id", id)
        out.member("method", method)
        out.member("number", number)
        out.member("orderID", orderID)
        out.member("reference", reference)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var number: String?
        var orderID: String?
        var reference: String?
        var amount: Money?
        var createdAt: Date?
        var updatedAt: Date?
        var method: String?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "number": number = try reader.optionalString()
            case "orderID": orderID = try reader.string()
            case "reference": reference = try reader.optionalString()
            case "amount": amount = try reader.money()
            case "createdAt": createdAt = try reader.date()
            case "updatedAt": updatedAt = try reader.date()
            case "method": method = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), number: number, orderID: try reader.required(orderID, "orderID"),
            reference: reference, amount: try reader.required(amount, "amount"),
            createdAt: try reader.required(createdAt, "createdAt"),
            updatedAt: try reader.required(updatedAt, "updatedAt"),
            method: method)
    }
}

// MARK: Xero records

extension Invoice: KeptRecord {
    /// Documents read without `UpdatedDateUTC` count as changed at the epoch: any dated copy wins.
    var keptUpdatedAt: Date { updatedAt ?? Date(timeIntervalSince1970: 0) }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("amountDue", amountDue)
        out.member("contactID", contactID)
        out.member("currency", currency)
        out.member("date", date)
        out.member("id", id)
        out.member("kind", kind)
        out.member("lines", lines)
        out.member("number", number)
        out.member("reference", reference)
        out.member("status", status)
        out.member("total", total)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var number: String?
        var kind: Kind?
        var status: DocumentStatus?
        var reference: String?
        var date: LocalDate?
        var currency: Currency?
        var lines: [DocumentLine]?
        var total: Money?
        var amountDue: Money?
        var updatedAt: Date?
        var contactID: String?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "number": number = try reader.optionalString()
            case "kind": kind = try reader.choice()
            case "status": status = try reader.choice()
            case "reference": reference = try reader.optionalString()
            case "date": date = try reader.optionalLocalDate()
            case "currency": currency = try reader.currency()
            case "lines": lines = try reader.list { reader throws(JSONSyntaxError) in try DocumentLine(kept: &reader) }
            case "total": total = try reader.optionalMoney()
            case "amountDue": amountDue = try reader.optionalMoney()
            case "updatedAt": updatedAt = try reader.optionalDate()
            case "contactID": contactID = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), number: number, kind: try reader.required(kind, "kind"),
            status: try reader.required(status, "status"), reference: reference, date: date,
            currency: try reader.required(currency, "currency"), lines: try reader.required(lines, "lines"),
            total: total, amountDue: amountDue, updatedAt: updatedAt, contactID: contactID)
    }
}

extension CreditNote: KeptRecord {
    /// Documents read without `UpdatedDateUTC` count as changed at the epoch: any dated copy wins.
    var keptUpdatedAt: Date { updatedAt ?? Date(timeIntervalSince1970: 0) }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("allocations", allocations)
        out.member("currency", currency)
        out.member("date", date)
        out.member("id", id)
        out.member("kind", kind)
        out.member("lines", lines)
        out.member("number", number)
        out.member("reference", reference)
        out.member("remainingCredit", remainingCredit)
        out.member("status", status)
        out.member("total", total)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var number: String?
        var kind: Kind?
        var status: DocumentStatus?
        var reference: String?
        var date: LocalDate?
        var currency: Currency?
        var lines: [DocumentLine]?
        var total: Money?
        var remainingCredit: Money?
        var allocations: [CreditAllocation]?
        var updatedAt: Date?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "number": number = try reader.optionalString()
            case "kind": kind = try reader.choice()
            case "status": status = try reader.choice()
            case "reference": reference = try reader.optionalString()
            case "date": date = try reader.optionalLocalDate()
            case "currency": currency = try reader.currency()
            case "lines": lines = try reader.list { reader throws(JSONSyntaxError) in try DocumentLine(kept: &reader) }
            case "total": total = try reader.optionalMoney()
            case "remainingCredit":
                remainingCredit = try reader.optionalMoney()
            case "allocations":
                allocations = try reader.list { reader throws(JSONSyntaxError) in try CreditAllocation(kept: &reader) }
            case "updatedAt": updatedAt = try reader.optionalDate()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), number: number, kind: try reader.required(kind, "kind"),
            status: try reader.required(status, "status"), reference: reference, date: date,
            currency: try reader.required(currency, "currency"), lines: try reader.required(lines, "lines"),
            total: total, remainingCredit: remainingCredit,
            allocations: try reader.required(allocations, "allocations"),
            updatedAt: updatedAt)
    }
}

extension DocumentLine: KeptMember {
    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("accountCode", accountCode)
        out.member("description", description)
        out.member("itemCode", itemCode)
        out.member("lineAmount", lineAmount)
        out.member("quantity", quantity)
        out.member("unitAmount", unitAmount)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var itemCode: String?
        var description: String?
        var quantity: Quantity?
        var unitAmount: UnitPrice?
        var lineAmount: Money?
        var accountCode: String?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "itemCode": itemCode = try reader.optionalString()
            case "description":
                description = try reader.optionalString()
            case "quantity": quantity = try reader.optionalQuantity()
            case "unitAmount":
                unitAmount = try reader.optionalUnitPrice()
            case "lineAmount": lineAmount = try reader.optionalMoney()
            case "accountCode":
                accountCode = try reader.optionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            itemCode: itemCode, description: description, quantity: quantity, unitAmount: unitAmount,
            lineAmount: lineAmount, accountCode: accountCode)
    }
}

extension CreditAllocation: KeptMember {
    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("amount", amount)
        out.member("date", date)
        out.member("invoiceID", invoiceID)
        out.member("invoiceNumber", invoiceNumber)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var invoiceID: String?
        var invoiceNumber: String?
        var amount: Money?
        var date: LocalDate?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "invoiceID": invoiceID = try reader.string()
            case "invoiceNumber":
                invoiceNumber = try reader.optionalString()
            case "amount": amount = try reader.money()
            case "date": date = try reader.optionalLocalDate()
            default: try reader.skipValue()
            }
        }
        self.init(
            invoiceID: try reader.required(invoiceID, "invoiceID"), invoiceNumber: invoiceNumber,
            amount: try reader.required(amount, "amount"), date: date)
    }
}

extension Payment: KeptRecord {
    var keptUpdatedAt: Date { updatedAt }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("accountCode", accountCode)
        out.member("accountID", accountID)
        out.member("amount", amount)
        out.member("creditNoteID", creditNoteID)
        out.member("creditNoteNumber", creditNoteNumber)
        out.member("date", date)
        out.member("id", id)
        out.member("invoiceID", invoiceID)
        out.member("invoiceNumber", invoiceNumber)
        out.member("isReconciled", isReconciled)
        out.member("kind", kind)
        out.member("reference", reference)
        out.member("status", status)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var invoiceID: String?
        var creditNoteID: String?
        var invoiceNumber: String?
        var creditNoteNumber: String?
        var reference: String?
        var amount: Money?
        var date: LocalDate?
        var status: Status?
        var kind: Kind?
        var isReconciled: Bool?
        var accountCode: String?
        var accountID: String?
        var updatedAt: Date?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "invoiceID": invoiceID = try reader.optionalString()
            case "creditNoteID":
                creditNoteID = try reader.optionalString()
            case "invoiceNumber":
                invoiceNumber = try reader.optionalString()
            case "creditNoteNumber":
                creditNoteNumber = try reader.optionalString()
            case "reference": reference = try reader.optionalString()
            case "amount": amount = try reader.money()
            case "date": date = try reader.localDate()
            case "status": status = try reader.choice()
            case "kind": kind = try reader.optionalChoice()
            case "isReconciled": isReconciled = try reader.bool()
            case "accountCode":
                accountCode = try reader.optionalString()
            case "accountID": accountID = try reader.optionalString()
            case "updatedAt": updatedAt = try reader.date()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), invoiceID: invoiceID, creditNoteID: creditNoteID,
            invoiceNumber: invoiceNumber, creditNoteNumber: creditNoteNumber, reference: reference,
            amount: try reader.required(amount, "amount"), date: try reader.required(date, "date"),
            status: try reader.required(status, "status"), kind: kind,
            isReconciled: try reader.required(isReconciled, "isReconciled"), accountCode: accountCode,
            accountID: accountID, updatedAt: try reader.required(updatedAt, "updatedAt"))
    }
}

extension BankTransaction: KeptRecord {
    var keptUpdatedAt: Date { updatedAt }

    func write(to out: inout JSONStreamWriter) {
        out.beginObject()
        out.member("bankAccountCode", bankAccountCode)
        out.member("bankAccountID", bankAccountID)
        out.member("date", date)
        out.member("id", id)
        out.member("isReconciled", isReconciled)
        out.member("kind", kind)
        out.member("lines", lines)
        out.member("reference", reference)
        out.member("status", status)
        out.member("total", total)
        out.member("updatedAt", updatedAt)
        out.endObject()
    }

    init(kept reader: inout JSONReader) throws(JSONSyntaxError) {
        var id: String?
        var kind: Kind?
        var status: Status?
        var reference: String?
        var total: Money?
        var date: LocalDate?
        var bankAccountCode: String?
        var bankAccountID: String?
        var isReconciled: Bool?
        var lines: [DocumentLine]?
        var updatedAt: Date?
        try reader.object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "id": id = try reader.string()
            case "kind": kind = try reader.choice()
            case "status": status = try reader.choice()
            case "reference": reference = try reader.optionalString()
            case "total": total = try reader.money()
            case "date": date = try reader.localDate()
            case "bankAccountCode":
                bankAccountCode = try reader.optionalString()
            case "bankAccountID":
                bankAccountID = try reader.optionalString()
            case "isReconciled": isReconciled = try reader.bool()
            case "lines": lines = try reader.list { reader throws(JSONSyntaxError) in try DocumentLine(kept: &reader) }
            case "updatedAt": updatedAt = try reader.date()
            default: try reader.skipValue()
            }
        }
        self.init(
            id: try reader.required(id, "id"), kind: try reader.required(kind, "kind"),
            status: try reader.required(status, "status"), reference: reference,
            total: try reader.required(total, "total"), date: try reader.required(date, "date"),
            bankAccountCode: bankAccountCode, bankAccountID: bankAccountID,
            isReconciled: try reader.required(isReconciled, "isReconciled"), lines: try reader.required(lines, "lines"),
            updatedAt: try reader.required(updatedAt, "updatedAt"))
    }
}

// MARK: Members and values

/// A value nested in a kept record: a line, an allocation, an order's payment summary.
protocol KeptMember {
    func write(to out: inout JSONStreamWriter)
    init(kept reader: inout JSONReader) throws(JSONSyntaxError)
}

extension JSONStreamWriter {
    mutating func member(_ key: String, _ text: String) {
        self.key(key)
        string(text)
    }

    /// A member written only when it has a value, as `JSONEncoder` leaves out `nil`.
    mutating func member(_ key: String, _ text: String?) {
        if let text { member(key, text) }
    }

    mutating func member(_ key: String, _ flag: Bool) {
        self.key(key)
        bool(flag)
    }

    mutating func member(_ key: String, _ value: some TextCodable) { member(key, value.codableText) }

    mutating func member(_ key: String, _ value: (some TextCodable)?) {
        if let value { member(key, value.codableText) }
    }

    mutating func member<Choice: RawRepresentable<String>>(_ key: String, _ value: Choice?) {
        if let value { member(key, value.rawValue) }
    }

    /// A time as milliseconds since 1970, written as `JSONEncoder` writes them: a whole number
    /// when there is no fraction of a millisecond.
    mutating func member(_ key: String, _ time: Date?) {
        guard let time else { return }
        self.key(key)
        let milliseconds = time.timeIntervalSince1970 * 1000
        if milliseconds == milliseconds.rounded(), abs(milliseconds) < 9_007_199_254_740_992 {
            number(String(Int64(milliseconds)))
        } else {
            number(milliseconds.description)
        }
    }

    mutating func member(_ key: String, _ money: Money?) {
        guard let money else { return }
        self.key(key)
        beginObject()
        member("amount", money.amount)
        member("currency", money.currency)
        endObject()
    }

    mutating func member(_ key: String, _ price: UnitPrice?) {
        guard let price else { return }
        self.key(key)
        beginObject()
        member("currency", price.currency)
        self.key("ticks")
        number(String(price.ticks))
        endObject()
    }

    mutating func member(_ key: String, _ value: (some KeptMember)?) {
        guard let value else { return }
        self.key(key)
        value.write(to: &self)
    }

    mutating func member(_ key: String, _ values: [some KeptMember]) {
        self.key(key)
        beginArray()
        for value in values { value.write(to: &self) }
        endArray()
    }
}

extension JSONReader {
    /// `nil` for a `null`, else what `read` reads.
    mutating func optional<Value>(
        _ read: (inout JSONReader) throws(JSONSyntaxError) -> Value
    ) throws(JSONSyntaxError) -> Value? {
        if try null() { return nil }
        return try read(&self)
    }

    mutating func optionalString() throws(JSONSyntaxError) -> String? { try null() ? nil : try string() }
    mutating func optionalMoney() throws(JSONSyntaxError) -> Money? { try null() ? nil : try money() }
    mutating func optionalDate() throws(JSONSyntaxError) -> Date? { try null() ? nil : try date() }
    mutating func optionalLocalDate() throws(JSONSyntaxError) -> LocalDate? { try null() ? nil : try localDate() }
    mutating func optionalQuantity() throws(JSONSyntaxError) -> Quantity? { try null() ? nil : try quantity() }
    mutating func optionalUnitPrice() throws(JSONSyntaxError) -> UnitPrice? { try null() ? nil : try unitPrice() }
    mutating func optionalChoice<Choice: RawRepresentable<String>>() throws(JSONSyntaxError) -> Choice? {
        try null() ? nil : try choice()
    }

    mutating func list<Element>(
        _ read: (inout JSONReader) throws(JSONSyntaxError) -> Element
    ) throws(JSONSyntaxError) -> [Element] {
        var elements: [Element] = []
        try array { reader throws(JSONSyntaxError) in elements.append(try read(&reader)) }
        return elements
    }

    /// A member the record cannot be without; the error points at the end of its object.
    mutating func required<Value>(_ value: Value?, _ key: String) throws(JSONSyntaxError) -> Value {
        guard let value else { throw failure("the record has no \"\(key)\"") }
        return value
    }

    mutating func choice<Choice: RawRepresentable<String>>() throws(JSONSyntaxError) -> Choice {
        let text = try string()
        guard let choice = Choice(rawValue: text) else { throw failure("\"\(text.prefix(40))\" is not a known value") }
        return choice
    }

    mutating func date() throws(JSONSyntaxError) -> Date {
        let text = try numberText()
        guard let milliseconds = Double(text), milliseconds.isFinite else {
            throw failure("\(text.prefix(40)) is not a time in milliseconds")
        }
        return Date(timeIntervalSince1970: milliseconds / 1000)
    }

    mutating func currency() throws(JSONSyntaxError) -> Currency { try text(Currency.self) }
    mutating func quantity() throws(JSONSyntaxError) -> Quantity { try text(Quantity.self) }
    mutating func localDate() throws(JSONSyntaxError) -> LocalDate { try text(LocalDate.self) }

    private mutating func text<Value: TextCodable>(_ type: Value.Type) throws(JSONSyntaxError) -> Value {
        let text = try string()
        do {
            return try Value(codableText: text)
        } catch {
            throw failure(Value.describeFailure(text: text, error: error))
        }
    }

    /// `{"amount": "12.50", "currency": "USD"}`.
    mutating func money() throws(JSONSyntaxError) -> Money {
        var amount: String?
        var currency: Currency?
        try object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "amount": amount = try reader.string()
            case "currency": currency = try reader.currency()
            default: try reader.skipValue()
            }
        }
        let text = try required(amount, "amount")
        let code = try required(currency, "currency")
        do throws(ScaledDecimal.Failure) {
            return try Money(parsing: text, currency: code)
        } catch {
            throw failure("amount \"\(text.prefix(40))\" \(error.description)")
        }
    }

    /// `{"currency": "USD", "ticks": 125000}`.
    mutating func unitPrice() throws(JSONSyntaxError) -> UnitPrice {
        var ticks: Int64?
        var currency: Currency?
        try object { reader, key throws(JSONSyntaxError) in
            switch key {
            case "ticks":
                let text = try reader.numberText()
                guard let value = Int64(text) else { throw reader.failure("\(text.prefix(40)) is not a whole number") }
                ticks = value
            case "currency": currency = try reader.currency()
            default: try reader.skipValue()
            }
        }
        return UnitPrice(ticks: try required(ticks, "ticks"), currency: try required(currency, "currency"))
    }
}
