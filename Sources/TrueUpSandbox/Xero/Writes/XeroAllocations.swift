import Foundation
import TrueUpCore

/// Credit applied to invoices, as `PUT /CreditNotes/{CreditNoteID}/Allocations` applies it:
/// `{"Allocations":[{"Amount", "Date", "Invoice":{"InvoiceID"|"InvoiceNumber"}}]}`.
///
/// The credit note must be AUTHORISED; the invoice must be AUTHORISED (a PAID one "has already
/// been paid off"), of the credit note's side (ACCREC for ACCRECCREDIT, ACCPAY for ACCPAYCREDIT),
/// for the same contact and in the same currency. The amount must be above zero and at most both
/// the note's `RemainingCredit` and the invoice's `AmountDue`. The messages are Xero's where Xero's
/// are known (reported by its SDKs' users); the others are the sandbox's own. `Date` defaults to
/// the later of the two documents' dates.
///
/// Allocating lowers the note's `RemainingCredit` and adds to its `Allocations`; lowers the
/// invoice's `AmountDue`, raises its `AmountCredited` and adds to its `CreditNotes`. Either
/// document is PAID (with its `FullyPaidOnDate`) when its remainder reaches zero.
enum XeroAllocations {
    enum Outcome {
        /// Applied; the allocation as the response shows it.
        case applied(JSONObject)
        case refused([String])
    }

    /// One element of an allocations request, as the batch writes it.
    static func write(
        _ element: JSONObject, creditNoteID: String, store: inout XeroStore, now: Date
    )
        -> XeroElementResult
    {
        switch apply(element, creditNoteID: creditNoteID, store: &store, now: now) {
        case .applied(let allocation):
            return .saved(allocation)
        case .refused(let errors):
            return .refused(echo: element, errors: errors)
        }
    }

    /// Validates one allocation of the credit note with this id and, when it passes, applies it.
    static func apply(_ element: JSONObject, creditNoteID: String, store: inout XeroStore, now: Date) -> Outcome {
        guard var note = store.creditNotes.record(creditNoteID),
            let noteID = note.text("CreditNoteID"), noteID.lowercased() == creditNoteID.lowercased()
        else { return .refused(["An existing Credit Note with the specified CreditNoteID could not be found"]) }

        var errors: [String] = []
        let noteStatus = note.text("Status") ?? "DRAFT"
        if noteStatus != "AUTHORISED", noteStatus != "PAID" {
            errors.append("Credit can only be allocated from an AUTHORISED credit note; this one is \(noteStatus).")
        }

        var invoice: JSONObject?
        if let reference = element.object("Invoice") {
            if let id = reference.text("InvoiceID") {
                invoice = store.invoices.record(id)
                if invoice == nil { errors.append("The Invoice with InvoiceID '\(id)' could not be found.") }
            } else if let number = reference.text("InvoiceNumber") {
                invoice = store.invoices.records.first { $0.text("InvoiceNumber") == number }
                if invoice == nil { errors.append("The Invoice with InvoiceNumber '\(number)' could not be found.") }
            } else {
                errors.append("The Invoice of an allocation must have an InvoiceID or InvoiceNumber.")
            }
        } else {
            errors.append("An allocation must name the Invoice the credit is applied to.")
        }

        if let invoice {
            let wanted = note.text("Type") == "ACCPAYCREDIT" ? "ACCPAY" : "ACCREC"
            if invoice.text("Type") != wanted {
                errors.append("Credit Note cannot be allocated to an incorrect invoice type")
            }
            switch invoice.text("Status") ?? "DRAFT" {
            case "AUTHORISED": break
            case "PAID": errors.append("The invoice you are trying to allocate to has already been paid off")
            case let status:
                errors.append("Credit can only be allocated to an AUTHORISED invoice; this one is \(status).")
            }
            let noteContact = note.object("Contact")?.text("ContactID")?.lowercased()
            if noteContact != invoice.object("Contact")?.text("ContactID")?.lowercased() {
                errors.append("The credit note and the invoice must be for the same contact.")
            }
            if note.text("CurrencyCode") != invoice.text("CurrencyCode") {
                errors.append("The credit note and the invoice must be in the same currency.")
            }
        }

        var amount: Int64 = 0
        switch ExactDecimal.read(element["Amount"], scale: 2) {
        case .value(let cents) where cents > 0: amount = cents
        case .invalid(let text): errors.append("The allocation amount \(text) is not a valid amount.")
        default: errors.append("The allocation amount must be greater than zero.")
        }
        let remaining = XeroDocumentFields.remainingCredit(note)
        let due = XeroDocumentFields.cents(invoice?["AmountDue"])
        if amount > 0, amount > remaining || (invoice?.text("Status") == "AUTHORISED" && amount > due) {
            errors.append("Credit Note cannot be allocated as amount is greater than amount outstanding")
        }

        var date: LocalDate?
        if let value = element["Date"] {
            date = XeroInvoiceWriter.parseDate(value)
            if date == nil { errors.append("The Date \(value.preview) is not a valid date.") }
        }
        guard errors.isEmpty, var invoice, let invoiceID = invoice.text("InvoiceID") else { return .refused(errors) }

        let dates = [note["Date"], invoice["Date"]].compactMap(XeroDocumentFields.localDate)
        let allocationDate = date ?? dates.max() ?? LocalDate(now, in: store.timeZone)
        let dateValue = XeroDocumentFields.dateValue(allocationDate)
        let amountValue = ExactDecimal.number(amount, scale: 2)

        var invoiceSummary = JSONObject()
        invoiceSummary["InvoiceID"] = .string(invoiceID)
        if let number = invoice["InvoiceNumber"] { invoiceSummary["InvoiceNumber"] = number }
        var allocation = JSONObject()
        allocation["AllocationID"] = .string(XeroJSON.newID())
        allocation["Amount"] = amountValue
        allocation["Date"] = dateValue
        allocation["Invoice"] = .object(invoiceSummary)

        note["RemainingCredit"] = ExactDecimal.number(remaining - amount, scale: 2)
        note["Allocations"] = .array((note.array("Allocations") ?? []) + [.object(allocation)])
        if remaining - amount == 0 {
            note["Status"] = .string("PAID")
            note["FullyPaidOnDate"] = dateValue
        }
        XeroDocumentFields.stamp(&note, now: now)
        store.creditNotes.update(noteID) { $0 = note }

        var applied = JSONObject()
        applied["CreditNoteID"] = .string(noteID)
        for key in ["CreditNoteNumber", "Type", "Total"] {
            if let value = note[key] { applied[key] = value }
        }
        applied["AppliedAmount"] = amountValue
        applied["Date"] = dateValue
        invoice["AmountDue"] = ExactDecimal.number(due - amount, scale: 2)
        invoice["AmountCredited"] = ExactDecimal.number(
            XeroDocumentFields.cents(invoice["AmountCredited"]) + amount, scale: 2)
        invoice["CreditNotes"] = .array((invoice.array("CreditNotes") ?? []) + [.object(applied)])
        if due - amount == 0 {
            invoice["Status"] = .string("PAID")
            invoice["FullyPaidOnDate"] = dateValue
        }
        XeroDocumentFields.stamp(&invoice, now: now)
        store.invoices.update(invoiceID) { $0 = invoice }

        var response = allocation
        var noteSummary = JSONObject()
        noteSummary["CreditNoteID"] = .string(noteID)
        if let number = note["CreditNoteNumber"] { noteSummary["CreditNoteNumber"] = number }
        response["CreditNote"] = .object(noteSummary)
        return .applied(response)
    }
}
