import Foundation
import TrueUpCore

/// Creates and updates credit notes as Xero's `PUT`/`POST /CreditNotes` do.
///
/// Creating: `Type` ACCRECCREDIT (a customer's credit) or ACCPAYCREDIT (a supplier's); a
/// `Contact`, `Date`, `DueDate`, `CurrencyCode` and `LineAmountTypes` as on invoices, and lines as
/// ``XeroInvoiceLines`` computes them (priced as sales on ACCRECCREDIT, as purchases on
/// ACCPAYCREDIT); `Status` DRAFT (default), SUBMITTED or AUTHORISED. An ACCRECCREDIT
/// `CreditNoteNumber` must be unique and is `CN-nnnn` (one past the highest) when absent; an
/// ACCPAYCREDIT number is the supplier's, may repeat and may be empty. Xero computes `SubTotal`,
/// `TotalTax`, `Total` and `RemainingCredit` (the total, until credit is allocated or refunded).
/// The total may not be negative. Authorising moves tracked stock
/// (``XeroStock/creditMoves(for:type:lineAmountTypes:store:)``).
///
/// `Allocations` sent with a new credit note are ignored, as Xero ignores them (its users report
/// that the allocation has to be a second call): credit is allocated by
/// `PUT /CreditNotes/{id}/Allocations`, or by updating an authorised note with `Allocations`
/// (each one applied as new, see ``XeroAllocations``).
///
/// Updating (a `CreditNoteID`, or on POST an existing ACCRECCREDIT `CreditNoteNumber`): a DRAFT or
/// SUBMITTED note takes any change, and is authorised or deleted by its `Status`; an AUTHORISED
/// one may change its `Reference` and `DueDate`, take `Allocations`, or be VOIDED while none of
/// its credit is used (its stock moves back). PAID, VOIDED and DELETED notes take no change.
enum XeroCreditNoteWriter {
    static func write(
        _ element: JSONObject, create: Bool, unitdp4: Bool, store: inout XeroStore, now: Date
    )
        -> XeroElementResult
    {
        if let id = element.text("CreditNoteID"), id != XeroJSON.emptyID {
            guard let existing = store.creditNotes.record(id),
                existing.text("CreditNoteID")?.lowercased() == id.lowercased()
            else {
                return refuse(element, ["An existing Credit Note with the specified CreditNoteID could not be found"])
            }
            return update(existing, with: element, unitdp4: unitdp4, store: &store, now: now)
        }
        if !create, element.text("Type") != "ACCPAYCREDIT", let number = element.text("CreditNoteNumber"),
            let existing = store.creditNotes.records.first(where: {
                $0.text("Type") == "ACCRECCREDIT" && $0.text("CreditNoteNumber") == number
            })
        {
            return update(existing, with: element, unitdp4: unitdp4, store: &store, now: now)
        }
        var errors: [String] = []
        let status = element.text("Status") ?? "DRAFT"
        if !["DRAFT", "SUBMITTED", "AUTHORISED"].contains(status) {
            errors.append(
                "Credit Note Status '\(status)' is not valid for a new credit note: use DRAFT, SUBMITTED or AUTHORISED."
            )
        }
        return build(element, existing: nil, status: status, errors: errors, unitdp4: unitdp4, store: &store, now: now)
    }

    // MARK: Updating

