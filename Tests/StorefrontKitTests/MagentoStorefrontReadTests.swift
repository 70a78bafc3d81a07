import Foundation
import StorefrontKit
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("MagentoStorefront reads")
struct MagentoStorefrontReadTests {
    static func storefront(
        _ transport: ScriptedTransport, settings: MagentoSettings = magentoSettings(), legacy: Bool = false,
        clock: TestClock = TestClock()
    ) -> MagentoStorefront {
        MagentoStorefront(
            client: magentoClient(transport, settings: settings, now: { clock.now }), legacyInventory: legacy,
            now: { clock.now })
    }

    static func sourceItem(_ sku: String, _ source: String, _ quantity: String) -> String {
        #"{"sku": "\#(sku)", "source_code": "\#(source)", "quantity": \#(quantity), "status": 1}"#
    }

    @Test func declaresWhatMagentoCanDo() {
        let msi = Self.storefront(ScriptedTransport())
        #expect(msi.platform == "magento")
        #expect(msi.capabilities.stockWrite == .absolute)
        #expect(msi.capabilities.wholeUnits)
        #expect(msi.capabilities.deductsAtShipment)
        #expect(msi.capabilities.stockWriteChunk == 100)
        #expect(msi.capabilities.orderStatuses == ["processing", "complete", "closed", "canceled", "holded"])
        let legacy = Self.storefront(ScriptedTransport(), legacy: true)
        #expect(!legacy.capabilities.deductsAtShipment)
        #expect(legacy.capabilities.stockWriteChunk == 1)
    }

