import Foundation
import Logging
import StorefrontKit
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpTestSupport

/// The Magento connector against the Magento sandbox over real HTTP, every call it can make: what
/// the live runs do not reach (payments, transactions, status comments, a shop without MSI), so
/// that `make test` checks each of its requests against Magento's Swagger spec.
@Suite(.serialized) struct MagentoSandboxConnectorTests {
    static let demo = RepositoryPaths.scenarios + "/demo"

    static func connect(
        msi: Bool = true, configure: (inout MagentoSettings) -> Void = { _ in }
    ) async throws -> (LiveSandbox, MagentoStorefront) {
        let live = try await LiveSandbox.start(scenario: demo, magento: { $0.msi = msi })
        var settings = MagentoSettings(
            baseURL: live.server.baseURL, auth: .admin(username: "admin", password: "admin123"),
            inventory: .detect)
        configure(&settings)
        var logger = Logger(label: "magento")
        logger.logLevel = .warning
        let storefront = try await MagentoStorefront.connect(
            MagentoClient(settings: settings, transport: live.transport, logger: logger))
        return (live, storefront)
    }

    @Test func paymentsTransactionsAndAStatusCommentGoThroughTheRealPaths() async throws {
        let (live, storefront) = try await Self.connect()
        defer { Task { await live.stop() } }
        let magento = try #require(live.magento)
        let placed = try magento.placeOrder(lines: [(sku: "MUG-KAURI-350", quantity: Quantity(units: 1))])

        let payments = try await storefront.readPayments(since: nil, lookback: nil)
        #expect(payments.records.contains { $0.orderID == String(placed.entityID) })
        let transactions = try await storefront.readTransactions(since: nil, lookback: nil)
        #expect(transactions.records.contains { $0.orderID == String(placed.entityID) && $0.kind == "capture" })
        #expect(transactions.problems.isEmpty)

        try await storefront.setOrderStatus(
            orderID: String(placed.entityID), status: "holded", comment: "Held by TrueUp: see the conflict queue")
        #expect(magento.order(number: placed.incrementID)?.text("status") == "holded")
        #expect(magento.statusComments(orderID: placed.entityID).last?.text("comment")?.contains("TrueUp") == true)
    }

    @Test func everySourceIsReadWhenThePairNamesNone() async throws {
        let (live, storefront) = try await Self.connect { $0.sources = nil }
        defer { Task { await live.stop() } }
        let stock = try await storefront.readStock()
        #expect(stock.records.contains { $0.sku == "MUG-KAURI-350" && $0.source == "default" })
        #expect(stock.problems.isEmpty)
    }

    @Test func aShopWithoutMSIIsReadAndWrittenThroughItsStockItems() async throws {
        let (live, storefront) = try await Self.connect(msi: false)
        defer { Task { await live.stop() } }
        let magento = try #require(live.magento)
        #expect(storefront.usesLegacyInventory)
        #expect(!storefront.capabilities.deductsAtShipment)

        let stock = try await storefront.readStock()
        let mugs = try #require(stock.records.first { $0.sku == "MUG-KAURI-350" })
        #expect(mugs.source == "default")

        let results = try await storefront.writeStock([
            StockWrite(
                correctionID: "c1", sku: "MUG-KAURI-350", source: "default", quantity: Quantity(units: 25),
                observed: mugs.quantity)
        ])
        #expect(results == [.applied])
        #expect(magento.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 25))
    }
}
