import Foundation
import TrueUpCore

/// An invoice or credit note that ``XeroDocumentWriter`` has validated and priced, for its writer
/// to make into a record.
struct XeroDocumentDraft {
    var id: String
    var number: String
    var type: String
    var status: String
    /// The contact as the document carries it.
    var contact: JSONObject
    var date: LocalDate
    var dueDate: LocalDate?
    /// The currency code, upper-cased.
    var currency: String
    var lineAmountTypes: String
    var lines: [XeroInvoiceLines.Line]
    var totals: XeroInvoiceLines.Totals

    /// Sets the members from `Contact` to `Total`, which invoices and credit notes carry alike and
    /// in this order.
    func write(into record: inout JSONObject) {
        record["Contact"] = .object(contact)
        record["DateString"] = .string(XeroJSON.dateString(date))
        record["Date"] = XeroDocumentFields.dateValue(date)
        if let dueDate {
            record["DueDateString"] = .string(XeroJSON.dateString(dueDate))
            record["DueDate"] = XeroDocumentFields.dateValue(dueDate)
        }
        record["Status"] = .string(status)
        record["LineAmountTypes"] = .string(lineAmountTypes)
        record["LineItems"] = .array(lines.map { .object($0.object) })
        record["SubTotal"] = ExactDecimal.number(totals.subTotal, scale: 2)
        record["TotalTax"] = ExactDecimal.number(totals.totalTax, scale: 2)
        record["Total"] = ExactDecimal.number(totals.total, scale: 2)
    }
}
