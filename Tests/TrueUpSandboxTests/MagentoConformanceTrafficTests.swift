import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

/// Every emulated operation called the way Magento's Swagger spec declares it (its camelCase
/// `searchCriteria[filterGroups]…` names), on records the seed gave and records the simulation
/// made, so that the exchanges `make test` records (`TRUEUP_SANDBOX_EXCHANGES`) cover every
/// response shape the sandbox writes for the conformance check.
@Suite("Magento sandbox: traffic for the spec check")
struct MagentoConformanceTrafficTests {
    static func criteria(
        _ field: String, _ value: String, _ condition: String, sort: String = "entity_id"
    ) -> [(String, String)] {
        [
            ("searchCriteria[filterGroups][0][filters][0][field]", field),
            ("searchCriteria[filterGroups][0][filters][0][value]", value),
            ("searchCriteria[filterGroups][0][filters][0][conditionType]", condition),
            ("searchCriteria[sortOrders][0][field]", sort),
            ("searchCriteria[sortOrders][0][direction]", "ASC"),
            ("searchCriteria[pageSize]", "50"),
            ("searchCriteria[currentPage]", "1"),
        ]
    }

    @Test func everyOperationAnswersInItsDeclaredShape() async throws {
        let folder = try TemporaryFolder("magento-traffic")
        var configuration = MagentoSandboxConfiguration()
        configuration.exchangeLog = LiveSandbox.exchangeLogFromEnvironment ?? "\(folder.path)/exchanges.jsonl"
        try await MagentoHarness.with(configuration: configuration) { h in
            let placed = try h.sandbox.placeOrder(
                lines: [
                    (sku: "MUG-KAURI-350", quantity: Quantity(units: 2)),
                    (sku: "CANDLE-SOY-KAWAKAWA", quantity: Quantity(units: 1)),
                ])
            try h.sandbox.refund(
                orderID: placed.entityID, lines: [(sku: "MUG-KAURI-350", quantity: Quantity(units: 1))],
                returnToStock: true)
            try h.sandbox.placeOrder(
                lines: [(sku: "PLANTER-CONCRETE-M", quantity: Quantity(units: 1))], shipped: false, paid: false)
            let token = try await h.token()
            var replies: [Reply] = []
            replies.append(
                try await h.search("orders", Self.criteria("updated_at", "2026-11-19 00:00:00", "gteq"), token: token))
            replies.append(try await h.get("orders/\(placed.entityID)", token: token))
            replies.append(try await h.get("orders/311", token: token))
            replies.append(
                try await h.search("invoices", Self.criteria("order_id", String(placed.entityID), "eq"), token: token))
            replies.append(
                try await h.search(
                    "creditmemos", Self.criteria("order_id", String(placed.entityID), "eq"), token: token))
            replies.append(
                try await h.search(
                    "transactions", Self.criteria("order_id", String(placed.entityID), "eq", sort: "transaction_id"),
                    token: token))
            replies.append(
                try await h.search(
                    "inventory/source-items", Self.criteria("sku", "MUG-%", "like", sort: "sku"), token: token))
            replies.append(
                try await h.search(
                    "inventory/sources", Self.criteria("enabled", "1", "eq", sort: "source_code"), token: token))
            replies.append(try await h.search("products", Self.criteria("sku", "MUG-KAURI-350", "eq"), token: token))
            replies.append(try await h.get("stockItems/MUG-KAURI-350", token: token))
            replies.append(try await h.get("inventory/get-product-salable-quantity/MUG-KAURI-350/1", token: token))
            replies.append(
                try await h.write(
                    .post, "inventory/source-items",
                    #"{"sourceItems": [{"sku": "MUG-KAURI-350", "source_code": "default", "quantity": 21, "status": 1}]}"#,
                    token: token))
            // The spec's stock item requires every member, so the whole item read is sent back.
            var stockItem = try await h.get("stockItems/MUG-KAURI-350", token: token).json()
            stockItem["qty"] = .number("22")
            stockItem["low_stock_date"] = .string("")
            let itemID = stockItem.scalar("item_id") ?? "1"
            replies.append(
                try await h.write(
                    .put, "products/MUG-KAURI-350/stockItems/\(itemID)",
                    JSONWriter.text(.object(JSONObject(["stockItem": .object(stockItem)]))), token: token))
            replies.append(
                try await h.write(
                    .post, "orders/\(placed.entityID)/comments",
                    #"{"statusHistory": {"comment": "Posted to Xero", "status": "complete", "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": \#(placed.entityID)}}"#,
                    token: token))
            #expect(replies.map(\.status) == Array(repeating: 200, count: replies.count))
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 22))
            let refused = try await h.write(
                .post, "inventory/source-items",
                #"{"sourceItems": [{"sku": "", "source_code": "default", "quantity": 1, "status": 1}]}"#, token: token)
            #expect(refused.status == 400)
            let missing = try await h.get("orders/9999", token: token)
            #expect(missing.status == 404)
        }
    }
}
