import Foundation
import TrueUpCore

/// Creates and updates credit notes as Xero's `PUT`/`POST /CreditNotes` do, as
/// ``XeroDocumentWriter`` describes.
///
/// `Type` is ACCRECCREDIT (a customer's credit) or ACCPAYCREDIT (a supplier's); lines are priced as
/// sales on ACCRECCREDIT, as purchases on ACCPAYCREDIT. An ACCRECCREDIT `CreditNoteNumber` must be
/// unique and is `CN-nnnn` (one past the highest) when absent; an ACCPAYCREDIT number is the
/// supplier's, may repeat and may be empty. Xero computes `SubTotal`, `TotalTax`, `Total` and
/// `RemainingCredit` (the total, until credit is allocated or refunded). Authorising moves tracked
/// stock (``XeroStock/creditMoves(for:type:lineAmountTypes:store:)``).
///
/// `Allocations` sent with a new credit note are ignored, as Xero ignores them (its users report
/// that the allocation has to be a second call): credit is allocated by
/// `PUT /CreditNotes/{id}/Allocations`, or by updating an authorised note with `Allocations`
/// (each one applied as new, see ``XeroAllocations``). An authorised note can be VOIDED while none
/// of its credit is used.
enum XeroCreditNoteWriter: XeroDocumentWriter {
    static var collection: WritableKeyPath<XeroStore, XeroCollection> { \.creditNotes }
    static let idMember = "CreditNoteID"
    static let numberMember = "CreditNoteNumber"
    static let title = "Credit Note"
    static let titleWithArticle = "a credit note"
    static let customerType = "ACCRECCREDIT"
    static let supplierType = "ACCPAYCREDIT"
    static let numberPrefix = "CN-"
    static let outstandingMember = "RemainingCredit"
    /// A customer's credit takes returned stock back in; a supplier's sends it back out.
    static let customerStockSign: Int64 = 1
    static let appliedAfterUpdate: Set<String> = ["Allocations"]

    static func notFound(_ id: String) -> String {
        "An existing Credit Note with the specified CreditNoteID could not be found"
    }

    static func isSettledInPart(_ note: JSONObject) -> Bool {
        XeroDocumentFields.remainingCredit(note) != XeroDocumentFields.cents(note["Total"])
    }

    /// Lines are priced and checked as the invoice of the same side would be.
    static func linesType(_ type: String) -> String {
        type == "ACCRECCREDIT" ? "ACCREC" : "ACCPAY"
    }

    static func stockMoves(
        for lines: [XeroInvoiceLines.Line], type: String, lineAmountTypes: String, store: XeroStore
    ) -> (moves: [StockMove], errors: [String]) {
        XeroStock.creditMoves(for: lines, type: type, lineAmountTypes: lineAmountTypes, store: store)
    }

    static func record(
        _ draft: XeroDocumentDraft, over existing: JSONObject?, input: JSONObject, now: Date
    ) -> JSONObject {
        var record = existing ?? JSONObject()
        record["CreditNoteID"] = .string(draft.id)
        record["CreditNoteNumber"] = .string(draft.number)
        record["Payments"] = record["Payments"] ?? .array([])
        record["CurrencyRate"] = record["CurrencyRate"] ?? .number("1.000000")
        record["Type"] = .string(draft.type)
        record["Reference"] = input["Reference"] ?? .string("")
        record["RemainingCredit"] = ExactDecimal.number(draft.totals.total, scale: 2)
        record["Allocations"] = record["Allocations"] ?? .array([])
        record["HasAttachments"] = record["HasAttachments"] ?? .bool(false)
        draft.write(into: &record)
        if let theme = input["BrandingThemeID"] { record["BrandingThemeID"] = theme }
        XeroDocumentFields.stamp(&record, now: now)
        record["CurrencyCode"] = .string(draft.currency)
        record["HasErrors"] = .bool(false)
        return record
    }

    /// Applies an update's `Allocations` in order, all or none, and answers with the note as it ends.
    static func finishUpdate(
        _ result: XeroElementResult, id: String, element: JSONObject, store: inout XeroStore, now: Date
    ) -> XeroElementResult {
        guard case .saved = result, let allocations = element.array("Allocations"), !allocations.isEmpty else {
            return result
        }
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
}
