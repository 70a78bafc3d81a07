import Foundation
import TrueUpCore

/// The members every writer reads and writes the same way on invoices, credit notes, payments
/// and bank transactions: amounts in cents, business dates, line amount types, accounts, and the
/// update stamp.
enum XeroDocumentFields {
    /// An amount member in cents; zero when absent or unreadable (the writers only read amounts
    /// they or the seed wrote).
    static func cents(_ value: JSONValue?) -> Int64 {
        ExactDecimal.read(value, scale: 2).value ?? 0
    }

    /// A credit note's `RemainingCredit`, or its `Total` when a seeded note leaves it out.
    static func remainingCredit(_ note: JSONObject) -> Int64 {
        ExactDecimal.read(note["RemainingCredit"], scale: 2).value ?? cents(note["Total"])
    }

    /// `/Date(…+0000)/` at midnight UTC of a business date, as Xero writes `Date`.
    static func dateValue(_ date: LocalDate) -> JSONValue {
        .string(XeroJSON.date(XeroJSON.midnight(date)))
    }

    /// A business date member, or `nil` when absent or unreadable.
    static func localDate(_ value: JSONValue?) -> LocalDate? {
        guard let value else { return nil }
        return XeroInvoiceWriter.parseDate(value)
    }

    /// A business date member of an element: `nil` when absent; when unreadable, `nil` and an
    /// error naming the member.
    static func date(_ element: JSONObject, _ key: String, errors: inout [String]) -> LocalDate? {
        guard let value = element[key] else { return nil }
        guard let date = XeroInvoiceWriter.parseDate(value) else {
            errors.append("The \(key) \(value.preview) is not a valid date.")
            return nil
        }
        return date
    }

    /// An element's `LineAmountTypes`, Exclusive when absent; an error unless it is Exclusive,
    /// Inclusive or NoTax.
    static func lineAmountTypes(_ element: JSONObject, errors: inout [String]) -> String {
        let lineAmountTypes = element.text("LineAmountTypes") ?? "Exclusive"
        if !["Exclusive", "Inclusive", "NoTax"].contains(lineAmountTypes) {
            errors.append("LineAmountTypes '\(lineAmountTypes)' is not valid: use Exclusive, Inclusive or NoTax.")
        }
        return lineAmountTypes
    }

    /// Sets `UpdatedDateUTC` and, where the schema has it, its `UpdatedDateUTCString` twin.
    static func stamp(_ record: inout JSONObject, now: Date, withString: Bool = true) {
        record["UpdatedDateUTC"] = .string(XeroJSON.date(now))
        if withString { record["UpdatedDateUTCString"] = .string(XeroJSON.utcString(now)) }
    }

    /// The summary of an account a payment or bank transaction carries: `AccountID`, `Code`, `Name`.
    static func accountSummary(_ account: JSONObject) -> JSONObject {
        var summary = JSONObject()
        for key in ["AccountID", "Code", "Name"] {
            if let value = account[key] { summary[key] = value }
        }
        return summary
    }

    /// The account a `{"Code"}` or `{"AccountID"}` reference names, if the chart has it.
    static func account(_ reference: JSONObject?, store: XeroStore) -> JSONObject? {
        guard let reference else { return nil }
        if let code = reference.text("Code") { return store.account(code: code) }
        if let id = reference.text("AccountID") { return store.accounts.record(id) }
        return nil
    }
}
