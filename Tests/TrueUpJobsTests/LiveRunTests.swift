import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpSandbox
import TrueUpStore

/// A whole number of units.
func units(_ count: Int64) -> Quantity { Quantity(units: count) }

/// `trueup run` end to end over real HTTP: sandbox Xero and sandbox Magento seeded from the demo
/// shop, with sales, bills and stocktakes made between runs as the shop and the accountant would.
@Suite(.serialized) struct LiveRunTests {
    static func outcome(_ plan: LivePlan, _ sku: String) -> InventoryOutcome? {
        plan.planned.plan.rows.first { $0.sku == sku }?.outcome
    }

    @Test func theFirstRunSetsTheShopToXeroByTheInitialPolicyAndQueuesTheUnmappedSKU() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        #expect(harness.shop("THROW-WOOL-CHARCOAL") == units(6))

        let (plan, applied) = try await harness.run()

        // No base yet: every SKU where the sides differ is first sight, and Xero wins.
        #expect(Self.outcome(plan, "THROW-WOOL-CHARCOAL") == .initial)
        #expect(harness.shop("THROW-WOOL-CHARCOAL") == units(18))
        #expect(harness.shop("PLANTER-CONCRETE-M") == units(15))
        #expect(harness.shop("CUSHION-VELVET-OLIVE") == units(8))
        // Mugs: 22 in Xero, 3 on orders Xero has not invoiced, 19 in the shop: in sync.
        #expect(Self.outcome(plan, "MUG-KAURI-350") == .inSync)
        #expect(harness.shop("MUG-KAURI-350") == units(19))
        #expect(applied?.xero.acknowledged == 0)
        #expect(applied?.storefront?.rejected == 0 && applied?.storefront?.failed == 0)
        #expect((applied?.storefront?.acknowledged ?? 0) >= 3)

