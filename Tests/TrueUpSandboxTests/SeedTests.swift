import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Seeding from a scenario")
struct SeedTests {
    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func seededOrganisationAccountsAndContactsReplaceTheDefaults() async throws {
        let folder = try TemporaryFolder("seed")
        try write(
            #"""
            {"Organisations":[{"OrganisationID":"1d0d0e8f-0000-4000-8000-000000000001","Name":"Kauri Homewares",
              "BaseCurrency":"NZD","Timezone":"NEWZEALANDSTANDARDTIME"}]}
            """#,
            to: "\(folder.path)/xero/Organisation.json")
        try write(
            #"""
            {"Accounts":[{"AccountID":"6f7bdbcb-0000-4000-8000-000000000002","Code":"091","Name":"Cheque",
              "Type":"BANK","Status":"ACTIVE"}]}
            """#,
            to: "\(folder.path)/xero/Accounts.json")
        try write(
            #"""
            {"Contacts":[{"ContactID":"0f0f0f0f-0000-4000-8000-000000000003","Name":"Shop Customers",
              "ContactStatus":"ACTIVE","EmailAddress":null}]}
            """#,
            to: "\(folder.path)/xero/Contacts.json")
        try await Harness.with(scenario: folder.path) { h in
            let token = try await h.token()
            let organisation = try #require(
                try await h.get("Organisation", token: token).records("Organisations").first)
            #expect(organisation.text("Name") == "Kauri Homewares")
            #expect(organisation.text("OrganisationID") == h.configuration.tenantID)
            #expect(try await h.get("Accounts", token: token).records("Accounts").map { $0.text("Code") } == ["091"])
            let contact = try #require(try await h.get("Contacts", token: token).records("Contacts").first)
            #expect(contact.text("Name") == "Shop Customers")
            #expect(contact["EmailAddress"] == nil)  // nulls are dropped
            #expect(contact.text("UpdatedDateUTC") == "/Date(1795200000000+0000)/")  // the seed time
            #expect(try await h.get("Items", token: token).records("Items").isEmpty)
            let connections = try await h.send(.get, "/connections", headers: [("Authorization", "Bearer \(token)")])
            #expect(connections.text.contains("Kauri Homewares"))
        }
    }

    @Test func anUnreadableSeedFileIsNamed() throws {
        let folder = try TemporaryFolder("seed")
        try write("{\"Items\": [", to: "\(folder.path)/xero/Items.json")
        #expect {
            try XeroSandbox(scenario: folder.path)
        } throws: { error in
            "\(error)".contains("Items.json")
        }
    }

    @Test func theWholeDemoScenarioLoadsAndEveryEndpointAnswers() async throws {
        try await Harness.with(scenario: Harness.demo) { h in
            let token = try await h.token()
            for path in [
                "Organisation", "Accounts", "Items", "Contacts", "Invoices", "CreditNotes", "Payments",
                "BankTransactions",
            ] {
                let reply = try await h.get(path, token: token)
                #expect(reply.status == 200, "\(path): \(reply.text.prefix(300))")
                #expect(try reply.json().text("Status") == "OK")
            }
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "22.0000")
        }
    }

    @Test func everyScenarioSeeds() throws {
        for name in RepositoryPaths.scenarioNames() {
            let sandbox = try XeroSandbox(scenario: "\(RepositoryPaths.scenarios)/\(name)")
            #expect(!sandbox.invoices().isEmpty, "\(name)")
        }
    }
}
