import Foundation
import TrueUpCore

/// Everything the emulated organisation holds: its settings, chart of accounts, items, contacts
/// and documents, as the JSON objects the API returns. A value type: a batch write works on a
/// copy and keeps it only when the batch may be saved.
struct XeroStore {
    var organisation: JSONObject
    var accounts = XeroCollection(.accounts)
    var items = XeroCollection(.items)
    var contacts = XeroCollection(.contacts)
    var invoices = XeroCollection(.invoices)
    var creditNotes = XeroCollection(.creditNotes)
    var payments = XeroCollection(.payments)
    var bankTransactions = XeroCollection(.bankTransactions)
    /// The stock each authorised invoice or credit note moved, by InvoiceID or CreditNoteID, so
    /// that voiding it moves exactly that back.
    var stockMoves: [String: [StockMove]] = [:]

    init(organisation: JSONObject) {
        self.organisation = organisation
    }

    subscript(resource: XeroResource) -> XeroCollection {
        get {
            switch resource {
            case .accounts: accounts
            case .items: items
            case .contacts: contacts
            case .invoices: invoices
            case .creditNotes: creditNotes
            case .payments: payments
            case .bankTransactions: bankTransactions
            default: XeroCollection(resource)
            }
        }
        set {
            switch resource {
            case .accounts: accounts = newValue
            case .items: items = newValue
            case .contacts: contacts = newValue
            case .invoices: invoices = newValue
            case .creditNotes: creditNotes = newValue
            case .payments: payments = newValue
            case .bankTransactions: bankTransactions = newValue
            default: break
            }
        }
    }

    /// The organisation's base currency (`NZD` unless the seed says otherwise).
    var baseCurrency: String { organisation.text("BaseCurrency") ?? "NZD" }

    /// The organisation's timezone, for "today" when a document has no date.
    var timeZone: TimeZone { XeroTimeZones.timeZone(organisation.text("Timezone")) }

    /// The account with this code, if the chart has one.
    func account(code: String) -> JSONObject? {
        accounts.records.first { $0.text("Code") == code }
    }

    /// The active contact with this name (compared case-insensitively, as Xero keeps names unique).
    func activeContact(named name: String) -> JSONObject? {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return contacts.records.first {
            ($0.text("ContactStatus") ?? "ACTIVE") == "ACTIVE"
                && $0.text("Name")?.trimmingCharacters(in: .whitespaces).lowercased() == wanted
        }
    }
}

/// Stock one document moved for one item: units and the cost that went with them (in cents).
struct StockMove: Sendable, Equatable {
    var code: String
    var quantity: Quantity
    var costCents: Int64
}

/// The Windows timezone names Xero uses (`NEWZEALANDSTANDARDTIME`) mapped to IANA zones, for the
/// organisations a sandbox is likely to be seeded with; others fall back to UTC.
enum XeroTimeZones {
    static let identifiers: [String: String] = [
        "NEWZEALANDSTANDARDTIME": "Pacific/Auckland",
        "AUSEASTERNSTANDARDTIME": "Australia/Sydney",
        "EAUSTRALIASTANDARDTIME": "Australia/Brisbane",
        "AUSCENTRALSTANDARDTIME": "Australia/Darwin",
        "CENAUSTRALIASTANDARDTIME": "Australia/Adelaide",
        "WAUSTRALIASTANDARDTIME": "Australia/Perth",
        "TASMANIASTANDARDTIME": "Australia/Hobart",
        "GMTSTANDARDTIME": "Europe/London",
        "UTC": "UTC",
        "EASTERNSTANDARDTIME": "America/New_York",
        "CENTRALSTANDARDTIME": "America/Chicago",
        "MOUNTAINSTANDARDTIME": "America/Denver",
        "PACIFICSTANDARDTIME": "America/Los_Angeles",
        "SINGAPORESTANDARDTIME": "Asia/Singapore",
        "SOUTHAFRICASTANDARDTIME": "Africa/Johannesburg",
        "WEUROPESTANDARDTIME": "Europe/Berlin",
    ]

    static func timeZone(_ name: String?) -> TimeZone {
        guard let name, let identifier = identifiers[name.uppercased()], let zone = TimeZone(identifier: identifier)
        else { return .gmt }
        return zone
    }
}
