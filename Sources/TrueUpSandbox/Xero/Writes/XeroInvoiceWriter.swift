import Foundation
import TrueUpCore

/// Creates and updates invoices (ACCREC) and bills (ACCPAY) as Xero's `PUT`/`POST /Invoices` do,
/// as ``XeroDocumentWriter`` describes.
///
/// An ACCREC `InvoiceNumber` must be unique ("Invoice # must be unique.") and is `INV-nnnn` (one
/// past the highest) when absent; ACCPAY numbers may repeat. Xero computes `AmountDue` (the total
/// less what is paid). Stock moves when the invoice is authorised (``XeroStock``). An authorised
/// invoice can be VOIDED when nothing is paid or credited on it.
enum XeroInvoiceWriter: XeroDocumentWriter {
    static var collection: WritableKeyPath<XeroStore, XeroCollection> { \.invoices }
    static let idMember = "InvoiceID"
    static let numberMember = "InvoiceNumber"
    static let title = "Invoice"
    static let titleWithArticle = "an invoice"
    static let customerType = "ACCREC"
    static let supplierType = "ACCPAY"
    static let numberPrefix = "INV-"
    static let outstandingMember = "AmountDue"
    /// A sale sends stock out; a bill brings it in.
    static let customerStockSign: Int64 = -1

    static func notFound(_ id: String) -> String {
        "The Invoice with InvoiceID '\(id)' could not be found."
    }

    static func isSettledInPart(_ invoice: JSONObject) -> Bool {
        XeroDocumentFields.cents(invoice["AmountPaid"]) != 0 || XeroDocumentFields.cents(invoice["AmountCredited"]) != 0
    }

    static func linesType(_ type: String) -> String { type }

    static func stockMoves(
        for lines: [XeroInvoiceLines.Line], type: String, lineAmountTypes: String, store: XeroStore
    ) -> (moves: [StockMove], errors: [String]) {
        XeroStock.moves(for: lines, type: type, lineAmountTypes: lineAmountTypes, store: store)
    }

    static func record(
        _ draft: XeroDocumentDraft, over existing: JSONObject?, input: JSONObject, now: Date
    ) -> JSONObject {
        var record = existing ?? JSONObject()
        record["Type"] = .string(draft.type)
        record["InvoiceID"] = .string(draft.id)
        record["InvoiceNumber"] = .string(draft.number)
        record["Reference"] = input["Reference"] ?? .string("")
        for key in ["Payments", "CreditNotes", "Prepayments", "Overpayments"] where record[key] == nil {
            record[key] = .array([])
        }
        let paid = XeroDocumentFields.cents(record["AmountPaid"])
        record["AmountDue"] = ExactDecimal.number(draft.totals.total - paid, scale: 2)
        record["AmountPaid"] = ExactDecimal.number(paid, scale: 2)
        record["AmountCredited"] = record["AmountCredited"] ?? .number("0.00")
        record["CurrencyRate"] = record["CurrencyRate"] ?? .number("1.000000")
        record["IsDiscounted"] = .bool(false)
        record["HasAttachments"] = record["HasAttachments"] ?? .bool(false)
        record["HasErrors"] = .bool(false)
        draft.write(into: &record)
        for key in ["Url", "BrandingThemeID", "SentToContact", "ExpectedPaymentDate", "PlannedPaymentDate"] {
            if let value = input[key] { record[key] = value }
        }
        record["CurrencyCode"] = .string(draft.currency)
        XeroDocumentFields.stamp(&record, now: now)
        return record
    }

    /// A business date from `YYYY-MM-DD`, ISO date-time or `/Date(…)/`.
    static func parseDate(_ value: JSONValue) -> LocalDate? {
        guard case .string(let text) = value else { return nil }
        if text.count == 10, let date = try? LocalDate(iso: text) { return date }
        return (try? XeroDate(parsing: text))?.localDate
    }
}
