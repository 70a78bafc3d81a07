import Foundation
import Testing
import TrueUpCore

@testable import TrueUpSandbox

@Suite("Reading: envelopes, paging and filters")
struct ReadTests {
    func numbers(_ reply: Reply) throws -> [String] {
        try reply.records("Invoices").compactMap { $0.text("InvoiceNumber") }
    }

    @Test func invoicesComeInXerosEnvelopeWithAPaginationBlock() async throws {
        try await Harness.with { h in
            let reply = try await h.get("Invoices")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            let body = try reply.json()
            #expect(body.keys == ["Id", "Status", "ProviderName", "DateTimeUTC", "pagination", "Invoices"])
            #expect(body.text("Status") == "OK")
            #expect(body.text("DateTimeUTC") == "/Date(1795200000000)/")
            #expect(
                body.object("pagination")
                    == JSONObject([
                        "page": .number("1"), "pageSize": .number("100"), "pageCount": .number("1"),
                        "itemCount": .number("5"),
                    ]))
            // Seeded invoices keep their numbers and amounts.
            let first = try #require(try reply.records("Invoices").first)
            #expect(first.text("InvoiceNumber") == "INV-1042")
            #expect(first.decimal("Total") == "83.70")
            #expect(first.decimal("AmountDue") == "83.70")
            #expect(first.object("Contact")?.text("Name") == "Aroha Ngata")
        }
    }

    @Test func pagesSplitTheSelectionAndReportWhereTheyAre() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            var seen: [String] = []
            for page in 1...3 {
                let reply = try await h.get("Invoices?page=\(page)&pageSize=2&order=UpdatedDateUTC%20ASC", token: token)
                #expect(
                    try reply.json().object("pagination")
                        == JSONObject([
                            "page": .number("\(page)"), "pageSize": .number("2"), "pageCount": .number("3"),
                            "itemCount": .number("5"),
                        ]))
                seen += try numbers(reply)
            }
            #expect(seen == ["INV-1042", "WWM-20931", "INV-1043", "INV-1044", "KCC-5518"])
            let beyond = try await h.get("Invoices?page=4&pageSize=2", token: token)
            #expect(try beyond.records("Invoices").isEmpty)
            let clamped = try await h.get("Invoices?pageSize=5000", token: token)
            #expect(try clamped.json().object("pagination")?["pageSize"] == .number("1000"))
            #expect(try await h.get("Invoices?pageSize=many", token: token).status == 400)
        }
    }

    @Test func itemsAndAccountsAreNotPaged() async throws {
        try await Harness.with { h in
            let items = try await h.get("Items")
            #expect(try items.json().keys == ["Id", "Status", "ProviderName", "DateTimeUTC", "Items"])
            #expect(try items.records("Items").count == 12)
            let accounts = try await h.get("Accounts")
            #expect(try accounts.json()["pagination"] == nil)
            let byCode = Dictionary(
                uniqueKeysWithValues: try accounts.records("Accounts").map { ($0.text("Code") ?? "", $0) })
            #expect(byCode["090"]?.text("Type") == "BANK")
            #expect(byCode["200"]?.text("Type") == "REVENUE")
            #expect(byCode["310"]?.text("Type") == "DIRECTCOSTS")
            #expect(byCode["318"]?.text("Type") == "DIRECTCOSTS")
            #expect(byCode["630"]?.text("Type") == "INVENTORY")
            #expect(byCode["800"]?.text("SystemAccount") == "CREDITORS")
            #expect(byCode["610"]?.text("SystemAccount") == "DEBTORS")
        }
    }

    @Test func theOrganisationDefaultsToAnNZCompany() async throws {
        try await Harness.with { h in
            let organisation = try #require(try await h.get("Organisation").records("Organisations").first)
            #expect(organisation.text("OrganisationID") == h.configuration.tenantID)
            #expect(organisation.text("Name") == "Sandbox Organisation")
            #expect(organisation.text("BaseCurrency") == "NZD")
            #expect(organisation.text("Timezone") == "NEWZEALANDSTANDARDTIME")
            #expect(organisation.text("CountryCode") == "NZ")
        }
    }

    @Test func ifModifiedSinceKeepsRecordsUpdatedAtOrAfterTheSecond() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            // INV-1043 was updated at 2026-11-19T21:31:05 exactly.
            let atIt = try await h.get(
                "Invoices", token: token, headers: [("If-Modified-Since", "2026-11-19T21:31:05")])
            #expect(try numbers(atIt) == ["INV-1043", "INV-1044", "KCC-5518"])
            let after = try await h.get(
                "Invoices", token: token, headers: [("If-Modified-Since", "2026-11-19T21:31:06")])
            #expect(try numbers(after) == ["INV-1044", "KCC-5518"])
            let items = try await h.get("Items", token: token, headers: [("If-Modified-Since", "2026-11-17T00:00:00")])
            #expect(try items.records("Items").map { $0.text("Code") } == ["MUG-KAURI-350", "DOORMAT-COIR"])
            let bad = try await h.get("Invoices", token: token, headers: [("If-Modified-Since", "yesterday")])
            #expect(bad.status == 400)
        }
    }

    @Test(arguments: [
        (#"Type=="ACCREC""#, ["INV-1042", "INV-1043", "INV-1044"]),
        (#"Type=="ACCPAY" AND Status=="AUTHORISED""#, ["WWM-20931", "KCC-5518"]),
        (#"Type!="ACCPAY""#, ["INV-1042", "INV-1043", "INV-1044"]),
        (#"Contact.ContactID==Guid("5d45704e-adcb-4fd3-9875-97c949c44aa9")"#, ["INV-1042"]),
        (#"(Reference=="000000312" OR Reference=="000000314") AND Type=="ACCREC""#, ["INV-1043", "INV-1044"]),
        (#"Total>=100 && Type=="ACCREC""#, []),
        (#"HasAttachments==false AND AmountDue>80"#, ["INV-1042", "WWM-20931", "KCC-5518"]),
        (#"Date>=DateTime(2026, 11, 19) AND InvoiceNumber.StartsWith("inv")"#, ["INV-1042", "INV-1043", "INV-1044"]),
        (#"NOT (Type=="ACCREC")"#, ["WWM-20931", "KCC-5518"]),
    ])
    func whereFilters(expression: String, expected: [String]) async throws {
        try await Harness.with { h in
            let query = "where=" + FormEncoding.escape(expression)
            let reply = try await h.get("Invoices?" + query)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(try numbers(reply) == expected)
        }
    }

    @Test(arguments: [
        #"Type="ACCREC""#, #"Type=="ACCREC" AND"#, #"Type=="ACCREC"))"#, #"Name.Like("x")"#, #"Total>>3"#,
    ])
    func aWhereTheSandboxCannotParseIs400(expression: String) async throws {
        try await Harness.with { h in
            let reply = try await h.get("Invoices?where=" + FormEncoding.escape(expression))
            #expect(reply.status == 400)
            let body = try reply.json()
            #expect(body.text("Type") == "QueryParseException")
            #expect(body.text("Message")?.contains("could not be parsed") == true)
        }
    }

    @Test func statusesIDsAndOrder() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            #expect(try numbers(try await h.get("Invoices?Statuses=PAID", token: token)) == ["INV-1043"])
            #expect(try numbers(try await h.get("Invoices?Statuses=AUTHORISED,PAID", token: token)).count == 5)
            #expect(try numbers(try await h.get("Invoices?Statuses=DRAFT", token: token)).isEmpty)
            let ids = "IDs=223D8B3A-EFDD-4BFA-84BD-D4115598484E,8e5d2f7d-8bbc-47cd-b559-0d2c20a53e16"
            #expect(try numbers(try await h.get("Invoices?" + ids, token: token)) == ["INV-1042", "WWM-20931"])
            let descending = try await h.get("Invoices?order=UpdatedDateUTC+DESC", token: token)
            #expect(try numbers(descending) == ["KCC-5518", "INV-1044", "INV-1043", "WWM-20931", "INV-1042"])
            let byTotal = try await h.get("Invoices?order=Total%20DESC,InvoiceNumber", token: token)
            #expect(try numbers(byTotal).first == "WWM-20931")
            #expect(try await h.get("Invoices?order=Total%20SIDEWAYS", token: token).status == 400)
        }
    }

    @Test func jsonMustBeAskedForAndSent() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let noAccept = try await h.send(
                .get, "/api.xro/2.0/Items",
                headers: [("Authorization", "Bearer \(token)"), ("xero-tenant-id", h.configuration.tenantID)])
            #expect(noAccept.status == 406)
            #expect(noAccept.header("X-MinLimit-Remaining") == "60")
            let xmlBody = try await h.send(
                .put, "/api.xro/2.0/Invoices", headers: h.apiHeaders(token, [("Content-Type", "application/xml")]),
                body: WriteTests.sale("1"))
            #expect(xmlBody.status == 400)
            #expect(try xmlBody.json().text("Type") == "PostDataInvalidException")
            let broken = try await h.write(.put, "Invoices", #"{"Invoices":[{"Type":"ACCREC",]}"#, token: token)
            #expect(broken.status == 400)
            #expect(try broken.json().text("Type") == "PostDataInvalidException")
            #expect(h.sandbox.invoices().count == 5)
        }
    }

    @Test func oneInvoiceByIDOrNumber() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let byID = try await h.get("Invoices/223d8b3a-efdd-4bfa-84bd-d4115598484e", token: token)
            #expect(try numbers(byID) == ["INV-1042"])
            #expect(try byID.json()["pagination"] == nil)
            #expect(try numbers(try await h.get("Invoices/INV-1044", token: token)) == ["INV-1044"])
            #expect(try await h.get("Invoices/00000000-0000-0000-0000-000000000000", token: token).status == 404)
            #expect(try await h.get("Widgets", token: token).status == 404)
            #expect(try await h.write(.put, "Items", "{}", token: token).status == 501)
        }
    }

    @Test func contactsNamedBySeededDocumentsExist() async throws {
        try await Harness.with { h in
            let contacts = try await h.get("Contacts")
            #expect(try contacts.json().object("pagination")?["itemCount"] == .number("5"))
            #expect(try contacts.records("Contacts").contains { $0.text("Name") == "Wanaka Wool Mills Ltd" })
        }
    }

    @Test func unitAmountsHaveTwoDecimalsUnlessUnitdpIsFour() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let mug = { (reply: Reply) throws -> JSONObject? in
                try reply.records("Items").first { $0.text("Code") == "MUG-KAURI-350" }
            }
            let plain = try #require(try mug(try await h.get("Items", token: token)))
            #expect(plain.object("SalesDetails")?.decimal("UnitPrice") == "24.35")
            #expect(plain.decimal("QuantityOnHand") == "22.0000")
            let precise = try #require(try mug(try await h.get("Items?unitdp=4", token: token)))
            #expect(precise.object("SalesDetails")?.decimal("UnitPrice") == "24.3500")

            let bill = #"""
                {"Invoices":[{"Type":"ACCPAY","Contact":{"Name":"Wanaka Wool Mills Ltd"},"Date":"2026-11-20",
                "LineAmountTypes":"NoTax","LineItems":[{"Description":"Yarn","Quantity":3,"UnitAmount":1.23456,
                "AccountCode":"310"}]}]}
                """#
            let created = try #require(
                try await h.write(.put, "Invoices?unitdp=4", bill, token: token).records("Invoices").first)
            let line = try #require(created.array("LineItems")?.first)
            guard case .object(let object) = line else { throw HarnessError(message: "no line") }
            #expect(object.decimal("UnitAmount") == "1.2346")
            #expect(object.decimal("LineAmount") == "3.70")
            let id = try #require(created.text("InvoiceID"))
            let again = try #require(try await h.get("Invoices/\(id)", token: token).records("Invoices").first)
            guard case .object(let stored)? = again.array("LineItems")?.first else {
                throw HarnessError(message: "no line")
            }
            #expect(stored.decimal("UnitAmount") == "1.23")
        }
    }
}
