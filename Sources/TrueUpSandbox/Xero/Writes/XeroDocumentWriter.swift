import Foundation
import TrueUpCore

/// What writing an invoice (or bill) and writing a credit note share, as Xero's `PUT`/`POST` on
/// `/Invoices` and `/CreditNotes` do both.
///
/// Creating: `Type` the customer's or the supplier's; a `Contact` by `ContactID` (which must
/// exist), by `ContactNumber`, or by `Name` (an active contact of that name, else a new contact, as
/// Xero makes one); `Date` and `DueDate` as `YYYY-MM-DD`, ISO or `/Date(…)/` (the date defaults to
/// today in the organisation's timezone); `Status` DRAFT (default), SUBMITTED or AUTHORISED;
/// `LineAmountTypes` Exclusive (default), Inclusive or NoTax; lines as ``XeroInvoiceLines``
/// computes them. A customer's number must be unique and is the prefix and one past the highest
/// when absent; a supplier's may repeat. The total may not be negative. Stock moves when the
/// document is authorised.
///
/// Updating (an ID, or on POST an existing customer's number): a DRAFT or SUBMITTED document takes
/// any change, and is authorised or deleted by its `Status`; an AUTHORISED one may change its
/// `Reference` and `DueDate`, or be VOIDED while nothing is paid, credited or allocated on it (its
/// stock moves back). PAID, VOIDED and DELETED documents take no change.
///
/// A conforming writer says what differs: its members and types, what is outstanding on it, which
/// way it moves stock, and the members of its record.
protocol XeroDocumentWriter {
    /// Where the store keeps the documents.
    static var collection: WritableKeyPath<XeroStore, XeroCollection> { get }
    /// The ID member: `InvoiceID`.
    static var idMember: String { get }
    /// The number member: `InvoiceNumber`.
    static var numberMember: String { get }
    /// How messages name the document (`Invoice`), lowercased within a sentence.
    static var title: String { get }
    /// The document with its article within a sentence: `an invoice`.
    static var titleWithArticle: String { get }
    /// The customer's type (`ACCREC`), whose numbers are the organisation's: unique, and made when absent.
    static var customerType: String { get }
    /// The supplier's type (`ACCPAY`), whose numbers are the supplier's: they may repeat.
    static var supplierType: String { get }
    /// What a number made for a customer's document starts with, before at least four digits: `INV-`.
    static var numberPrefix: String { get }
    /// The member that holds what is outstanding, zero once the document is voided: `AmountDue`.
    static var outstandingMember: String { get }
    /// The sign of the stock a customer's document moves: −1 when it sells (an invoice), +1 when it
    /// takes stock back (a credit note). A supplier's document moves stock the other way.
    static var customerStockSign: Int64 { get }
    /// Members an update applies once the document is saved, in ``finishUpdate(_:id:element:store:now:)``:
    /// they are not laid over a draft, and an authorised document takes them. None by default.
    static var appliedAfterUpdate: Set<String> { get }

    /// The message when no document has the ID an element names.
    static func notFound(_ id: String) -> String
    /// Whether an authorised document has something paid, credited or allocated on it, so that it
    /// cannot be voided.
    static func isSettledInPart(_ document: JSONObject) -> Bool
    /// The invoice type (`ACCREC` or `ACCPAY`) whose pricing and checks the lines of a document of
    /// this type follow.
    static func linesType(_ type: String) -> String
    /// The stock the lines move when the document is authorised, or the messages that refuse it.
    static func stockMoves(
        for lines: [XeroInvoiceLines.Line], type: String, lineAmountTypes: String, store: XeroStore
    ) -> (moves: [StockMove], errors: [String])
    /// The record a valid document becomes: `existing` (or a new record) with the draft's members,
    /// the input's optional ones, and the update stamp.
    static func record(
        _ draft: XeroDocumentDraft, over existing: JSONObject?, input: JSONObject, now: Date
    ) -> JSONObject
    /// What an update that ended in `result` answers, once ``appliedAfterUpdate`` members are
    /// applied. `result` by default.
    static func finishUpdate(
        _ result: XeroElementResult, id: String, element: JSONObject, store: inout XeroStore, now: Date
    ) -> XeroElementResult
}

extension XeroDocumentWriter {
    static var appliedAfterUpdate: Set<String> { [] }

    static func finishUpdate(
        _ result: XeroElementResult, id: String, element: JSONObject, store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        result
    }

