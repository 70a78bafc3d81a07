import TrueUpCore

/// The Xero organisation's bodies: what `GET /Organisation`, `/Accounts`, `/Contacts`, `/Items`,
/// `/Invoices`, `/CreditNotes`, `/Payments` and `/BankTransactions` answer at the run. Paged lists
/// are one page of up to 1000, in `UpdatedDateUTC` order as an incremental read asks for them.
extension DemoShopModel {
    func xeroFiles() -> [DemoShop.File] {
        [
            file("Organisation", [.object(organisation)], paged: false),
            file("Accounts", Self.accounts.map { .object(account($0)) }, paged: false),
            file("Contacts", contacts(), paged: true),
            file("Items", items(), paged: false),
            file("Invoices", invoices(), paged: true),
            file("CreditNotes", creditNotes(), paged: true),
            file("Payments", payments(), paged: true),
            file("BankTransactions", bankTransactions(), paged: true),
        ]
    }

    private func file(_ name: String, _ records: [JSONValue], paged: Bool) -> DemoShop.File {
        var body = JSONObject([
            "Id": .string(guid("envelope:\(name)")), "Status": .string("OK"), "ProviderName": .string("TrueUp"),
            "DateTimeUTC": .string("/Date(\(DemoClock.asOf * 1000))/"),
        ])
        if paged {
            body["pagination"] = .object(
                JSONObject([
                    "page": .number("1"), "pageSize": .number("1000"),
                    "pageCount": DemoAmount.integer(max(1, (records.count + 999) / 1000)),
                    "itemCount": DemoAmount.integer(records.count),
                ]))
        }
        body[name == "Organisation" ? "Organisations" : name] = .array(records)
        return DemoShop.File(path: "xero/\(name).json", bytes: JSONWriter.bytes(.object(body), pretty: true) + [0x0A])
    }

    func guid(_ name: String) -> String { DemoID.guid(name, seed: seed) }

    /// Records in the order an incremental read returns them: by `UpdatedDateUTC`, then by id.
    private func ordered(_ records: [(time: Int64, key: String, record: JSONObject)]) -> [JSONValue] {
        records.sorted { ($0.time, $0.key) < ($1.time, $1.key) }.map { .object($0.record) }
    }

    // MARK: Organisation and chart

    private var organisation: JSONObject {
        JSONObject([
            "APIKey": .string("HLHDEMO7QKZ2M4X9WJ0RTB6YNC3PDV"), "Name": .string("Harbour Lane Homewares"),
            "LegalName": .string("Harbour Lane Homewares Limited"), "PaysTax": .bool(true), "Version": .string("NZ"),
            "OrganisationType": .string("COMPANY"), "BaseCurrency": .string("NZD"), "CountryCode": .string("NZ"),
            "IsDemoCompany": .bool(false), "OrganisationStatus": .string("ACTIVE"),
            "RegistrationNumber": .string("7834521"), "TaxNumber": .string("123-456-789"),
            "FinancialYearEndDay": .number("31"), "FinancialYearEndMonth": .number("3"),
            "SalesTaxBasis": .string("INVOICE"), "SalesTaxPeriod": .string("TWOMONTHS"),
            "DefaultSalesTax": .string("Tax Inclusive"), "DefaultPurchasesTax": .string("Tax Exclusive"),
            "PeriodLockDate": .string("/Date(1790726400000+0000)/"), "CreatedDateUTC": .string("/Date(1740950049000)/"),
            "OrganisationEntityType": .string("COMPANY"), "Timezone": .string("NEWZEALANDSTANDARDTIME"),
            "ShortCode": .string("!hLh7q"), "OrganisationID": .string(guid("organisation")),
            "Edition": .string("BUSINESS"), "Class": .string("STANDARD"), "LineOfBusiness": .string("Homewares retail"),
            "Addresses": .array([
                .object(
                    JSONObject([
                        "AddressType": .string("STREET"), "AddressLine1": .string("14 Harbour Lane"),
                        "City": .string("Devonport"), "Region": .string("Auckland"), "PostalCode": .string("0624"),
                        "Country": .string("New Zealand"),
                    ]))
            ]),
            "Phones": .array([]), "ExternalLinks": .array([]), "PaymentTerms": .object(JSONObject()),
        ])
    }

