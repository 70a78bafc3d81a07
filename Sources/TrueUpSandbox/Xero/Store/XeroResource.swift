/// A kind of record the emulated accounting API serves: its collection name (the path segment and
/// the envelope's key), its id field, whether it pages, and the OAuth scopes that reach it.
struct XeroResource: Sendable, Hashable {
    /// `Invoices`: the path segment, the seed file's name and the response's collection key.
    let name: String
    /// `InvoiceID`.
    let idField: String
    /// A second key `GET /Name/{key}` also finds records by (`InvoiceNumber`, `Code`).
    let alternateKey: String?
    /// Whether GET pages (`page`, `pageSize`, and a `pagination` block in the response).
    let paged: Bool
    /// The broad scope in Xero's spec (`accounting.transactions`); `.read` is enough for GET.
    let scope: String
    /// The granular scope apps created from March 2026 use instead, when there is one.
    let granularScope: String?

    static let organisation = XeroResource(
        name: "Organisation", idField: "OrganisationID", alternateKey: nil, paged: false,
        scope: "accounting.settings", granularScope: nil)
    static let accounts = XeroResource(
        name: "Accounts", idField: "AccountID", alternateKey: "Code", paged: false,
        scope: "accounting.settings", granularScope: nil)
    static let items = XeroResource(
        name: "Items", idField: "ItemID", alternateKey: "Code", paged: false,
        scope: "accounting.settings", granularScope: nil)
    static let contacts = XeroResource(
        name: "Contacts", idField: "ContactID", alternateKey: "ContactNumber", paged: true,
        scope: "accounting.contacts", granularScope: nil)
    static let invoices = XeroResource(
        name: "Invoices", idField: "InvoiceID", alternateKey: "InvoiceNumber", paged: true,
        scope: "accounting.transactions", granularScope: "accounting.invoices")
    static let creditNotes = XeroResource(
        name: "CreditNotes", idField: "CreditNoteID", alternateKey: "CreditNoteNumber", paged: true,
        scope: "accounting.transactions", granularScope: "accounting.invoices")
    static let payments = XeroResource(
        name: "Payments", idField: "PaymentID", alternateKey: nil, paged: true,
        scope: "accounting.transactions", granularScope: "accounting.payments")
    static let bankTransactions = XeroResource(
        name: "BankTransactions", idField: "BankTransactionID", alternateKey: nil, paged: true,
        scope: "accounting.transactions", granularScope: "accounting.banktransactions")

    /// Every collection served by `GET /api.xro/2.0/<name>` besides Organisation.
    static let collections: [XeroResource] = [
        .accounts, .items, .contacts, .invoices, .creditNotes, .payments, .bankTransactions,
    ]

    static func named(_ name: String) -> XeroResource? {
        if name.caseInsensitiveCompare(organisation.name) == .orderedSame { return organisation }
        return collections.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Whether a token with these scopes may call this resource (`write` needs the full scope).
    func allows(scopes: Set<String>, write: Bool) -> Bool {
        var accepted = [scope]
        if let granularScope { accepted.append(granularScope) }
        if !write { accepted += accepted.map { "\($0).read" } }
        return accepted.contains { scopes.contains($0) }
    }
}