    static func write(
        _ element: JSONObject, create: Bool, unitdp4: Bool, store: inout XeroStore, now: Date
    )
        -> XeroElementResult
    {
        if let id = element.text(idMember), id != XeroJSON.emptyID {
            guard let existing = store[keyPath: collection].record(id),
                existing.text(idMember)?.lowercased() == id.lowercased()
            else { return refuse(element, [notFound(id)]) }
            return update(existing, with: element, unitdp4: unitdp4, store: &store, now: now)
        }
        if !create, element.text("Type") != supplierType, let number = element.text(numberMember),
            let existing = store[keyPath: collection].records.first(where: {
                $0.text("Type") == customerType && $0.text(numberMember) == number
            })
        {
            return update(existing, with: element, unitdp4: unitdp4, store: &store, now: now)
        }
        var errors: [String] = []
        let status = element.text("Status") ?? "DRAFT"
        if !["DRAFT", "SUBMITTED", "AUTHORISED"].contains(status) {
            errors.append(
                "\(title) Status '\(status)' is not valid for a new \(title.lowercased()): "
                    + "use DRAFT, SUBMITTED or AUTHORISED.")
        }
        return build(element, existing: nil, status: status, errors: errors, unitdp4: unitdp4, store: &store, now: now)
    }

    /// The element as sent, marked as not saved (Xero gives unsaved elements the empty GUID).
    static func refuse(_ element: JSONObject, _ errors: [String]) -> XeroElementResult {
        var echo = element
        if echo[idMember] == nil { echo[idMember] = .string(XeroJSON.emptyID) }
        echo["HasErrors"] = .bool(true)
        return .refused(echo: echo, errors: errors)
    }