    static let accounts: [(code: String, name: String, type: String, tax: String, system: String?, about: String)] = [
        ("090", "Business Bank Account", "BANK", "NONE", nil, ""),
        ("092", "Stripe Clearing", "BANK", "NONE", nil, "Card payments taken through Stripe, until they are paid out"),
        ("200", "Sales", "REVENUE", "OUTPUT2", nil, "Income from any normal business activity"),
        ("310", "Cost of Goods Sold", "DIRECTCOSTS", "INPUT2", nil, "Cost of goods sold by the business"),
        (
            "318", "Inventory Adjustments", "DIRECTCOSTS", "NONE", nil,
            "Stock counted up or written off; the other side of TrueUp's zero-total stock adjustments"
        ),
        ("404", "Merchant Fees", "EXPENSE", "NONE", nil, "Stripe's fees on card payments"),
        (
            "610", "Accounts Receivable", "CURRENT", "NONE", "DEBTORS",
            "Outstanding invoices the company has issued out to the client but has not yet received in cash at balance date."
        ),
        ("630", "Inventory", "INVENTORY", "INPUT2", nil, "Value of tracked inventory items for resale."),
        (
            "800", "Accounts Payable", "CURRLIAB", "NONE", "CREDITORS",
            "Outstanding invoices the company has received from suppliers but has not yet paid at balance date"
        ),
        ("820", "GST", "CURRLIAB", "NONE", "GST", "The balance of GST collected and paid"),
        ("835", "Gift Cards Outstanding", "CURRLIAB", "NONE", nil, "Gift cards sold and not yet redeemed"),
        ("860", "Rounding", "CURRLIAB", "NONE", "ROUNDING", "An account for recording rounding differences"),
    ]

    private func account(
        _ entry: (code: String, name: String, type: String, tax: String, system: String?, about: String)
    ) -> JSONObject {
        var account = JSONObject([
            "AccountID": .string(accountID(entry.code)), "Code": .string(entry.code), "Name": .string(entry.name),
            "Status": .string("ACTIVE"), "Type": .string(entry.type), "TaxType": .string(entry.tax),
        ])
        if !entry.about.isEmpty { account["Description"] = .string(entry.about) }
        let kind: String =
            switch entry.type {
            case "BANK", "CURRENT", "INVENTORY": "ASSET"
            case "CURRLIAB": "LIABILITY"
            case "REVENUE": "REVENUE"
            default: "EXPENSE"
            }
        account["Class"] = .string(kind)
        if let system = entry.system { account["SystemAccount"] = .string(system) }
        account["EnablePaymentsToAccount"] = .bool(false)
        account["ShowInExpenseClaims"] = .bool(false)
        if entry.type == "BANK" {
            account["BankAccountNumber"] = .string(entry.code == "090" ? "1231400123456700" : "1231400123456701")
            account["BankAccountType"] = .string("BANK")
            account["CurrencyCode"] = .string("NZD")
        }
        account["HasAttachments"] = .bool(false)
        account["AddToWatchlist"] = .bool(false)
        account["UpdatedDateUTC"] = .string("/Date(1740950049000+0000)/")
        return account
    }

    func accountID(_ code: String) -> String { guid("account:\(code)") }

    // MARK: Contacts and items

    func contactID(customer: Int) -> String { guid("contact:customer:\(customers[customer].id)") }
    func contactID(supplier: Int) -> String { guid("contact:supplier:\(supplier)") }
    var stripeContactID: String { guid("contact:stripe") }

    private func contacts() -> [JSONValue] {
        var records: [(time: Int64, key: String, record: JSONObject)] = []
        func add(
            id: String, number: String?, name: String, first: String?, last: String?, email: String,
            address: (city: String, region: String, postcode: String)?, supplier: Bool, time: Int64
        ) {
            var record = JSONObject(["ContactID": .string(id)])
            if let number { record["ContactNumber"] = .string(number) }
            record["ContactStatus"] = .string("ACTIVE")
            record["Name"] = .string(name)
            if let first, let last {
                record["FirstName"] = .string(first)
                record["LastName"] = .string(last)
            }
            record["EmailAddress"] = .string(email)
            record["BankAccountDetails"] = .string("")
            var addresses: [JSONValue] = []
            if let address {
                addresses.append(
                    .object(
                        JSONObject([
                            "AddressType": .string("STREET"), "City": .string(address.city),
                            "Region": .string(address.region), "PostalCode": .string(address.postcode),
                            "Country": .string("New Zealand"),
                        ])))
            }
            record["Addresses"] = .array(addresses)
            record["Phones"] = .array([])
            record["UpdatedDateUTC"] = .string(DemoClock.xero(time))
            record["ContactGroups"] = .array([])
            record["IsSupplier"] = .bool(supplier)
            record["IsCustomer"] = .bool(!supplier)
            record["ContactPersons"] = .array([])
            record["HasAttachments"] = .bool(false)
            record["HasValidationErrors"] = .bool(false)
            records.append((time, id, record))
        }
        let setUp = DemoClock.start - 200 * DemoClock.day
        for (index, supplier) in DemoCatalogue.suppliers.enumerated() {
            let postcode = DemoCatalogue.cities.first { $0.city == supplier.city }?.postcode ?? ""
            add(
                id: contactID(supplier: index), number: nil, name: supplier.name, first: nil, last: nil,
                email: supplier.email, address: (supplier.city, supplier.region, postcode), supplier: true,
                time: setUp + Int64(index) * 3600)
        }
        add(
            id: stripeContactID, number: nil, name: "Stripe", first: nil, last: nil,
            email: "support@stripe.example.com",
            address: nil, supplier: true, time: setUp + 10 * 3600)
        var firstPosted: [Int: Int64] = [:]
        for order in orders {
            guard let posted = order.posted else { continue }
            firstPosted[order.customer] = min(firstPosted[order.customer] ?? posted, posted)
        }
        for (customer, time) in firstPosted {
            let person = customers[customer]
            let place = DemoCatalogue.cities[person.city]
            add(
                id: contactID(customer: customer), number: String(person.id), name: person.name,
                first: person.firstName, last: person.lastName, email: person.email, address: place, supplier: false,
                time: time)
        }
        return ordered(records)
    }

