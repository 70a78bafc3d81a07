import Foundation
import TrueUpCore

/// Creates and updates invoices (ACCREC) and bills (ACCPAY) as Xero's `PUT`/`POST /Invoices` do.
///
/// Creating: `Type` ACCREC or ACCPAY; a `Contact` by `ContactID` (which must exist), by
/// `ContactNumber`, or by `Name` (an active contact of that name, else a new contact, as Xero
/// makes one); `Date` and `DueDate` as `YYYY-MM-DD`, ISO or `/Date(…)/` (the date defaults to
/// today in the organisation's timezone); `Status` DRAFT (default), SUBMITTED or AUTHORISED;
/// `LineAmountTypes` Exclusive (default), Inclusive or NoTax; lines as ``XeroInvoiceLines``
/// computes them. An ACCREC `InvoiceNumber` must be unique ("Invoice # must be unique.") and is
/// `INV-nnnn` (one past the highest) when absent; ACCPAY numbers may repeat. The total may not be
/// negative. Stock moves when the invoice is authorised (``XeroStock``).
///
/// Updating (an `InvoiceID`, or on POST an existing ACCREC `InvoiceNumber`): a DRAFT or
/// SUBMITTED invoice takes any change, and is authorised or deleted by its `Status`; an
/// AUTHORISED one may change its `Reference` and `DueDate`, or be VOIDED when nothing is paid or
/// credited on it (its stock moves back). PAID, VOIDED and DELETED invoices take no change.
enum XeroInvoiceWriter {
    static func write(
        _ element: JSONObject, create: Bool, unitdp4: Bool, store: inout XeroStore, now: Date
    )
        -> XeroElementResult
    {
        if let id = element.text("InvoiceID"), id != XeroJSON.emptyID {
            guard let existing = store.invoices.record(id), existing.text("InvoiceID")?.lowercased() == id.lowercased()
            else { return refuse(element, ["The Invoice with InvoiceID '\(id)' could not be found."]) }
            return update(existing, with: element, unitdp4: unitdp4, store: &store, now: now)
        }
        if !create, element.text("Type") != "ACCPAY", let number = element.text("InvoiceNumber"),
            let existing = store.invoices.records.first(where: {
                $0.text("Type") == "ACCREC" && $0.text("InvoiceNumber") == number
            })
        {
            return update(existing, with: element, unitdp4: unitdp4, store: &store, now: now)
        }
        var errors: [String] = []
        let status = element.text("Status") ?? "DRAFT"
        if !["DRAFT", "SUBMITTED", "AUTHORISED"].contains(status) {
            errors.append(
                "Invoice Status '\(status)' is not valid for a new invoice: use DRAFT, SUBMITTED or AUTHORISED.")
        }
        return build(element, existing: nil, status: status, errors: errors, unitdp4: unitdp4, store: &store, now: now)
    }

    // MARK: Updating

    private static func update(
        _ existing: JSONObject, with element: JSONObject, unitdp4: Bool, store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        let current = existing.text("Status") ?? "DRAFT"
        let wanted = element.text("Status") ?? current
        guard let id = existing.text("InvoiceID") else { return refuse(element, ["The invoice has no InvoiceID."]) }
        switch current {
        case "DRAFT", "SUBMITTED":
            if wanted == "DELETED" {
                return save(existing, changing: JSONObject(["Status": .string("DELETED")]), store: &store, now: now)
            }
            guard ["DRAFT", "SUBMITTED", "AUTHORISED"].contains(wanted) else {
                return refuse(element, ["Invoice not of valid status for modification"])
            }
            var merged = existing
            for key in element.keys { merged[key] = element[key] }
            return build(
                merged, existing: existing, status: wanted, errors: [], unitdp4: unitdp4, store: &store,
                now: now)
        case "AUTHORISED":
            let editable: Set<String> = [
                "InvoiceID", "Status", "Reference", "DueDate", "Type", "InvoiceNumber", "Contact",
            ]
            if element.keys.contains(where: { !editable.contains($0) }) || !["AUTHORISED", "VOIDED"].contains(wanted) {
                return refuse(element, ["Invoice not of valid status for modification"])
            }
            var changes = JSONObject()
            if let reference = element["Reference"] { changes["Reference"] = reference }
            if let due = element["DueDate"] {
                guard let date = parseDate(due) else {
                    return refuse(element, ["The DueDate \(due.preview) is not a valid date."])
                }
                changes["DueDate"] = .string(XeroJSON.date(XeroJSON.midnight(date)))
                changes["DueDateString"] = .string(XeroJSON.dateString(date))
            }
            if wanted == "VOIDED" {
                if XeroDocumentFields.cents(existing["AmountPaid"]) != 0
                    || XeroDocumentFields.cents(existing["AmountCredited"]) != 0
                {
                    return refuse(
                        element, ["This document cannot be edited as it has a payment or credit note allocated to it."])
                }
                let moves = store.stockMoves[id] ?? derivedMoves(existing, store: store)
                let errors = XeroStock.reversalErrors(moves, store: store)
                guard errors.isEmpty else { return refuse(element, errors) }
                XeroStock.apply(moves, reversing: true, to: &store, now: now)
                store.stockMoves[id] = nil
                changes["Status"] = .string("VOIDED")
                changes["AmountDue"] = .number("0.00")
            }
            return save(existing, changing: changes, store: &store, now: now)
        default:
            return refuse(element, ["Invoice not of valid status for modification"])
        }
    }

