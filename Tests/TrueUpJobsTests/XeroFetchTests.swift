import Foundation
import Logging
import Testing
import TrueUpCore
import TrueUpJobs
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport
import XeroKit

@Suite struct XeroFetchTests {
    static let demo = "\(RepositoryPaths.scenarios)/demo"

    @Test func aFetchReadsEverythingAndMovesCursorsOnlyWhenCommitted() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let store = try StateStore.inMemory()
        _ = try await store.beginRun(
            pair: "demo", kind: "plan", source: "test", asOf: Date(), period: Period(containing: Date(), in: .gmt),
            settings: "{}", at: Date())
        let fetch = XeroFetch(pair: "demo", store: store, client: live.client(), overlap: .zero)

        let first = try await fetch.fetch()
        #expect(first.organisation.baseCurrency.code == "NZD")
        #expect(first.items.records.count == 12)
        #expect(first.invoices.records.count == 5)
        #expect(first.payments.records.count == 1)
        #expect(first.accounts.records.contains { $0.code == "318" })
        #expect(first.bankTransactions.records.count == 1)
        #expect(first.calls == 8)
        #expect(first.lowerBound == 8)
        #expect(try await store.cursor(pair: "demo", name: "xero.Invoices") == nil)

        // A read that fails part-way moves nothing.
        try await fetch.commit(first, run: nil)
        let committed = try #require(try await store.cursor(pair: "demo", name: "xero.Invoices"))
        live.sandbox.inject(.malformedBody, pathPrefix: "/api.xro/2.0/Payments")
        await #expect(throws: TrueUpError.self) { _ = try await fetch.fetch() }
        #expect(try await store.cursor(pair: "demo", name: "xero.Invoices") == committed)

        // The next read asks only for what changed since the cursor.
        let second = try await fetch.fetch()
        #expect(second.invoices.records.count <= 1)
        let invoiceReads = live.sandbox.calls().filter { $0.path == "/api.xro/2.0/Invoices" }
        #expect(invoiceReads.last?.query.contains("unitdp=4") == true)
    }
}

@Suite struct AdjustmentSettingsTests {
    @Test func scenarioYAMLSetsHowAdjustmentsAreWritten() throws {
        let yaml = """
            as_of: 2026-11-20T09:00:00Z
            xero:
              adjustments:
                contact: Stock Desk
                inventory_account: "631"
                adjustment_account: "319"
                reference_prefix: TU/
            """
        let scenario = try Scenario(yaml: yaml, file: "scenario.yaml", folder: "/tmp/x")
        #expect(
            scenario.settings.xeroAdjustments
                == AdjustmentSettings(
                    contactName: "Stock Desk", inventoryAccountCode: "631", adjustmentAccountCode: "319",
                    referencePrefix: "TU/"))
        // The settings travel with the run and come back whole.
        #expect(PairSettings.fromJSON(scenario.settings.json)?.xeroAdjustments.contactName == "Stock Desk")
        let plain = try Scenario(yaml: "as_of: 2026-11-20T09:00:00Z\n", file: "scenario.yaml", folder: "/tmp/x")
        #expect(plain.settings.xeroAdjustments == AdjustmentSettings())
        #expect(!plain.settings.json.contains("adjustments"))
    }
}