    private func items() -> [JSONValue] {
        var records: [(code: String, record: JSONObject)] = []
        var moved: [Int: Int64] = [:]
        for order in orders {
            guard let posted = order.posted else { continue }
            // The mistyped SKU's lines were posted without an item code: they moved no item.
            for line in order.lines where products[line.product].xeroCode != nil {
                moved[line.product] = max(moved[line.product] ?? 0, posted)
            }
        }
        for bill in bills {
            for line in bill.lines { moved[line.product] = max(moved[line.product] ?? 0, bill.entered) }
        }
        let listed = DemoClock.start - 120 * DemoClock.day
        for (index, product) in products.enumerated() {
            let code =
                product.xeroCode ?? (product.sku == DemoCatalogue.mistyped ? DemoCatalogue.mistypedXeroCode : nil)
            guard let code else { continue }
            let time = moved[index] ?? listed + Int64(index) * 600
            guard !product.isGiftCard else {
                let item = untracked(
                    code: code, name: product.name, price: product.price, account: "835", tax: "NONE", time: time)
                records.append((code, item))
                continue
            }
            let units = product.xeroCode == nil ? mistypedListed : stock[index].xero
            records.append(
                (
                    code,
                    JSONObject([
                        "ItemID": .string(guid("item:\(code)")), "Code": .string(code), "Name": .string(product.name),
                        "Description": .string(product.name), "PurchaseDescription": .string(product.name),
                        "PurchaseDetails": .object(
                            JSONObject([
                                "UnitPrice": DemoAmount.money(product.cost), "COGSAccountCode": .string("310"),
                                "TaxType": .string("INPUT2"),
                            ])),
                        "SalesDetails": .object(
                            JSONObject([
                                "UnitPrice": DemoAmount.money(product.price), "AccountCode": .string("200"),
                                "TaxType": .string("OUTPUT2"),
                            ])),
                        "IsTrackedAsInventory": .bool(true), "InventoryAssetAccountCode": .string("630"),
                        "TotalCostPool": DemoAmount.money(units * product.cost),
                        "QuantityOnHand": DemoAmount.xeroQuantity(units), "IsSold": .bool(true),
                        "IsPurchased": .bool(true), "UpdatedDateUTC": .string(DemoClock.xero(time)),
                    ])
                ))
        }
        let freight = untracked(
            code: DemoCatalogue.freight, name: "Shipping - NZ Post", price: DemoCatalogue.shippingFee, account: "200",
            tax: "OUTPUT2", time: listed)
        records.append((DemoCatalogue.freight, freight))
        return records.sorted { $0.code < $1.code }.map { .object($0.record) }
    }

    private func untracked(
        code: String, name: String, price: Int64, account: String, tax: String, time: Int64
    ) -> JSONObject {
        JSONObject([
            "ItemID": .string(guid("item:\(code)")), "Code": .string(code), "Name": .string(name),
            "Description": .string(name), "PurchaseDetails": .object(JSONObject()),
            "SalesDetails": .object(
                JSONObject([
                    "UnitPrice": DemoAmount.money(price), "AccountCode": .string(account), "TaxType": .string(tax),
                ])),
            "IsTrackedAsInventory": .bool(false), "IsSold": .bool(true), "IsPurchased": .bool(false),
            "UpdatedDateUTC": .string(DemoClock.xero(time)),
        ])
    }
}
