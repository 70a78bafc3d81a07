import Foundation
import TrueUpCore

/// Payments on invoices, bills and credit notes, as `PUT /Payments` makes them:
/// `{"Invoice":{"InvoiceID"|"InvoiceNumber"}` or `"CreditNote":{"CreditNoteID"|"CreditNoteNumber"},
/// "Account":{"Code"|"AccountID"}, "Date", "Amount", "Reference", "IsReconciled"}`.
///
/// The document must be AUTHORISED; the account must be a bank account or one that takes payments
/// (`EnablePaymentsToAccount`); the amount must be above zero and at most what is outstanding:
/// an invoice's `AmountDue`, a credit note's `RemainingCredit` ("Payment amount exceeds the amount
/// outstanding on this document."). On an invoice the payment lowers `AmountDue` and raises
/// `AmountPaid`; on a credit note (a refund: `PaymentType` ARCREDITPAYMENT for ACCRECCREDIT,
/// APCREDITPAYMENT for ACCPAYCREDIT) it lowers `RemainingCredit`. Either document is PAID, with
/// its `FullyPaidOnDate`, when nothing is left outstanding.
enum XeroPaymentWriter {
    static func write(_ element: JSONObject, store: inout XeroStore, now: Date) -> XeroElementResult {
        var errors: [String] = []
        var document: JSONObject?
        var onCreditNote = false
        if let reference = element.object("Invoice") {
            if let id = reference.text("InvoiceID") {
                document = store.invoices.record(id)
            } else if let number = reference.text("InvoiceNumber") {
                document = store.invoices.records.first { $0.text("InvoiceNumber") == number }
            }
            if document == nil { errors.append("Invoice could not be found.") }
        } else if let reference = element.object("CreditNote") {
            onCreditNote = true
            if let id = reference.text("CreditNoteID") {
                document = store.creditNotes.record(id)
            } else if let number = reference.text("CreditNoteNumber") {
                document = store.creditNotes.records.first { $0.text("CreditNoteNumber") == number }
            }
            if document == nil { errors.append("Credit note could not be found.") }
        } else {
            errors.append("You must specify either an Invoice, CreditNote, Prepayment or Overpayment for the payment.")
        }
        if let document, document.text("Status") != "AUTHORISED" {
            errors.append(
                "Payment can only be made against an AUTHORISED document; this one is \(document.text("Status") ?? "?")."
            )
        }

        let account = XeroDocumentFields.account(element.object("Account"), store: store)
        if let found = account {
            if found.text("Type") != "BANK", found["EnablePaymentsToAccount"] != .bool(true) {
                errors.append("Account code '\(found.text("Code") ?? "")' cannot take payments: use a bank account.")
            }
        } else {
            errors.append("Account could not be found. Specify a bank account by Code or AccountID.")
        }

        let date = XeroDocumentFields.date(element, "Date", errors: &errors) ?? LocalDate(now, in: store.timeZone)
        var amount: Int64 = 0
        switch ExactDecimal.read(element["Amount"], scale: 2) {
        case .value(let cents) where cents > 0: amount = cents
        case .invalid(let text): errors.append("The payment amount \(text) is not a valid amount.")
        default: errors.append("The payment amount must be greater than zero.")
        }
        let outstanding =
            document.map {
                onCreditNote ? XeroDocumentFields.remainingCredit($0) : XeroDocumentFields.cents($0["AmountDue"])
            } ?? 0
        if document?.text("Status") == "AUTHORISED", amount > outstanding {
            errors.append("Payment amount exceeds the amount outstanding on this document.")
        }
        guard errors.isEmpty, let document, let account else {
            var echo = element
            if echo["PaymentID"] == nil { echo["PaymentID"] = .string(XeroJSON.emptyID) }
            echo["HasValidationErrors"] = .bool(true)
            return .refused(echo: echo, errors: errors)
        }

        let dateValue = XeroDocumentFields.dateValue(date)
        var payment = JSONObject()
        payment["PaymentID"] = .string(XeroJSON.newID())
        payment["Date"] = dateValue
        payment["BankAmount"] = ExactDecimal.number(amount, scale: 2)
        payment["Amount"] = ExactDecimal.number(amount, scale: 2)
        payment["Reference"] = element["Reference"] ?? .string("")
        payment["CurrencyRate"] = .number("1.000000")
        payment["PaymentType"] = .string(paymentType(document.text("Type")))
        payment["Status"] = .string("AUTHORISED")
        XeroDocumentFields.stamp(&payment, now: now)
        payment["HasAccount"] = .bool(true)
        payment["IsReconciled"] = element["IsReconciled"] ?? .bool(false)
        payment["Account"] = .object(XeroDocumentFields.accountSummary(account))
        var summary = JSONObject()
        let keys =
            onCreditNote ? ["Type", "CreditNoteID", "CreditNoteNumber"] : ["Type", "InvoiceID", "InvoiceNumber"]
        for key in keys + ["Reference", "Contact", "CurrencyCode"] {
            if let value = document[key] { summary[key] = value }
        }
        payment[onCreditNote ? "CreditNote" : "Invoice"] = .object(summary)
        payment["HasValidationErrors"] = .bool(false)
        store.payments.upsert(payment)

        var paid = document
        var listed = paid.array("Payments") ?? []
        listed.append(
            .object(
                JSONObject([
                    "PaymentID": payment["PaymentID"] ?? .null, "Date": dateValue,
                    "Amount": ExactDecimal.number(amount, scale: 2), "Reference": payment["Reference"] ?? .null,
                    "CurrencyRate": .number("1.000000"), "HasAccount": .bool(true),
                    "HasValidationErrors": .bool(false),
                ])))
        paid["Payments"] = .array(listed)
        let left = outstanding - amount
        if onCreditNote {
            paid["RemainingCredit"] = ExactDecimal.number(left, scale: 2)
        } else {
            paid["AmountPaid"] = ExactDecimal.number(XeroDocumentFields.cents(paid["AmountPaid"]) + amount, scale: 2)
            paid["AmountDue"] = ExactDecimal.number(left, scale: 2)
        }
        if left == 0 {
            paid["Status"] = .string("PAID")
            paid["FullyPaidOnDate"] = dateValue
        }
        XeroDocumentFields.stamp(&paid, now: now)
        if onCreditNote, let id = paid.text("CreditNoteID") {
            store.creditNotes.update(id) { $0 = paid }
        } else if let id = paid.text("InvoiceID") {
            store.invoices.update(id) { $0 = paid }
        }
        return .saved(payment)
    }

    /// Xero's `PaymentType` for a payment on a document of this `Type`.
    static func paymentType(_ documentType: String?) -> String {
        switch documentType {
        case "ACCPAY": "ACCPAYPAYMENT"
        case "ACCRECCREDIT": "ARCREDITPAYMENT"
        case "ACCPAYCREDIT": "APCREDITPAYMENT"
        default: "ACCRECPAYMENT"
        }
    }
}
