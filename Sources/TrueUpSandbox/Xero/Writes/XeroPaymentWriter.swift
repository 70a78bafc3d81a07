import Foundation
import TrueUpCore

/// Payments on invoices and bills, as `PUT /Payments` makes them:
/// `{"Invoice":{"InvoiceID"|"InvoiceNumber"}, "Account":{"Code"|"AccountID"}, "Date", "Amount",
/// "Reference", "IsReconciled"}`.
///
/// The invoice must be AUTHORISED; the account must be a bank account or one that takes payments
/// (`EnablePaymentsToAccount`); the amount must be above zero and at most the invoice's
/// `AmountDue` ("Payment amount exceeds the amount outstanding on this document."). The payment
/// lowers `AmountDue`, raises `AmountPaid`, and at zero due marks the invoice PAID with its
/// `FullyPaidOnDate`.
enum XeroPaymentWriter {
    static func write(_ element: JSONObject, store: inout XeroStore, now: Date) -> XeroElementResult {
        var errors: [String] = []
        var invoice: JSONObject?
        if let reference = element.object("Invoice") {
            if let id = reference.text("InvoiceID") {
                invoice = store.invoices.record(id)
            } else if let number = reference.text("InvoiceNumber") {
                invoice = store.invoices.records.first { $0.text("InvoiceNumber") == number }
            }
            if invoice == nil { errors.append("Invoice could not be found.") }
        } else {
            errors.append("You must specify either an Invoice, CreditNote, Prepayment or Overpayment for the payment.")
        }
        if let invoice, invoice.text("Status") != "AUTHORISED" {
            errors.append(
                "Payment can only be made against an AUTHORISED document; this one is \(invoice.text("Status") ?? "?")."
            )
        }

        var account: JSONObject?
        if let reference = element.object("Account") {
            if let code = reference.text("Code") {
                account = store.account(code: code)
            } else if let id = reference.text("AccountID") {
                account = store.accounts.record(id)
            }
        }
        if let found = account {
            if found.text("Type") != "BANK", found["EnablePaymentsToAccount"] != .bool(true) {
                errors.append("Account code '\(found.text("Code") ?? "")' cannot take payments: use a bank account.")
            }
        } else {
            errors.append("Account could not be found. Specify a bank account by Code or AccountID.")
        }

        var date = LocalDate(now, in: store.timeZone)
        if let value = element["Date"] {
            if let parsed = XeroInvoiceWriter.parseDate(value) {
                date = parsed
            } else {
                errors.append("The Date \(value.preview) is not a valid date.")
            }
        }
        var amount: Int64 = 0
        switch ExactDecimal.read(element["Amount"], scale: 2) {
        case .value(let cents) where cents > 0: amount = cents
        case .invalid(let text): errors.append("The payment amount \(text) is not a valid amount.")
        default: errors.append("The payment amount must be greater than zero.")
        }
        let due = invoice.flatMap { ExactDecimal.read($0["AmountDue"], scale: 2).value } ?? 0
        if invoice?.text("Status") == "AUTHORISED", amount > due {
            errors.append("Payment amount exceeds the amount outstanding on this document.")
        }
        guard errors.isEmpty, var invoice, let account, let invoiceID = invoice.text("InvoiceID") else {
            var echo = element
            if echo["PaymentID"] == nil { echo["PaymentID"] = .string(XeroJSON.emptyID) }
            echo["HasValidationErrors"] = .bool(true)
            return .refused(echo: echo, errors: errors)
        }

        let paymentID = XeroJSON.newID()
        let dateValue = JSONValue.string(XeroJSON.date(XeroJSON.midnight(date)))
        let reference = element["Reference"] ?? .string("")
        var payment = JSONObject()
        payment["PaymentID"] = .string(paymentID)
        payment["Date"] = dateValue
        payment["BankAmount"] = ExactDecimal.number(amount, scale: 2)
        payment["Amount"] = ExactDecimal.number(amount, scale: 2)
        payment["Reference"] = reference
        payment["CurrencyRate"] = .number("1.000000")
        payment["PaymentType"] = .string(invoice.text("Type") == "ACCPAY" ? "ACCPAYPAYMENT" : "ACCRECPAYMENT")
        payment["Status"] = .string("AUTHORISED")
        payment["UpdatedDateUTC"] = .string(XeroJSON.date(now))
        payment["UpdatedDateUTCString"] = .string(XeroJSON.utcString(now))
        payment["HasAccount"] = .bool(true)
        payment["IsReconciled"] = element["IsReconciled"] ?? .bool(false)
        payment["Account"] = .object(
            JSONObject([
                "AccountID": account["AccountID"] ?? .null, "Code": account["Code"] ?? .null,
                "Name": account["Name"] ?? .null,
            ]).droppingNulls())
        var invoiceSummary = JSONObject()
        for key in ["Type", "InvoiceID", "InvoiceNumber", "Reference", "Contact", "CurrencyCode"] {
            if let value = invoice[key] { invoiceSummary[key] = value }
        }
        payment["Invoice"] = .object(invoiceSummary)
        payment["HasValidationErrors"] = .bool(false)
        store.payments.upsert(payment)

        let paid = (ExactDecimal.read(invoice["AmountPaid"], scale: 2).value ?? 0) + amount
        invoice["AmountPaid"] = ExactDecimal.number(paid, scale: 2)
        invoice["AmountDue"] = ExactDecimal.number(due - amount, scale: 2)
        var payments = invoice.array("Payments") ?? []
        payments.append(
            .object(
                JSONObject([
                    "PaymentID": .string(paymentID), "Date": dateValue, "Amount": ExactDecimal.number(amount, scale: 2),
                    "Reference": reference, "CurrencyRate": .number("1.000000"), "HasAccount": .bool(true),
                    "HasValidationErrors": .bool(false),
                ])))
        invoice["Payments"] = .array(payments)
        if due - amount == 0 {
            invoice["Status"] = .string("PAID")
            invoice["FullyPaidOnDate"] = dateValue
        }
        invoice["UpdatedDateUTC"] = .string(XeroJSON.date(now))
        invoice["UpdatedDateUTCString"] = .string(XeroJSON.utcString(now))
        store.invoices.update(invoiceID) { $0 = invoice }
        return .saved(payment)
    }
}
