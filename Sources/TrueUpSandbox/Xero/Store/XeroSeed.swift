import Foundation
import TrueUpCore

/// Builds the organisation a sandbox starts with from a scenario's `xero/` folder.
///
/// Each file is the body of the matching GET (`Items.json` is a `GET /Items` response) and each is
/// optional: `Organisation.json`, `Accounts.json`, `Contacts.json`, `Items.json`, `Invoices.json`,
/// `CreditNotes.json`, `Payments.json`, `BankTransactions.json`. Without `Organisation.json` the
/// organisation is an NZ company trading in NZD; without `Accounts.json` the chart is a small
/// default one (see ``defaultAccounts(now:)``); without `Contacts.json` there are no contacts
/// beyond those a document names. Records are kept as written (numbers, amounts and invoice
/// numbers included), except that `null` members are dropped, a record without an id gets a
/// stable one, and one without `UpdatedDateUTC` gets the seed time. Contacts that seeded
/// documents name are added when `Contacts.json` lacks them.
enum XeroSeed {
    static func load(folder: String, tenantID: String, now: Date) throws(TrueUpError) -> XeroStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound("\(folder) is not a folder; give a scenario folder such as fixtures/scenarios/demo")
        }
        let directory = (folder as NSString).appendingPathComponent("xero")
        var organisation = defaultOrganisation(tenantID: tenantID, now: now)
        if let seeded = try records(in: directory, file: "Organisation", key: "Organisations").first {
            for key in seeded.keys { organisation[key] = seeded[key] }
        }
        // The tenant id is the organisation's id, as on a real connection.
        organisation["OrganisationID"] = .string(tenantID)
        var store = XeroStore(organisation: organisation)

        for resource in XeroResource.collections {
            var seeded = try records(in: directory, file: resource.name, key: resource.name)
            if resource == .accounts, seeded.isEmpty, !exists(directory, resource.name) {
                seeded = defaultAccounts(now: now)
            }
            // Filled apart and stored once: upserting through the store's subscript would copy
            // the collection for every record.
            var collection = XeroCollection(resource)
            for (index, var record) in seeded.enumerated() {
                if record.text(resource.idField) == nil {
                    let key = resource.alternateKey.flatMap { record.text($0) } ?? "\(index)"
                    record[resource.idField] = .string(XeroJSON.stableID("\(resource.name):\(key)"))
                }
                if record["UpdatedDateUTC"] == nil {
                    record["UpdatedDateUTC"] = .string(XeroJSON.date(now))
                }
                collection.upsert(record)
            }
            store[resource] = collection
        }
        addDocumentContacts(to: &store, now: now)
        return store
    }

    /// A real organisation holds every contact its documents name, so contacts that seeded
    /// documents name but `Contacts.json` lacks are added (active, with the name the document shows).
    private static func addDocumentContacts(to store: inout XeroStore, now: Date) {
        for resource in [XeroResource.invoices, .creditNotes, .bankTransactions, .payments] {
            for record in store[resource].records {
                guard
                    let contact = record.object("Contact") ?? record.object("Invoice")?.object("Contact")
                        ?? record.object("CreditNote")?.object("Contact"),
                    let id = contact.text("ContactID"), store.contacts.record(id) == nil
                else { continue }
                var made = XeroContactWriter.newContact(name: contact.text("Name") ?? "", now: now)
                made["ContactID"] = .string(id)
                store.contacts.upsert(made)
            }
        }
    }

    private static func exists(_ directory: String, _ name: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("\(name).json"))
    }

    /// The objects in a seed file's collection, without their nulls; empty when the file is absent.
    private static func records(in directory: String, file: String, key: String) throws(TrueUpError) -> [JSONObject] {
        try SeedFile.records(
            path: (directory as NSString).appendingPathComponent("\(file).json"), key: key, request: "GET /\(file)"
        ).map { $0.droppingNulls() }
    }

    /// An NZ company trading in NZD, as a new Xero organisation in New Zealand starts.
    static func defaultOrganisation(tenantID: String, now: Date) -> JSONObject {
        JSONObject([
            "OrganisationID": .string(tenantID),
            "APIKey": .string("SANDBOXAPIKEY0000000000000000"),
            "Name": .string("Sandbox Organisation"),
            "LegalName": .string("Sandbox Organisation Limited"),
            "PaysTax": .bool(true),
            "Version": .string("NZ"),
            "OrganisationType": .string("COMPANY"),
            "BaseCurrency": .string("NZD"),
            "CountryCode": .string("NZ"),
            "IsDemoCompany": .bool(false),
            "OrganisationStatus": .string("ACTIVE"),
            "FinancialYearEndDay": .number("31"),
            "FinancialYearEndMonth": .number("3"),
            "SalesTaxBasis": .string("PAYMENTS"),
            "SalesTaxPeriod": .string("TWOMONTHS"),
            "DefaultSalesTax": .string("Tax Exclusive"),
            "DefaultPurchasesTax": .string("Tax Exclusive"),
            "CreatedDateUTC": .string(XeroJSON.envelopeDate(now)),
            "OrganisationEntityType": .string("COMPANY"),
            "Timezone": .string("NEWZEALANDSTANDARDTIME"),
            "ShortCode": .string("!sNdBx"),
            "Edition": .string("BUSINESS"),
            "Class": .string("PREMIUM"),
            "Addresses": .array([]),
            "Phones": .array([]),
            "ExternalLinks": .array([]),
            "PaymentTerms": .object(JSONObject()),
        ])
    }

    /// The accounts an inventory sync needs: a bank account, sales, cost of goods sold, inventory
    /// adjustments, the inventory asset, the two control accounts and rounding.
    static func defaultAccounts(now: Date) -> [JSONObject] {
        let chart: [(code: String, name: String, type: String, tax: String, system: String?)] = [
            ("090", "Business Bank Account", "BANK", "NONE", nil),
            ("200", "Sales", "REVENUE", "OUTPUT2", nil),
            ("310", "Cost of Goods Sold", "DIRECTCOSTS", "INPUT2", nil),
            ("318", "Inventory Adjustments", "DIRECTCOSTS", "INPUT2", nil),
            ("610", "Accounts Receivable", "CURRENT", "NONE", "DEBTORS"),
            ("630", "Inventory", "INVENTORY", "INPUT2", nil),
            ("800", "Accounts Payable", "CURRLIAB", "NONE", "CREDITORS"),
            ("860", "Rounding", "CURRLIAB", "NONE", "ROUNDING"),
        ]
        return chart.map { entry in
            var account = JSONObject([
                "AccountID": .string(XeroJSON.stableID("Accounts:\(entry.code)")),
                "Code": .string(entry.code),
                "Name": .string(entry.name),
                "Status": .string("ACTIVE"),
                "Type": .string(entry.type),
                "TaxType": .string(entry.tax),
                "Class": .string(accountClass(entry.type)),
                "EnablePaymentsToAccount": .bool(false),
                "ShowInExpenseClaims": .bool(false),
            ])
            if entry.type == "BANK" {
                account["BankAccountNumber"] = .string("0201000000000000")
                account["BankAccountType"] = .string("BANK")
                account["CurrencyCode"] = .string("NZD")
            } else {
                account["BankAccountType"] = .string("")
            }
            account["ReportingCode"] = .string(entry.type == "BANK" ? "ASS" : "")
            account["HasAttachments"] = .bool(false)
            account["UpdatedDateUTC"] = .string(XeroJSON.date(now))
            account["AddToWatchlist"] = .bool(false)
            if let system = entry.system { account["SystemAccount"] = .string(system) }
            return account
        }
    }

    /// An account type's class (`Class`), as Xero derives it.
    static func accountClass(_ type: String) -> String {
        switch type {
        case "BANK", "CURRENT", "FIXED", "INVENTORY", "NONCURRENT", "PREPAYMENT": "ASSET"
        case "CURRLIAB", "LIABILITY", "TERMLIAB", "PAYG": "LIABILITY"
        case "EQUITY": "EQUITY"
        case "REVENUE", "SALES", "OTHERINCOME": "REVENUE"
        default: "EXPENSE"
        }
    }
}