    private static func update(
        _ existing: JSONObject, with element: JSONObject, unitdp4: Bool, store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        let current = existing.text("Status") ?? "DRAFT"
        let wanted = element.text("Status") ?? current
        guard let id = existing.text("CreditNoteID") else {
            return refuse(element, ["The credit note has no CreditNoteID."])
        }
        let notValid = "Credit Note not of valid status for modification"
        let result: XeroElementResult
        switch current {
        case "DRAFT", "SUBMITTED":
            if wanted == "DELETED" {
                return save(existing, changing: JSONObject(["Status": .string("DELETED")]), store: &store, now: now)
            }
            guard ["DRAFT", "SUBMITTED", "AUTHORISED"].contains(wanted) else { return refuse(element, [notValid]) }
            var merged = existing
            for key in element.keys where key != "Allocations" { merged[key] = element[key] }
            result = build(
                merged, existing: existing, status: wanted, errors: [], unitdp4: unitdp4, store: &store, now: now)
        case "AUTHORISED":
            let editable: Set<String> = [
                "CreditNoteID", "Status", "Reference", "DueDate", "Type", "CreditNoteNumber", "Contact", "Allocations",
            ]
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
                if XeroDocumentFields.remainingCredit(existing) != XeroDocumentFields.cents(existing["Total"]) {
                    return refuse(
                        element, ["This document cannot be edited as it has a payment or credit note allocated to it."])
                }
                let moves = store.stockMoves[id] ?? derivedMoves(existing, store: store)
                let errors = XeroStock.reversalErrors(moves, store: store)
                guard errors.isEmpty else { return refuse(element, errors) }
                XeroStock.apply(moves, reversing: true, to: &store, now: now)
                store.stockMoves[id] = nil
                changes["Status"] = .string("VOIDED")
                changes["RemainingCredit"] = .number("0.00")
            }
            result = save(existing, changing: changes, store: &store, now: now)
        default:
            return refuse(element, [notValid])
        }
        guard case .saved = result, let allocations = element.array("Allocations"), !allocations.isEmpty else {
            return result
        }
        return allocate(allocations, to: id, element: element, store: &store, now: now)
    }

    /// Applies an update's `Allocations` in order, all or none, and answers with the note as it ends.
    private static func allocate(
        _ allocations: [JSONValue], to id: String, element: JSONObject, store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        var errors: [String] = []
        for value in allocations {
            guard case .object(let allocation) = value else {
                errors.append("Each of Allocations must be an object, found \(value.kindName).")
                continue
            }
            if case .refused(let messages) = XeroAllocations.apply(
                allocation, creditNoteID: id, store: &store, now: now)
            {
                errors += messages
            }
        }
        guard errors.isEmpty, let note = store.creditNotes.record(id) else { return refuse(element, errors) }
        return .saved(note)
    }

    /// The stock a seeded credit note moved when it was authorised before the sandbox began,
    /// worked out from its lines (returns at today's average cost).
    private static func derivedMoves(_ note: JSONObject, store: XeroStore) -> [StockMove] {
        let supplier = note.text("Type") == "ACCPAYCREDIT"
        var moves: [StockMove] = []
        for case .object(let line) in note.array("LineItems") ?? [] {
            guard let code = line.text("ItemCode"),
                let item = store.items.records.first(where: { $0.text("Code") == code }), XeroStock.isTracked(item),
                let ticks = ExactDecimal.read(line["Quantity"], scale: 4).value
            else { continue }
            if supplier {
                let amount = XeroDocumentFields.cents(line["LineAmount"])
                moves.append(StockMove(code: code, quantity: Quantity(ticks: -ticks), costCents: -amount))
            } else {
                let onHand = ExactDecimal.read(item["QuantityOnHand"], scale: 4).value ?? 0
                let pool = XeroDocumentFields.cents(item["TotalCostPool"])
                let cost = onHand == 0 ? 0 : (ScaledDecimal.multiplyDivide(pool, ticks, onHand) ?? 0)
                moves.append(StockMove(code: code, quantity: Quantity(ticks: ticks), costCents: cost))
            }
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
        store.creditNotes.upsert(record)
        return .saved(record)
    }

    // MARK: Building

    /// Validates `input` (a new element, or an existing draft with the element's changes laid
    /// over it) and saves the credit note it describes.
    private static func build(
        _ input: JSONObject, existing: JSONObject?, status: String, errors initial: [String], unitdp4: Bool,
        store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        var errors = initial
        let type = input.text("Type") ?? ""
        if type != "ACCRECCREDIT", type != "ACCPAYCREDIT" {
            errors.append("Credit Note Type must be ACCRECCREDIT or ACCPAYCREDIT, found '\(type)'.")
        }
        let lineAmountTypes = input.text("LineAmountTypes") ?? "Exclusive"
        if !["Exclusive", "Inclusive", "NoTax"].contains(lineAmountTypes) {
            errors.append("LineAmountTypes '\(lineAmountTypes)' is not valid: use Exclusive, Inclusive or NoTax.")
        }
        let contact = XeroContactWriter.resolve(input.object("Contact"), store: &store, now: now)
        if case .failure(let message) = contact { errors.append(message) }

        var date = LocalDate(now, in: store.timeZone)
        if let value = input["Date"] {
            if let parsed = XeroInvoiceWriter.parseDate(value) {
                date = parsed
            } else {
                errors.append("The Date \(value.preview) is not a valid date.")
            }
        }
        var dueDate: LocalDate?
        if let value = input["DueDate"] {
            dueDate = XeroInvoiceWriter.parseDate(value)
            if dueDate == nil { errors.append("The DueDate \(value.preview) is not a valid date.") }
        }
        let currency = input.text("CurrencyCode") ?? store.baseCurrency
        if (try? Currency(code: currency)) == nil { errors.append("The currency code '\(currency)' is not valid.") }

        // Lines are priced and checked as the invoice of the same side would be.
        let side = type == "ACCRECCREDIT" ? "ACCREC" : "ACCPAY"
        let lines = XeroInvoiceLines(
            input.array("LineItems") ?? [], type: side, lineAmountTypes: lineAmountTypes, status: status,
            unitdp4: unitdp4, store: store)
        errors += lines.errors
        let totals = lines.totals(lineAmountTypes: lineAmountTypes)
        if totals.total < 0 { errors.append("The total of a credit note cannot be negative.") }

        let id = existing?.text("CreditNoteID") ?? XeroJSON.newID()
        var number = input.text("CreditNoteNumber") ?? ""
        if type == "ACCRECCREDIT" {
            if number.isEmpty {
                number = nextCreditNoteNumber(store)
            } else if store.creditNotes.records.contains(where: {
                $0.text("Type") == "ACCRECCREDIT" && $0.text("CreditNoteNumber") == number
                    && $0.text("CreditNoteID") != id
            }) {
                errors.append("Credit Note # must be unique.")
            }
        }
        var moves: [StockMove] = []
        if status == "AUTHORISED", errors.isEmpty {
            let stock = XeroStock.creditMoves(
                for: lines.lines, type: type, lineAmountTypes: lineAmountTypes, store: store)
            moves = stock.moves
            errors += stock.errors
        }
        guard errors.isEmpty, case .success(let contactObject) = contact else { return refuse(input, errors) }

        var record = existing ?? JSONObject()
        record["CreditNoteID"] = .string(id)
        record["CreditNoteNumber"] = .string(number)
        record["Payments"] = record["Payments"] ?? .array([])
        record["CurrencyRate"] = record["CurrencyRate"] ?? .number("1.000000")
        record["Type"] = .string(type)
        record["Reference"] = input["Reference"] ?? .string("")
        record["RemainingCredit"] = ExactDecimal.number(totals.total, scale: 2)
        record["Allocations"] = record["Allocations"] ?? .array([])
        record["HasAttachments"] = record["HasAttachments"] ?? .bool(false)
        record["Contact"] = .object(contactObject)
        record["DateString"] = .string(XeroJSON.dateString(date))
        record["Date"] = XeroDocumentFields.dateValue(date)
        if let dueDate {
            record["DueDateString"] = .string(XeroJSON.dateString(dueDate))
            record["DueDate"] = XeroDocumentFields.dateValue(dueDate)
        }
        record["Status"] = .string(status)
        record["LineAmountTypes"] = .string(lineAmountTypes)
        record["LineItems"] = .array(lines.lines.map { .object($0.object) })
        record["SubTotal"] = ExactDecimal.number(totals.subTotal, scale: 2)
        record["TotalTax"] = ExactDecimal.number(totals.totalTax, scale: 2)
        record["Total"] = ExactDecimal.number(totals.total, scale: 2)
        if let theme = input["BrandingThemeID"] { record["BrandingThemeID"] = theme }
        XeroDocumentFields.stamp(&record, now: now)
        record["CurrencyCode"] = .string(currency.uppercased())
        record["HasErrors"] = .bool(false)

        if !moves.isEmpty {
            XeroStock.apply(moves, to: &store, now: now)
            store.stockMoves[id] = moves
        }
        store.creditNotes.upsert(record)
        return .saved(record)
    }

    /// `CN-` and one past the highest ACCRECCREDIT number of that form, at least four digits.
    static func nextCreditNoteNumber(_ store: XeroStore) -> String {
        let highest =
            store.creditNotes.records.compactMap { record -> Int? in
                guard record.text("Type") == "ACCRECCREDIT", let number = record.text("CreditNoteNumber"),
                    number.hasPrefix("CN-")
                else { return nil }
                return Int(number.dropFirst(3))
            }.max() ?? 0
        let digits = String(highest + 1)
        return "CN-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The element as sent, marked as not saved (Xero gives unsaved elements the empty GUID).
    private static func refuse(_ element: JSONObject, _ errors: [String]) -> XeroElementResult {
        var echo = element
        if echo["CreditNoteID"] == nil { echo["CreditNoteID"] = .string(XeroJSON.emptyID) }
        echo["HasErrors"] = .bool(true)
        return .refused(echo: echo, errors: errors)
    }
}