    /// The stock a seeded invoice moved when it was authorised before the sandbox began, worked
    /// out from its lines (at today's average cost for sales).
    private static func derivedMoves(_ invoice: JSONObject, store: XeroStore) -> [StockMove] {
        let type = invoice.text("Type") ?? ""
        var moves: [StockMove] = []
        for case .object(let line) in invoice.array("LineItems") ?? [] {
            guard let code = line.text("ItemCode"),
                let item = store.items.records.first(where: { $0.text("Code") == code }), XeroStock.isTracked(item),
                let ticks = ExactDecimal.read(line["Quantity"], scale: 4).value
            else { continue }
            let amount = ExactDecimal.read(line["LineAmount"], scale: 2).value ?? 0
            if type == "ACCPAY" {
                moves.append(StockMove(code: code, quantity: Quantity(ticks: ticks), costCents: amount))
            } else {
                let onHand = ExactDecimal.read(item["QuantityOnHand"], scale: 4).value ?? 0
                let pool = ExactDecimal.read(item["TotalCostPool"], scale: 2).value ?? 0
                let cost = onHand == 0 ? 0 : (ScaledDecimal.multiplyDivide(pool, ticks, onHand) ?? 0)
                moves.append(StockMove(code: code, quantity: Quantity(ticks: -ticks), costCents: -cost))
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
        stamp(&record, now: now)
        store.invoices.upsert(record)
        return .saved(record)
    }

    // MARK: Building

    /// Validates `input` (a new element, or an existing draft with the element's changes laid
    /// over it) and saves the invoice it describes.
    private static func build(
        _ input: JSONObject, existing: JSONObject?, status: String, errors initial: [String], unitdp4: Bool,
        store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        var errors = initial
        let type = input.text("Type") ?? ""
        if type != "ACCREC", type != "ACCPAY" {
            errors.append("Invoice Type must be ACCREC or ACCPAY, found '\(type)'.")
        }
        let lineAmountTypes = input.text("LineAmountTypes") ?? "Exclusive"
        if !["Exclusive", "Inclusive", "NoTax"].contains(lineAmountTypes) {
            errors.append("LineAmountTypes '\(lineAmountTypes)' is not valid: use Exclusive, Inclusive or NoTax.")
        }
        let contact = XeroContactWriter.resolve(input.object("Contact"), store: &store, now: now)
        if case .failure(let message) = contact { errors.append(message) }

        var date = LocalDate(now, in: store.timeZone)
        if let value = input["Date"] {
            if let parsed = parseDate(value) {
                date = parsed
            } else {
                errors.append("The Date \(value.preview) is not a valid date.")
            }
        }
        var dueDate: LocalDate?
        if let value = input["DueDate"] {
            if let parsed = parseDate(value) {
                dueDate = parsed
            } else {
                errors.append("The DueDate \(value.preview) is not a valid date.")
            }
        }
        let currency = input.text("CurrencyCode") ?? store.baseCurrency
        if (try? Currency(code: currency)) == nil { errors.append("The currency code '\(currency)' is not valid.") }

        let lines = XeroInvoiceLines(
            input.array("LineItems") ?? [], type: type, lineAmountTypes: lineAmountTypes, status: status,
            unitdp4: unitdp4, store: store)
        errors += lines.errors
        let totals = lines.totals(lineAmountTypes: lineAmountTypes)
        if totals.total < 0 { errors.append("The total of an invoice cannot be negative.") }

        let id = existing?.text("InvoiceID") ?? XeroJSON.newID()
        var number = input.text("InvoiceNumber") ?? ""
        if type == "ACCREC" {
            if number.isEmpty {
                number = nextInvoiceNumber(store)
            } else if store.invoices.records.contains(where: {
                $0.text("Type") == "ACCREC" && $0.text("InvoiceNumber") == number && $0.text("InvoiceID") != id
            }) {
                errors.append("Invoice # must be unique.")
            }
        }
        var moves: [StockMove] = []
        if status == "AUTHORISED", errors.isEmpty {
            let stock = XeroStock.moves(for: lines.lines, type: type, lineAmountTypes: lineAmountTypes, store: store)
            moves = stock.moves
            errors += stock.errors
        }
        guard errors.isEmpty, case .success(let contactObject) = contact else { return refuse(input, errors) }

        var record = existing ?? JSONObject()
        record["Type"] = .string(type)
        record["InvoiceID"] = .string(id)
        record["InvoiceNumber"] = .string(number)
        record["Reference"] = input["Reference"] ?? .string("")
        for key in ["Payments", "CreditNotes", "Prepayments", "Overpayments"] where record[key] == nil {
            record[key] = .array([])
        }
        let paid = ExactDecimal.read(record["AmountPaid"], scale: 2).value ?? 0
        record["AmountDue"] = ExactDecimal.number(totals.total - paid, scale: 2)
        record["AmountPaid"] = ExactDecimal.number(paid, scale: 2)
        record["AmountCredited"] = record["AmountCredited"] ?? .number("0.00")
        record["CurrencyRate"] = record["CurrencyRate"] ?? .number("1.000000")
        record["IsDiscounted"] = .bool(false)
        record["HasAttachments"] = record["HasAttachments"] ?? .bool(false)
        record["HasErrors"] = .bool(false)
        record["Contact"] = .object(contactObject)
        record["DateString"] = .string(XeroJSON.dateString(date))
        record["Date"] = .string(XeroJSON.date(XeroJSON.midnight(date)))
        if let dueDate {
            record["DueDateString"] = .string(XeroJSON.dateString(dueDate))
            record["DueDate"] = .string(XeroJSON.date(XeroJSON.midnight(dueDate)))
        }
        record["Status"] = .string(status)
        record["LineAmountTypes"] = .string(lineAmountTypes)
        record["LineItems"] = .array(lines.lines.map { .object($0.object) })
        record["SubTotal"] = ExactDecimal.number(totals.subTotal, scale: 2)
        record["TotalTax"] = ExactDecimal.number(totals.totalTax, scale: 2)
        record["Total"] = ExactDecimal.number(totals.total, scale: 2)
        for key in ["Url", "BrandingThemeID", "SentToContact", "ExpectedPaymentDate", "PlannedPaymentDate"] {
            if let value = input[key] { record[key] = value }
        }
        record["CurrencyCode"] = .string(currency.uppercased())
        stamp(&record, now: now)

        if !moves.isEmpty {
            XeroStock.apply(moves, to: &store, now: now)
            store.stockMoves[id] = moves
        }
        store.invoices.upsert(record)
        return .saved(record)
    }

    private static func stamp(_ record: inout JSONObject, now: Date) {
        record["UpdatedDateUTC"] = .string(XeroJSON.date(now))
        record["UpdatedDateUTCString"] = .string(XeroJSON.utcString(now))
    }

    /// `INV-` and one past the highest ACCREC number of that form, at least four digits.
    static func nextInvoiceNumber(_ store: XeroStore) -> String {
        let highest =
            store.invoices.records.compactMap { record -> Int? in
                guard record.text("Type") == "ACCREC", let number = record.text("InvoiceNumber"),
                    number.hasPrefix("INV-")
                else { return nil }
                return Int(number.dropFirst(4))
            }.max() ?? 0
        let digits = String(highest + 1)
        return "INV-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A business date from `YYYY-MM-DD`, ISO date-time or `/Date(…)/`.
    static func parseDate(_ value: JSONValue) -> LocalDate? {
        guard case .string(let text) = value else { return nil }
        if text.count == 10, let date = try? LocalDate(iso: text) { return date }
        return (try? XeroDate(parsing: text))?.localDate
    }

    /// The element as sent, marked as not saved (Xero gives unsaved elements the empty GUID).
    private static func refuse(_ element: JSONObject, _ errors: [String]) -> XeroElementResult {
        var echo = element
        if echo["InvoiceID"] == nil { echo["InvoiceID"] = .string(XeroJSON.emptyID) }
        echo["HasErrors"] = .bool(true)
        return .refused(echo: echo, errors: errors)
    }
}