    @Test func readsEachConfiguredSourceSortedBySKU() async throws {
        let transport = ScriptedTransport([
            .token,
            .page([Self.sourceItem("B", "default", "2"), Self.sourceItem("C", "default", "3")], total: 2),
            .page([Self.sourceItem("A", "shop", "1.5"), Self.sourceItem("B", "shop", "4")], total: 2),
        ])
        let storefront = Self.storefront(transport, settings: magentoSettings(sources: ["default", "shop"]))
        let read = try await storefront.readStock()
        #expect(read.problems.isEmpty)
        #expect(
            read.records == [
                StockLevel(sku: "A", source: "shop", quantity: Quantity(ticks: 15_000)),
                StockLevel(sku: "B", source: "default", quantity: Quantity(units: 2)),
                StockLevel(sku: "B", source: "shop", quantity: Quantity(units: 4)),
                StockLevel(sku: "C", source: "default", quantity: Quantity(units: 3)),
            ])
        #expect(read.cursor == nil)
        let searches = transport.requests.dropFirst()
        #expect(searches.map(\.call) == ["GET /V1/inventory/source-items", "GET /V1/inventory/source-items"])
        #expect(
            searches.first?.queryLines == [
                "searchCriteria[filterGroups][0][filters][0][field]=source_code",
                "searchCriteria[filterGroups][0][filters][0][value]=default",
                "searchCriteria[filterGroups][0][filters][0][conditionType]=eq",
                "searchCriteria[sortOrders][0][field]=sku",
                "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=300",
                "searchCriteria[currentPage]=1",
            ])
        #expect(searches.last?.query.first { $0.name.hasSuffix("[value]") }?.value == "shop")
        #expect(read.calls == CallTally(made: 3, lowerBound: 3))
        #expect(storefront.calls == CallTally(made: 3, lowerBound: 3))
    }

    @Test func withoutConfiguredSourcesListsEverySourceFirst() async throws {
        let transport = ScriptedTransport([
            .token,
            .page(
                [#"{"source_code": "default", "name": "Default"}"#, #"{"source_code": "wlg", "name": "Wellington"}"#],
                total: 2),
            .page([Self.sourceItem("A", "default", "1")], total: 1),
            .page([Self.sourceItem("A", "wlg", "2")], total: 1),
        ])
        let read = try await Self.storefront(transport, settings: magentoSettings(sources: nil)).readStock()
        #expect(read.records.map(\.source) == ["default", "wlg"])
        let requests = transport.requests.dropFirst()
        #expect(requests.first?.call == "GET /V1/inventory/sources")
        #expect(requests.first?.queryLines.contains("searchCriteria[sortOrders][0][field]=source_code") == true)
        #expect(read.calls.lowerBound == 4)
    }

    @Test func aBadSourceItemIsAProblemAndTheRestIsKept() async throws {
        let transport = ScriptedTransport([
            .token,
            .page([Self.sourceItem("A", "default", "1"), Self.sourceItem("B", "default", #""lots""#)], total: 2),
        ])
        let read = try await Self.storefront(transport).readStock()
        #expect(read.records.map(\.sku) == ["A"])
        #expect(read.problems.map(\.subject) == [.sku("B")])
        #expect(read.problems.first?.source == "GET /V1/inventory/source-items")
    }

    @Test func legacyStockIsReadFromProducts() async throws {
        let transport = ScriptedTransport([
            .token,
            .page(
                [
                    #"{"id": 1, "sku": "MUG", "type_id": "simple", "extension_attributes": {"stock_item": {"item_id": 1, "qty": 7, "is_in_stock": true}}}"#,
                    #"{"id": 2, "sku": "TSHIRT", "type_id": "configurable", "extension_attributes": {"stock_item": {"item_id": 2, "qty": 0}}}"#,
                ], total: 2),
        ])
        let storefront = Self.storefront(transport, settings: magentoSettings(inventory: .legacy), legacy: true)
        let read = try await storefront.readStock()
        #expect(read.records == [StockLevel(sku: "MUG", source: "default", quantity: Quantity(units: 7))])
        let request = try #require(transport.requests.last)
        #expect(request.call == "GET /V1/products")
        #expect(
            request.queryLines == [
                "searchCriteria[sortOrders][0][field]=sku", "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=300", "searchCriteria[currentPage]=1",
            ])
    }

    @Test func detectsLegacyInventoryWhenSourceItemsAre404() async throws {
        let transport = ScriptedTransport([
            .token, .status(404, #"{"message":"Request does not match any route."}"#),
        ])
        let client = magentoClient(transport, settings: magentoSettings(inventory: .detect))
        let storefront = try await MagentoStorefront.connect(client)
        #expect(storefront.usesLegacyInventory)
        #expect(!storefront.capabilities.deductsAtShipment)
        #expect(transport.requests.last?.call == "GET /V1/inventory/source-items")
        #expect(transport.requests.last?.queryLines.contains("searchCriteria[pageSize]=1") == true)

        let msiTransport = ScriptedTransport([.token, .page([], total: 0)])
        let msi = try await MagentoStorefront.connect(
            magentoClient(msiTransport, settings: magentoSettings(inventory: .detect)))
        #expect(!msi.usesLegacyInventory)
        #expect(msi.capabilities.deductsAtShipment)

        // A wrong shop URL is not taken for a shop without MSI.
        let wrongBase = ScriptedTransport([.status(404, "<html>Not Found</html>")])
        let error = try await #require(throws: TrueUpError.self) {
            try await MagentoStorefront.connect(magentoClient(wrongBase, settings: magentoSettings(inventory: .detect)))
        }
        #expect(error.message.contains("check the shop URL http://shop.invalid/"))

        let configured = ScriptedTransport()
        _ = try await MagentoStorefront.connect(
            magentoClient(configured, settings: magentoSettings(inventory: .legacy)))
        #expect(configured.requests.isEmpty)
    }

    // MARK: Orders and the rest

    static let order = """
        {"entity_id": 12, "increment_id": "000000123", "state": "processing", "status": "processing",
         "order_currency_code": "NZD", "grand_total": 44, "created_at": "2026-11-20 08:10:00",
         "updated_at": "2026-11-20 08:45:00",
         "items": [
           {"item_id": 31, "sku": "TSHIRT-M", "product_type": "configurable", "qty_ordered": 2, "qty_shipped": 1},
           {"item_id": 32, "parent_item_id": 31, "sku": "TSHIRT-M", "product_type": "simple", "qty_ordered": 2},
           {"item_id": 33, "sku": "MUG", "product_type": "simple", "qty_ordered": 3}
         ]}
        """

    @Test func readsOrdersChangedSinceTheCursorLessTheOverlap() async throws {
        let transport = ScriptedTransport([.token, .page([Self.order], total: 1)])
        let storefront = Self.storefront(transport)
        let since = Date(timeIntervalSince1970: 1_795_161_600)  // 2026-11-20 08:00:00
        let read = try await storefront.readOrders(since: since, lookback: .seconds(86_400))
        let request = try #require(transport.requests.last)
        #expect(request.call == "GET /V1/orders")
        #expect(
            request.queryLines == [
                "searchCriteria[filterGroups][0][filters][0][field]=updated_at",
                "searchCriteria[filterGroups][0][filters][0][value]=2026-11-20 07:55:00",
                "searchCriteria[filterGroups][0][filters][0][conditionType]=gteq",
                "searchCriteria[sortOrders][0][field]=entity_id",
                "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=300",
                "searchCriteria[currentPage]=1",
            ])
        #expect(read.problems.isEmpty)
        #expect(read.cursor == Date(timeIntervalSince1970: 1_795_161_600 + 2700))
        let lines = try #require(read.records.first?.lines)
        #expect(
            lines == [
                OrderLine(sku: "TSHIRT-M", quantityOrdered: Quantity(units: 2), quantityShipped: Quantity(units: 1)),
                OrderLine(sku: "MUG", quantityOrdered: Quantity(units: 3), quantityShipped: .zero),
            ])
        #expect(read.context.magentoItems.containerItemIDs(ofOrder: "12") == ["31"])
        #expect(read.calls == CallTally(made: 2, lowerBound: 2))
    }

    @Test func aFirstReadReachesBackTheLookbackAndNoneReadsEverything() async throws {
        let transport = ScriptedTransport([.token, .page([], total: 0), .page([], total: 0)])
        let storefront = Self.storefront(transport)
        let first = try await storefront.readOrders(since: nil, lookback: .seconds(35 * 86_400))
        #expect(first.cursor == nil)
        #expect(first.records.isEmpty)
        #expect(
            transport.requests.last?.query.first { $0.name.hasSuffix("[value]") }?.value == "2026-10-16 09:00:00")
        _ = try await storefront.readOrders(since: nil, lookback: nil)
        #expect(transport.requests.last?.queryLines.first == "searchCriteria[sortOrders][0][field]=entity_id")
        #expect(storefront.calls == CallTally(made: 3, lowerBound: 3))
    }

    @Test func legacyOrdersLeaveShipmentsOut() async throws {
        let transport = ScriptedTransport([.token, .page([Self.order], total: 1)])
        let read = try await Self.storefront(transport, legacy: true).readOrders(since: nil, lookback: nil)
        #expect(read.records.first?.lines.allSatisfy { $0.quantityShipped == nil } == true)
    }

    @Test func refundsUseTheOrdersContextToSkipContainerRows() async throws {
        let memo = """
            {"entity_id": 5, "increment_id": "100000005", "order_id": 12, "order_currency_code": "NZD",
             "grand_total": 22, "created_at": "2026-11-20 09:00:00", "updated_at": "2026-11-20 09:30:00",
             "items": [{"order_item_id": 31, "sku": "TSHIRT-M", "qty": 1}, {"order_item_id": 32, "sku": "TSHIRT-M", "qty": 1}]}
            """
        let transport = ScriptedTransport([.token, .page([Self.order], total: 1), .page([memo], total: 1)])
        let storefront = Self.storefront(transport, settings: magentoSettings(refundsReturnToStock: true))
        let orders = try await storefront.readOrders(since: nil, lookback: nil)
        let refunds = try await storefront.readRefunds(since: nil, lookback: nil, orders: orders.context)
        #expect(transport.requests.last?.call == "GET /V1/creditmemos")
        #expect(refunds.problems.isEmpty)
        #expect(
            refunds.records.first?.lines == [
                RefundLine(sku: "TSHIRT-M", quantity: Quantity(units: 1), quantityRestocked: Quantity(units: 1))
            ])
        #expect(refunds.cursor == Date(timeIntervalSince1970: 1_795_165_200 + 1800))
    }

    @Test func readsInvoicesAsPayments() async throws {
        let invoice = """
            {"entity_id": 7, "increment_id": "000000031", "order_id": 12, "transaction_id": "ch_3Qx",
             "order_currency_code": "NZD", "base_currency_code": "NZD", "grand_total": 44.5,
             "created_at": "2026-11-20 08:20:00", "updated_at": "2026-11-20 08:21:00", "total_qty": 5, "items": []}
            """
        let transport = ScriptedTransport([.token, .page([invoice], total: 1)])
        let read = try await Self.storefront(transport).readPayments(
            since: Date(timeIntervalSince1970: 1_795_161_600), lookback: nil)
        #expect(transport.requests.last?.call == "GET /V1/invoices")
        #expect(
            transport.requests.last?.queryLines.first == "searchCriteria[filterGroups][0][filters][0][field]=updated_at"
        )
        let payment = try #require(read.records.first)
        #expect(payment.reference == "ch_3Qx")
        #expect(payment.amount == Money(minorUnits: 4450, currency: try Currency(code: "NZD")))
        #expect(read.cursor == Date(timeIntervalSince1970: 1_795_161_600 + 1260))
    }

    @Test func readsTransactionsByCreatedAtSortedByTransactionID() async throws {
        let transaction = """
            {"transaction_id": 3, "order_id": 12, "payment_id": 12, "txn_id": "ch_3Qx", "parent_txn_id": null,
             "txn_type": "capture", "is_closed": 1, "created_at": "2026-11-20 08:20:00", "child_transactions": []}
            """
        let transport = ScriptedTransport([.token, .page([transaction], total: 1)])
        let read = try await Self.storefront(transport).readTransactions(
            since: Date(timeIntervalSince1970: 1_795_161_600), lookback: nil)
        let request = try #require(transport.requests.last)
        #expect(request.call == "GET /V1/transactions")
        #expect(
            request.queryLines == [
                "searchCriteria[filterGroups][0][filters][0][field]=created_at",
                "searchCriteria[filterGroups][0][filters][0][value]=2026-11-20 07:55:00",
                "searchCriteria[filterGroups][0][filters][0][conditionType]=gteq",
                "searchCriteria[sortOrders][0][field]=transaction_id",
                "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=300",
                "searchCriteria[currentPage]=1",
            ])
        #expect(
            read.records == [
                StoreTransaction(
                    id: "3", orderID: "12", reference: "ch_3Qx", kind: "capture",
                    createdAt: Date(timeIntervalSince1970: 1_795_161_600 + 1200), isClosed: true)
            ])
        #expect(read.cursor == Date(timeIntervalSince1970: 1_795_161_600 + 1200))
    }

    @Test func anUnreadableBodyIsARemoteError() async throws {
        let transport = ScriptedTransport([.token, .json(#"{"items": {}, "total_count": 1}"#)])
        let error = try await #require(throws: TrueUpError.self) {
            try await Self.storefront(transport).readOrders(since: nil, lookback: nil)
        }
        #expect(error.kind == .remote)
        #expect(error.message.contains("GET /V1/orders page 1"))
    }
}
