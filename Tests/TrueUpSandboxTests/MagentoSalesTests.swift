import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: orders")
struct MagentoSalesTests {
    static let oneSideMoved = "\(RepositoryPaths.scenarios)/one-side-moved"

    @Test func aStatusCommentSetsTheStatusAndUpdatedAt() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.clock.advance(3600)
            let reply = try await h.write(
                .post, "orders/318/comments",
                #"{"statusHistory": {"comment": "Posted to Xero as INV-1044", "status": "xero_posted", "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": 318}}"#,
                token: token)
            #expect(reply.status == 200)
            #expect(reply.text == "true")
            let order = try await h.get("orders/318", token: token).json()
            #expect(order.text("status") == "xero_posted")
            #expect(order.text("state") == "processing")
            #expect(order.text("updated_at") == MagentoJSON.timestamp(h.clock.now))
            let comments = h.sandbox.statusComments(orderID: 318)
            #expect(comments.map { $0.text("comment") } == ["Posted to Xero as INV-1044"])
            #expect(comments.first?.text("status") == "xero_posted")
            #expect(comments.first?["parent_id"] == .number("318"))
            let changed = try await h.search(
                "orders", Criteria.filter(0, 0, "updated_at", MagentoJSON.timestamp(h.clock.now), "gteq"), token: token)
            #expect(try changed.items.compactMap { $0.scalar("entity_id") } == ["318"])

            let withoutStatus = try await h.write(
                .post, "orders/318/comments", #"{"statusHistory": {"comment": "Checked"}}"#, token: token)
            #expect(withoutStatus.status == 200)
            #expect(h.sandbox.statusComments(orderID: 318).map { $0.text("status") } == ["xero_posted", "xero_posted"])
            #expect(
                try await h.write(.post, "orders/999/comments", #"{"statusHistory": {}}"#, token: token).status == 404)
            #expect(try await h.write(.post, "orders/318/comments", "{}", token: token).status == 400)
        }
    }

    @Test func placingAnOrderOnlyReservesAndShippingTakesFromTheSource() async throws {
        try await MagentoHarness.with { h in
            h.clock.advance(60)
            let placed = try h.sandbox.placeOrder(
                lines: [(sku: "MUG-KAURI-350", quantity: Quantity(units: 2))], shipped: false)
            #expect(placed.entityID == 320)
            #expect(placed.incrementID == "000000320")
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 19))
            #expect(h.sandbox.salableQuantity(sku: "MUG-KAURI-350") == Quantity(units: 17))

            let token = try await h.token()
            let order = try await h.get("orders/320", token: token).json()
            #expect(order.text("state") == "processing")
            #expect(order.text("created_at") == MagentoJSON.timestamp(h.clock.now))
            #expect(order["grand_total"] == .number("56.01"))
            let item = try #require(order.array("items")?.first)
            guard case .object(let line) = item else { throw HarnessError(message: "no item") }
            #expect(line["qty_ordered"] == .number("2"))
            #expect(line["qty_invoiced"] == .number("2"))
            #expect(line["qty_shipped"] == .number("0"))
            #expect(line["price"] == .number("24.35"))
            #expect(order.object("payment")?.text("last_trans_id") == "pi_sandbox_320")
            let invoices = try await h.search("invoices", Criteria.filter(0, 0, "order_id", "320"), token: token)
            #expect(invoices.totalCount == 1)
            let transactions = try await h.search(
                "transactions", Criteria.filter(0, 0, "order_id", "320"), token: token)
            #expect(try transactions.items.first?.text("txn_type") == "capture")

