import Foundation
import TrueUpCore

/// Spend and receive money, as `PUT /BankTransactions` makes them: `Type` RECEIVE or SPEND, a
/// `Contact` (as on invoices), a `BankAccount` by `Code` or `AccountID` that must be a BANK
/// account, `Date` (today by default), `Reference`, `CurrencyCode` (the bank account's, which it
/// must match), `LineAmountTypes` (Exclusive by default), `IsReconciled` (false by default) and at
/// least one line, computed as ``XeroInvoiceLines`` computes an invoice's (priced as a sale on
/// RECEIVE, as a purchase on SPEND). Xero computes `SubTotal`, `TotalTax` and `Total`, which may
/// not be negative; the transaction is AUTHORISED.
///
/// The sandbox emulates neither the overpayment, prepayment and transfer types nor tracked
/// inventory items on bank transactions, nor updating a transaction: it refuses those elements
/// saying so, rather than make something Xero would not.
enum XeroBankTransactionWriter {
    static let otherTypes: Set<String> = [
        "RECEIVE-OVERPAYMENT", "RECEIVE-PREPAYMENT", "SPEND-OVERPAYMENT", "SPEND-PREPAYMENT", "RECEIVE-TRANSFER",
        "SPEND-TRANSFER",
    ]

    static func write(_ element: JSONObject, unitdp4: Bool, store: inout XeroStore, now: Date) -> XeroElementResult {
        if let id = element.text("BankTransactionID"), id != XeroJSON.emptyID {
            return refuse(
                element,
                ["The TrueUp sandbox does not emulate updating bank transactions: PUT new ones without an ID."])
        }
        var errors: [String] = []
        let type = element.text("Type") ?? ""
        if otherTypes.contains(type) {
            errors.append("The TrueUp sandbox does not emulate \(type) bank transactions: use RECEIVE or SPEND.")
        } else if type != "RECEIVE", type != "SPEND" {
            errors.append("Bank transaction Type '\(type)' is not valid: use RECEIVE or SPEND.")
        }
        let status = element.text("Status") ?? "AUTHORISED"
        if status != "AUTHORISED" {
            errors.append(
                "Bank transaction Status '\(status)' is not valid for a new bank transaction: use AUTHORISED.")
        }
        let lineAmountTypes = XeroDocumentFields.lineAmountTypes(element, errors: &errors)

        let contactReference = element.object("Contact")
        var contact: XeroContactWriter.Resolution
        if let contactReference, ["ContactID", "ContactNumber", "Name"].allSatisfy({ contactReference[$0] == nil }) {
            contact = .failure(
                "The Contact must contain at least 1 of the following elements to identify the contact: "
                    + "Name, ContactID, ContactNumber")
        } else {
            contact = XeroContactWriter.resolve(contactReference, store: &store, now: now)
        }
        if case .failure(let message) = contact { errors.append(message) }

        let bankAccount = XeroDocumentFields.account(element.object("BankAccount"), store: store)
        if let bankAccount {
            if bankAccount.text("Type") != "BANK" {
                errors.append(
                    "Account code '\(bankAccount.text("Code") ?? "")' is not a bank account: "
                        + "a bank transaction's BankAccount must be a BANK account.")
            } else if (bankAccount.text("Status") ?? "ACTIVE") != "ACTIVE" {
                errors.append("The bank account '\(bankAccount.text("Code") ?? "")' is archived.")
            }
        } else {
            errors.append("The BankAccount could not be found. Specify a bank account by Code or AccountID.")
        }

        let date = XeroDocumentFields.date(element, "Date", errors: &errors) ?? LocalDate(now, in: store.timeZone)
        let accountCurrency = bankAccount?.text("CurrencyCode") ?? store.baseCurrency
        let currency = (element.text("CurrencyCode") ?? accountCurrency).uppercased()
        if (try? Currency(code: currency)) == nil {
            errors.append("The currency code '\(currency)' is not valid.")
        } else if bankAccount != nil, currency != accountCurrency.uppercased() {
            errors.append("The currency \(currency) does not match the bank account's currency \(accountCurrency).")
        }
        var reconciled = false
        switch element["IsReconciled"] {
        case nil, .null?: break
        case .bool(let flag)?: reconciled = flag
        case let other?: errors.append("IsReconciled must be true or false, found \(other.preview).")
        }

        let raw = element.array("LineItems") ?? []
        if raw.isEmpty { errors.append("A bank transaction must have at least one line item.") }
        let lines = XeroInvoiceLines(
            raw, type: type.hasPrefix("RECEIVE") ? "ACCREC" : "ACCPAY", lineAmountTypes: lineAmountTypes,
            status: "AUTHORISED", unitdp4: unitdp4, store: store)
        errors += lines.errors
        for code in Set(lines.lines.compactMap(\.trackedCode)).sorted() {
            errors.append(
                "The TrueUp sandbox does not emulate tracked inventory items on bank transactions ('\(code)').")
        }
        let totals = lines.totals(lineAmountTypes: lineAmountTypes)
        if totals.total < 0 { errors.append("The total of a bank transaction cannot be negative.") }
        guard errors.isEmpty, let bankAccount, case .success(let contactObject) = contact else {
            return refuse(element, errors)
        }

        var record = JSONObject()
        record["BankTransactionID"] = .string(XeroJSON.newID())
        record["BankAccount"] = .object(XeroDocumentFields.accountSummary(bankAccount))
        record["Type"] = .string(type)
        record["Reference"] = element["Reference"] ?? .string("")
        record["IsReconciled"] = .bool(reconciled)
        record["CurrencyRate"] = .number("1.000000")
        record["HasAttachments"] = .bool(false)
        record["Contact"] = .object(contactObject)
        record["DateString"] = .string(XeroJSON.dateString(date))
        record["Date"] = XeroDocumentFields.dateValue(date)
        record["Status"] = .string("AUTHORISED")
        record["LineAmountTypes"] = .string(lineAmountTypes)
        record["LineItems"] = .array(lines.lines.map { .object($0.object) })
        record["SubTotal"] = ExactDecimal.number(totals.subTotal, scale: 2)
        record["TotalTax"] = ExactDecimal.number(totals.totalTax, scale: 2)
        record["Total"] = ExactDecimal.number(totals.total, scale: 2)
        if let url = element["Url"] { record["Url"] = url }
        // The schema of a bank transaction has no UpdatedDateUTCString.
        XeroDocumentFields.stamp(&record, now: now, withString: false)
        record["CurrencyCode"] = .string(currency)
        store.bankTransactions.upsert(record)
        return .saved(record)
    }

    /// The element as sent, marked as not saved (Xero gives unsaved elements the empty GUID).
    private static func refuse(_ element: JSONObject, _ errors: [String]) -> XeroElementResult {
        var echo = element
        if echo["BankTransactionID"] == nil { echo["BankTransactionID"] = .string(XeroJSON.emptyID) }
        return .refused(echo: echo, errors: errors)
    }
}