    /// The prefix and one past the highest customer's number of that form, at least four digits.
    static func nextNumber(_ store: XeroStore) -> String {
        let highest =
            store[keyPath: collection].records.compactMap { record -> Int? in
                guard record.text("Type") == customerType, let number = record.text(numberMember),
                    number.hasPrefix(numberPrefix)
                else { return nil }
                return Int(number.dropFirst(numberPrefix.count))
            }.max() ?? 0
        let digits = String(highest + 1)
        return numberPrefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: Updating

    private static func update(
        _ existing: JSONObject, with element: JSONObject, unitdp4: Bool, store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        let current = existing.text("Status") ?? "DRAFT"
        let wanted = element.text("Status") ?? current
        guard let id = existing.text(idMember) else {
            return refuse(element, ["The \(title.lowercased()) has no \(idMember)."])
        }
        let notValid = "\(title) not of valid status for modification"
        let result: XeroElementResult
        switch current {
        case "DRAFT", "SUBMITTED":
            if wanted == "DELETED" {
                return save(existing, changing: JSONObject(["Status": .string("DELETED")]), store: &store, now: now)
            }
            guard ["DRAFT", "SUBMITTED", "AUTHORISED"].contains(wanted) else { return refuse(element, [notValid]) }
            var merged = existing
            for key in element.keys where !appliedAfterUpdate.contains(key) { merged[key] = element[key] }
            result = build(
                merged, existing: existing, status: wanted, errors: [], unitdp4: unitdp4, store: &store, now: now)
        case "AUTHORISED":
            let editable = appliedAfterUpdate.union([
                idMember, "Status", "Reference", "DueDate", "Type", numberMember, "Contact",
            ])
            if element.keys.contains(where: { !editable.contains($0) }) || !["AUTHORISED", "VOIDED"].contains(wanted) {
                return refuse(element, [notValid])
            }
            var changes = JSONObject()
            if let reference = element["Reference"] { changes["Reference"] = reference }
            if let due = element["DueDate"] {
                guard let date = XeroInvoiceWriter.parseDate(due) else {
                    return refuse(element, ["The DueDate \(due.preview) is not a valid date."])
                }
                changes["DueDate"] = XeroDocumentFields.dateValue(date)
                changes["DueDateString"] = .string(XeroJSON.dateString(date))
            }
            if wanted == "VOIDED" {
                if isSettledInPart(existing) {
                    return refuse(
                        element, ["This document cannot be edited as it has a payment or credit note allocated to it."])
                }
                let moves = store.stockMoves[id] ?? derivedMoves(existing, store: store)
                let errors = XeroStock.reversalErrors(moves, store: store)
                guard errors.isEmpty else { return refuse(element, errors) }
                XeroStock.apply(moves, reversing: true, to: &store, now: now)
                store.stockMoves[id] = nil
                changes["Status"] = .string("VOIDED")
                changes[outstandingMember] = .number("0.00")
            }
            result = save(existing, changing: changes, store: &store, now: now)
        default:
            return refuse(element, [notValid])
        }
        return finishUpdate(result, id: id, element: element, store: &store, now: now)
    }

    /// The stock a seeded document moved when it was authorised before the sandbox began, worked
    /// out from its lines: a supplier's at its line amounts, a customer's at today's average cost.
    private static func derivedMoves(_ document: JSONObject, store: XeroStore) -> [StockMove] {
        let supplier = document.text("Type") == supplierType
        let sign = supplier ? -customerStockSign : customerStockSign
        var moves: [StockMove] = []
        for case .object(let line) in document.array("LineItems") ?? [] {
            guard let code = line.text("ItemCode"),
                let item = store.items.records.first(where: { $0.text("Code") == code }), XeroStock.isTracked(item),
                let ticks = ExactDecimal.read(line["Quantity"], scale: 4).value
            else { continue }
            let cost: Int64
            if supplier {
                cost = XeroDocumentFields.cents(line["LineAmount"])
            } else {
                let onHand = ExactDecimal.read(item["QuantityOnHand"], scale: 4).value ?? 0
                let pool = XeroDocumentFields.cents(item["TotalCostPool"])
                cost = onHand == 0 ? 0 : (ScaledDecimal.multiplyDivide(pool, ticks, onHand) ?? 0)
            }
            moves.append(StockMove(code: code, quantity: Quantity(ticks: sign * ticks), costCents: sign * cost))
        }
        return moves
    }

    private static func save(
        _ existing: JSONObject, changing changes: JSONObject, store: inout XeroStore, now: Date
    )
        -> XeroElementResult
    {
        var record = existing
        for key in changes.keys { record[key] = changes[key] }
        XeroDocumentFields.stamp(&record, now: now)
        store[keyPath: collection].upsert(record)
        return .saved(record)
    }

    // MARK: Building

    /// Validates `input` (a new element, or an existing draft with the element's changes laid
    /// over it) and saves the document it describes.
    private static func build(
        _ input: JSONObject, existing: JSONObject?, status: String, errors initial: [String], unitdp4: Bool,
        store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        var errors = initial
        let type = input.text("Type") ?? ""
        if type != customerType, type != supplierType {
            errors.append("\(title) Type must be \(customerType) or \(supplierType), found '\(type)'.")
        }
        let lineAmountTypes = XeroDocumentFields.lineAmountTypes(input, errors: &errors)
        let contact = XeroContactWriter.resolve(input.object("Contact"), store: &store, now: now)
        if case .failure(let message) = contact { errors.append(message) }
        let date = XeroDocumentFields.date(input, "Date", errors: &errors) ?? LocalDate(now, in: store.timeZone)
        let dueDate = XeroDocumentFields.date(input, "DueDate", errors: &errors)
        let currency = input.text("CurrencyCode") ?? store.baseCurrency
        if (try? Currency(code: currency)) == nil { errors.append("The currency code '\(currency)' is not valid.") }

        let lines = XeroInvoiceLines(
            input.array("LineItems") ?? [], type: linesType(type), lineAmountTypes: lineAmountTypes, status: status,
            unitdp4: unitdp4, store: store)
        errors += lines.errors
        let totals = lines.totals(lineAmountTypes: lineAmountTypes)
        if totals.total < 0 { errors.append("The total of \(titleWithArticle) cannot be negative.") }

        let id = existing?.text(idMember) ?? XeroJSON.newID()
        var number = input.text(numberMember) ?? ""
        if type == customerType {
            if number.isEmpty {
                number = nextNumber(store)
            } else if store[keyPath: collection].records.contains(where: {
                $0.text("Type") == customerType && $0.text(numberMember) == number && $0.text(idMember) != id
            }) {
                errors.append("\(title) # must be unique.")
            }
        }
        var moves: [StockMove] = []
        if status == "AUTHORISED", errors.isEmpty {
            let stock = stockMoves(for: lines.lines, type: type, lineAmountTypes: lineAmountTypes, store: store)
            moves = stock.moves
            errors += stock.errors
        }
        guard errors.isEmpty, case .success(let contactObject) = contact else { return refuse(input, errors) }

        let draft = XeroDocumentDraft(
            id: id, number: number, type: type, status: status, contact: contactObject, date: date, dueDate: dueDate,
            currency: currency.uppercased(), lineAmountTypes: lineAmountTypes, lines: lines.lines, totals: totals)
        let record = record(draft, over: existing, input: input, now: now)
        if !moves.isEmpty {
            XeroStock.apply(moves, to: &store, now: now)
            store.stockMoves[id] = moves
        }
        store[keyPath: collection].upsert(record)
        return .saved(record)
    }
}