            h.clock.advance(600)
            try h.sandbox.ship(orderID: 320)
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 17))
            #expect(h.sandbox.salableQuantity(sku: "MUG-KAURI-350") == Quantity(units: 17))
            let shipped = try await h.get("orders/320", token: token).json()
            #expect(shipped.text("state") == "complete")
            #expect(shipped.text("updated_at") == MagentoJSON.timestamp(h.clock.now))
            #expect(throws: MagentoSimulationError.self) { try h.sandbox.ship(orderID: 320) }
        }
    }

    @Test func shipmentsLeaveTheShippingSourceOrTheFirstSourceHoldingTheSKU() async throws {
        try await MagentoHarness.with(scenario: Self.oneSideMoved) { h in
            try h.sandbox.placeOrder(lines: [(sku: "SEED-TOMATO-MONEYMAKER", quantity: Quantity(units: 3))])
            #expect(
                h.sandbox.sourceQuantity(sku: "SEED-TOMATO-MONEYMAKER", source: "akl_warehouse") == Quantity(units: 19))
            #expect(h.sandbox.sourceQuantity(sku: "SEED-TOMATO-MONEYMAKER", source: "chc_store") == Quantity(units: 8))
        }
        var configuration = MagentoSandboxConfiguration()
        configuration.shippingSource = "chc_store"
        try await MagentoHarness.with(scenario: Self.oneSideMoved, configuration: configuration) { h in
            try h.sandbox.placeOrder(lines: [(sku: "SEED-TOMATO-MONEYMAKER", quantity: Quantity(units: 3))])
            #expect(h.sandbox.sourceQuantity(sku: "SEED-TOMATO-MONEYMAKER", source: "chc_store") == Quantity(units: 5))
            #expect(
                h.sandbox.sourceQuantity(sku: "SEED-TOMATO-MONEYMAKER", source: "akl_warehouse") == Quantity(units: 22))
            // PLANTER-HANGING is only at wlg_popup.
            try h.sandbox.placeOrder(lines: [(sku: "PLANTER-HANGING", quantity: Quantity(units: 1))])
            #expect(h.sandbox.sourceQuantity(sku: "PLANTER-HANGING", source: "wlg_popup") == Quantity(units: 2))
        }
    }

    @Test func anOrderThatCannotShipChangesNothing() async throws {
        try await MagentoHarness.with { h in
            let before = h.sandbox.orders().count
            #expect(throws: MagentoSimulationError.self) {
                try h.sandbox.placeOrder(lines: [(sku: "BOWL-RIMU-LRG", quantity: Quantity(units: 5))])
            }
            #expect(throws: MagentoSimulationError.self) {
                try h.sandbox.placeOrder(lines: [(sku: "NO-SUCH-SKU", quantity: Quantity(units: 1))])
            }
            #expect(h.sandbox.orders().count == before)
            #expect(h.sandbox.sourceQuantity(sku: "BOWL-RIMU-LRG") == Quantity(units: 4))
            #expect(h.sandbox.salableQuantity(sku: "BOWL-RIMU-LRG") == Quantity(units: 4))
        }
    }

    @Test func aRefundMakesACreditMemoAndReturnsShippedUnitsWhenAsked() async throws {
        try await MagentoHarness.with { h in
            let placed = try h.sandbox.placeOrder(
                lines: [(sku: "CANDLE-SOY-KAWAKAWA", quantity: Quantity(units: 3))], number: "100000900")
            #expect(placed.incrementID == "100000900")
            #expect(h.sandbox.sourceQuantity(sku: "CANDLE-SOY-KAWAKAWA") == Quantity(units: 34))
            h.clock.advance(3600)
            let memoID = try h.sandbox.refund(
                orderID: placed.entityID, lines: [(sku: "CANDLE-SOY-KAWAKAWA", quantity: Quantity(units: 2))],
                returnToStock: true)
            #expect(h.sandbox.sourceQuantity(sku: "CANDLE-SOY-KAWAKAWA") == Quantity(units: 36))
            try h.sandbox.refund(
                orderID: placed.entityID, lines: [(sku: "CANDLE-SOY-KAWAKAWA", quantity: Quantity(units: 1))],
                returnToStock: false)
            #expect(h.sandbox.sourceQuantity(sku: "CANDLE-SOY-KAWAKAWA") == Quantity(units: 36))
            #expect(throws: MagentoSimulationError.self) {
                try h.sandbox.refund(
                    orderID: placed.entityID, lines: [(sku: "CANDLE-SOY-KAWAKAWA", quantity: Quantity(units: 1))],
                    returnToStock: true)
            }

            let token = try await h.token()
            let order = try await h.get("orders/\(placed.entityID)", token: token).json()
            #expect(order.text("state") == "closed")
            #expect(order.text("updated_at") == MagentoJSON.timestamp(h.clock.now))
            guard case .object(let line)? = order.array("items")?.first else { throw HarnessError(message: "no item") }
            #expect(line["qty_refunded"] == .number("3"))

            let memos = try await h.search(
                "creditmemos",
                Criteria.filter(0, 0, "order_id", String(placed.entityID)) + Criteria.sort(0, "entity_id", "ASC"),
                token: token)
            #expect(memos.totalCount == 2)
            let memo = try #require(try memos.items.first)
            #expect(memo.scalar("entity_id") == String(memoID))
            let fixture = try JSONParser.parse(
                Array(
                    try Data(
                        contentsOf: URL(fileURLWithPath: "\(RepositoryPaths.scenarios)/guards/magento/creditmemos.json")
                    )))
            guard case .object(let body) = fixture, case .object(let seeded)? = body.array("items")?.first,
                case .object(let seededItem)? = seeded.array("items")?.first,
                case .object(let memoItem)? = memo.array("items")?.first
            else { throw HarnessError(message: "no credit memo to compare") }
            #expect(memo.keys == seeded.keys)
            #expect(memoItem.keys == seededItem.keys)
            #expect(memoItem["qty"] == .number("2"))
            #expect(memo.text("updated_at") == memo.text("created_at"))
        }
    }

    @Test func refundingUnshippedUnitsReleasesTheirReservation() async throws {
        try await MagentoHarness.with { h in
            let placed = try h.sandbox.placeOrder(
                lines: [(sku: "THROW-WOOL-CHARCOAL", quantity: Quantity(units: 2))], shipped: false)
            #expect(h.sandbox.salableQuantity(sku: "THROW-WOOL-CHARCOAL") == Quantity(units: 4))
            try h.sandbox.refund(
                orderID: placed.entityID, lines: [(sku: "THROW-WOOL-CHARCOAL", quantity: Quantity(units: 2))],
                returnToStock: true)
            #expect(h.sandbox.salableQuantity(sku: "THROW-WOOL-CHARCOAL") == Quantity(units: 6))
            #expect(h.sandbox.sourceQuantity(sku: "THROW-WOOL-CHARCOAL") == Quantity(units: 6))
            #expect(h.sandbox.order(number: placed.incrementID)?.text("state") == "closed")
        }
    }

    @Test func cancelingAnUnpaidOrderReleasesItsReservations() async throws {
        try await MagentoHarness.with { h in
            let placed = try h.sandbox.placeOrder(
                lines: [(sku: "PLANTER-CONCRETE-M", quantity: Quantity(units: 4))], shipped: false, paid: false)
            let order = try #require(h.sandbox.order(number: placed.incrementID))
            #expect(order.text("state") == "new")
            #expect(order.text("status") == "pending")
            #expect(h.sandbox.salableQuantity(sku: "PLANTER-CONCRETE-M") == Quantity(units: 9))
            try h.sandbox.cancel(orderID: placed.entityID)
            let canceled = try #require(h.sandbox.order(number: placed.incrementID))
            #expect(canceled.text("state") == "canceled")
            guard case .object(let line)? = canceled.array("items")?.first else {
                throw HarnessError(message: "no item")
            }
            #expect(line["qty_canceled"] == .number("4"))
            #expect(h.sandbox.salableQuantity(sku: "PLANTER-CONCRETE-M") == Quantity(units: 13))
            #expect(h.sandbox.sourceQuantity(sku: "PLANTER-CONCRETE-M") == Quantity(units: 13))
            #expect(throws: MagentoSimulationError.self) { try h.sandbox.cancel(orderID: placed.entityID) }

            let paid = try h.sandbox.placeOrder(lines: [(sku: "PLANTER-CONCRETE-M", quantity: Quantity(units: 1))])
            #expect(throws: MagentoSimulationError.self) { try h.sandbox.cancel(orderID: paid.entityID) }
        }
    }

    @Test func ordersInOtherCurrenciesUseTheirDecimals() async throws {
        try await MagentoHarness.with { h in
            let placed = try h.sandbox.placeOrder(
                lines: [(sku: "MUG-KAURI-350", quantity: Quantity(units: 1))], currency: "JPY")
            let order = try #require(h.sandbox.order(number: placed.incrementID))
            #expect(order.text("order_currency_code") == "JPY")
            #expect(order["subtotal"] == .number("24"))
            #expect(throws: MagentoSimulationError.self) {
                try h.sandbox.placeOrder(lines: [(sku: "MUG-KAURI-350", quantity: Quantity(units: 1))], currency: "XYZ")
            }
        }
    }
}