        // The typo'd SKU waits in the queue with the code it most likely means.
        let conflicts = try await harness.store.conflicts(ConflictFilter(pair: "demo"))
        let bowl = try #require(conflicts.first { $0.subject.key == "BOWL-RIMU-LRG" })
        #expect(bowl.reason == "unmapped")
        #expect(bowl.suggestions.contains { $0.contains("BOWL-RIMU-LG") })
        #expect(harness.shop("BOWL-RIMU-LRG") == units(4))
    }

    @Test func aRerunWithNoChangesWritesNothing() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.run()
        let before = harness.writeCounts()

        let (plan, applied) = try await harness.run()

        #expect(plan.planned.plan.corrections.isEmpty)
        #expect(applied?.xero.acknowledged == 0 && applied?.storefront?.acknowledged == 0)
        let after = harness.writeCounts()
        #expect(after.magento == before.magento)
        #expect(after.xero == before.xero)
    }

    @Test func salesInTheShopNotYetInvoicedInXeroAreNotPushedBackUp() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.run()
        #expect(harness.shop("MUG-KAURI-350") == units(19))

        // Two mugs sold and shipped, one more ordered but not shipped: none invoiced in Xero yet.
        _ = try harness.magento.placeOrder(lines: [(sku: "MUG-KAURI-350", quantity: units(2))], shipped: true)
        _ = try harness.magento.placeOrder(lines: [(sku: "MUG-KAURI-350", quantity: units(1))], shipped: false)
        #expect(harness.shop("MUG-KAURI-350") == units(17))
        let before = harness.writeCounts()

        let (plan, _) = try await harness.run()

        #expect(Self.outcome(plan, "MUG-KAURI-350") == .inSync)
        #expect(harness.shop("MUG-KAURI-350") == units(17))
        #expect(harness.xeroOnHand("MUG-KAURI-350") == units(22))
        #expect(harness.writeCounts().magento == before.magento)
        #expect(harness.writeCounts().xero == before.xero)
    }

    @Test func aPurchaseBillInXeroReachesTheShop() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.run()
        #expect(harness.shop("PLANTER-CONCRETE-M") == units(15))

        try await harness.enterBill("PLANTER-CONCRETE-M", quantity: 5, number: "KCC-6001")
        #expect(harness.xeroOnHand("PLANTER-CONCRETE-M") == units(20))

        let (plan, applied) = try await harness.run()

        #expect(Self.outcome(plan, "PLANTER-CONCRETE-M") == .pushStore)
        #expect(harness.shop("PLANTER-CONCRETE-M") == units(20))
        #expect(applied?.xero.acknowledged == 0)
        // Both sides acknowledged, so the base moved: the next run has nothing to do.
        let (again, _) = try await harness.run()
        #expect(again.planned.plan.corrections.isEmpty)
    }

    @Test func aStocktakeInTheShopReachesXeroAsAnAdjustmentDocument() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.run()
        let documentsBefore = harness.xero.invoices().count

        // The stocktake finds three tea towels missing.
        harness.magento.setSourceQuantity(sku: "TEATOWEL-LINEN-NAT", quantity: units(23))

        let (plan, applied) = try await harness.run()

        #expect(Self.outcome(plan, "TEATOWEL-LINEN-NAT") == .pushXero)
        #expect(applied?.xero.acknowledged == 1)
        #expect(harness.xeroOnHand("TEATOWEL-LINEN-NAT") == units(23))
        let made = harness.xero.invoices().dropFirst(documentsBefore)
        #expect(made.count == 1)
        #expect(made.first?.text("Type") == "ACCREC")
        #expect(made.first?.text("Reference")?.hasPrefix("TRUEUP-") == true)
        #expect(harness.shop("TEATOWEL-LINEN-NAT") == units(23))
    }

    @Test func changesOnBothSidesMergeAdditively() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.run()
        let shopBefore = try #require(harness.shop("CANDLE-SOY-KAWAKAWA"))
        let xeroBefore = try #require(harness.xeroOnHand("CANDLE-SOY-KAWAKAWA"))

        // The accountant enters a bill for 4; the shop's stocktake finds one broken.
        try await harness.enterBill("CANDLE-SOY-KAWAKAWA", quantity: 4, number: "KCC-6002")
        harness.magento.setSourceQuantity(sku: "CANDLE-SOY-KAWAKAWA", quantity: shopBefore - units(1))

        let (plan, applied) = try await harness.run()

        #expect(Self.outcome(plan, "CANDLE-SOY-KAWAKAWA") == .pushBoth)
        #expect(applied?.xero.acknowledged == 1)
        #expect(harness.shop("CANDLE-SOY-KAWAKAWA") == shopBefore + units(3))
        #expect(harness.xeroOnHand("CANDLE-SOY-KAWAKAWA") == xeroBefore + units(3))
        let (again, _) = try await harness.run()
        #expect(again.planned.plan.corrections.isEmpty)
    }

    @Test func unitsARefundPutBackInTheShopAreInFlightUntilXeroHasTheCreditNote() async throws {
        let pairFile = LivePairHarness.pairFile.replacingOccurrences(
            of: "  primary_source: default\n", with: "  primary_source: default\n  refunds_return_to_stock: true\n")
        let harness = try await LivePairHarness.start(pairFile: pairFile)
        defer { Task { await harness.stop() } }
        let order = try harness.magento.placeOrder(lines: [(sku: "TEATOWEL-LINEN-NAT", quantity: units(2))])
        try await harness.run()
        // Shipped and not invoiced: 24 in the shop, Xero still 26 with 2 in flight.
        #expect(harness.shop("TEATOWEL-LINEN-NAT") == units(24))

        // One comes back and goes on the shelf; Xero has no credit note for it yet.
        _ = try harness.magento.refund(
            orderID: order.entityID, lines: [(sku: "TEATOWEL-LINEN-NAT", quantity: units(1))], returnToStock: true)
        #expect(harness.shop("TEATOWEL-LINEN-NAT") == units(25))
        let before = harness.writeCounts()

        let (plan, _) = try await harness.run()

        #expect(Self.outcome(plan, "TEATOWEL-LINEN-NAT") == .inSync)
        #expect(harness.shop("TEATOWEL-LINEN-NAT") == units(25))
        #expect(harness.xeroOnHand("TEATOWEL-LINEN-NAT") == units(26))
        #expect(harness.writeCounts().magento == before.magento && harness.writeCounts().xero == before.xero)
    }

    @Test func aWriteTheShopNeverAnsweredIsSentAgainOnlyWhileItsStockIsUnchanged() async throws {
        let harness = try await LivePairHarness.start()
        defer { Task { await harness.stop() } }
        // The shop is down for every attempt at the first run's stock write.
        harness.magento.inject(
            .serviceUnavailable, times: 5, method: "POST", pathPrefix: "/rest/default/V1/inventory/source-items")
        let (_, first) = try await harness.run()
        #expect((first?.storefront?.failed ?? 0) >= 3)
        #expect(harness.shop("THROW-WOOL-CHARCOAL") == units(6))
        #expect(harness.shop("PLANTER-CONCRETE-M") == units(13))

        // Meanwhile the shop sells a throw; the planters do not move.
        _ = try harness.magento.placeOrder(lines: [(sku: "THROW-WOOL-CHARCOAL", quantity: units(1))])

        let (_, second) = try await harness.run()

        // The planters' correction is sent again and lands; the throws' would undo the sale.
        #expect(harness.shop("PLANTER-CONCRETE-M") == units(15))
        #expect(harness.shop("THROW-WOOL-CHARCOAL") == units(5))
        #expect((second?.storefront?.rejected ?? 0) >= 1)
        let conflicts = try await harness.store.conflicts(ConflictFilter(pair: "demo", status: .open))
        let woolThrow = try #require(conflicts.first { $0.subject.key == "THROW-WOOL-CHARCOAL" })
        #expect(woolThrow.reason == "unconfirmed_write")
        #expect(woolThrow.message.contains("moved from 6 to 5"))
    }
}
