import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: stock")
struct MagentoStockTests {
    static let oneSideMoved = "\(RepositoryPaths.scenarios)/one-side-moved"

    @Test func savingSourceItemsSetsAbsoluteQuantitiesAndAnswersAnEmptyList() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.write(
                .post, "inventory/source-items",
                #"""
                {"sourceItems": [
                  {"sku": "MUG-KAURI-350", "source_code": "default", "quantity": 25, "status": 1},
                  {"sku": "BOWL-RIMU-LRG", "source_code": "default", "quantity": 0, "status": 0},
                  {"sku": "VASE-NEW", "source_code": "default", "quantity": 2.5, "status": 1}
                ]}
                """#, token: token)
            #expect(reply.status == 200)
            #expect(reply.text == "[]")
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 25))
            #expect(h.sandbox.sourceQuantity(sku: "BOWL-RIMU-LRG") == .zero)
            #expect(h.sandbox.sourceQuantity(sku: "VASE-NEW") == Quantity(ticks: 25_000))
            #expect(h.sandbox.sourceQuantity(sku: "TEATOWEL-LINEN-NAT") == Quantity(units: 26))
            let read = try await h.search(
                "inventory/source-items", Criteria.filter(0, 0, "sku", "MUG-KAURI-350,VASE-NEW", "in"), token: token)
            #expect(try read.items.map { $0["quantity"] } == [.number("25"), .number("2.5")])
            #expect(try read.items.allSatisfy { $0["updated_at"] == nil })
        }
    }

    @Test(arguments: [
        (#"{"sku": "", "source_code": "default", "quantity": 1, "status": 1}"#, "\"%field\" can not be empty.", "sku"),
        (
            #"{"sku": "A", "source_code": "", "quantity": 1, "status": 1}"#, "\"%field\" can not be empty.",
            "source_code"
        ),
        (
            #"{"sku": "A", "source_code": "de fault", "quantity": 1, "status": 1}"#,
            "\"%field\" can not contain whitespaces.", "source_code"
        ),
        (#"{"sku": "A", "source_code": "default", "status": 1}"#, "\"%field\" should be numeric.", "quantity"),
        (
            #"{"sku": "A", "source_code": "default", "quantity": "lots", "status": 1}"#,
            "\"%field\" should be numeric.", "quantity"
        ),
        (
            #"{"sku": "A", "source_code": "default", "quantity": -1, "status": 0}"#, "\"%field\" can not be negative.",
            "quantity"
        ),
        (
            #"{"sku": "A", "source_code": "default", "quantity": 1, "status": 3}"#,
            "\"%field\" should be known status.", "status"
        ),
    ])
    func oneBadSourceItemFailsTheWholeRequest(bad: String, message: String, field: String) async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.write(
                .post, "inventory/source-items",
                #"{"sourceItems": [{"sku": "MUG-KAURI-350", "source_code": "default", "quantity": 40, "status": 1}, \#(bad)]}"#,
                token: token)
            #expect(reply.status == 400)
            #expect(try reply.json().text("message") == "Validation Failed")
            let error = try #require(try reply.json().array("errors")?.first)
            guard case .object(let first) = error else { throw HarnessError(message: "no error object") }
            #expect(first.text("message") == message)
            #expect(first.object("parameters")?.text("field") == field)
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 19))
        }
    }

    @Test func anInStockItemWithoutQuantityIsRefusedAsMSIsConsistencyCheckDoes() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.write(
                .post, "inventory/source-items",
                #"{"sourceItems": [{"sku": "MUG-KAURI-350", "source_code": "default", "quantity": 0, "status": 1}]}"#,
                token: token)
            #expect(reply.status == 400)
            #expect(
                reply.text.contains(
                    #"Product cannot have \"%status\" \"%in_stock\" while product \"%quantity\" equals or below zero"#))
        }
    }

    @Test func anUnknownSourceOrAnEmptyListIsRefused() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let unknown = try await h.write(
                .post, "inventory/source-items",
                #"{"sourceItems": [{"sku": "MUG-KAURI-350", "source_code": "nowhere", "quantity": 3, "status": 1}]}"#,
                token: token)
            #expect(unknown.status == 400)
            #expect(try unknown.json().text("message") == "Could not save Source Item")
            let empty = try await h.write(.post, "inventory/source-items", #"{"sourceItems": []}"#, token: token)
            #expect(try empty.json().text("message") == "Input data is empty")
            let missing = try await h.write(.post, "inventory/source-items", "{}", token: token)
            #expect(try missing.json().object("parameters")?.text("fieldName") == "sourceItems")
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 19))
        }
    }

    @Test func aSaveTouchesOnlyTheSourceItNames() async throws {
        try await MagentoHarness.with(scenario: Self.oneSideMoved) { h in
            let token = try await h.token()
            let reply = try await h.write(
                .post, "inventory/source-items",
                #"{"sourceItems": [{"sku": "TROWEL-STEEL", "source_code": "akl_warehouse", "quantity": 11, "status": 1}]}"#,
                token: token)
            #expect(reply.status == 200)
            #expect(h.sandbox.sourceQuantity(sku: "TROWEL-STEEL", source: "akl_warehouse") == Quantity(units: 11))
            #expect(h.sandbox.sourceQuantity(sku: "TROWEL-STEEL", source: "chc_store") == Quantity(units: 7))
            let sources = try await h.search("inventory/sources", [], token: token)
            #expect(
                try sources.items.compactMap { $0.text("source_code") } == [
                    "default", "akl_warehouse", "chc_store", "wlg_popup",
                ])
        }
    }

    @Test func withoutMSITheInventoryRoutesAre404AndLegacyStockItemsWork() async throws {
        var configuration = MagentoSandboxConfiguration()
        configuration.msi = false
        try await MagentoHarness.with(configuration: configuration) { h in
            let token = try await h.token()
            let items = try await h.search("inventory/source-items", [], token: token)
            #expect(items.status == 404)
            #expect(try items.json().text("message") == "Request does not match any route.")
            #expect(
                try await h.write(.post, "inventory/source-items", #"{"sourceItems": []}"#, token: token).status == 404)

            let stock = try await h.get("stockItems/MUG-KAURI-350", token: token)
            #expect(stock.status == 200)
            let item = try stock.json()
            #expect(item["qty"] == .number("19"))
            #expect(item["is_in_stock"] == .bool(true))
            let itemID = try #require(item.scalar("item_id"))

            let put = try await h.write(
                .put, "products/MUG-KAURI-350/stockItems/\(itemID)", #"{"stockItem": {"qty": 7, "is_in_stock": true}}"#,
                token: token)
            #expect(put.status == 200)
            #expect(try put.value() == .number(itemID))
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 7))
            let product = try await h.search("products", Criteria.filter(0, 0, "sku", "MUG-KAURI-350"), token: token)
            #expect(
                try product.items.first?.object("extension_attributes")?.object("stock_item")?["qty"] == .number("7"))

            let zero = try await h.write(
                .put, "products/MUG-KAURI-350/stockItems/\(itemID)", #"{"stockItem": {"qty": 0}}"#, token: token)
            #expect(zero.status == 200)
            #expect(try await h.get("stockItems/MUG-KAURI-350", token: token).json()["is_in_stock"] == .bool(false))

            let unknown = try await h.get("stockItems/NO-SUCH-SKU", token: token)
            #expect(unknown.status == 404)
            #expect(
                try unknown.json().text("message")
                    == "The product that was requested doesn't exist. Verify the product and try again.")
        }
    }

    @Test func underMSITheLegacyWriteTouchesOnlyTheDefaultSource() async throws {
        try await MagentoHarness.with { h in
            h.sandbox.setSourceQuantity(sku: "MUG-KAURI-350", source: "warehouse", quantity: Quantity(units: 4))
            let token = try await h.token()
            let put = try await h.write(
                .put, "products/MUG-KAURI-350/stockItems/1", #"{"stockItem": {"qty": 30, "is_in_stock": true}}"#,
                token: token)
            #expect(put.status == 200)
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 30))
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350", source: "warehouse") == Quantity(units: 4))
            let salable = try await h.get("inventory/get-product-salable-quantity/MUG-KAURI-350/1", token: token)
            #expect(try salable.value() == .number("34"))
        }
    }

    @Test func aStocktakeSetsTheSourceQuantity() async throws {
        try await MagentoHarness.with { h in
            h.sandbox.setSourceQuantity(sku: "BOWL-RIMU-LRG", quantity: .zero)
            let token = try await h.token()
            let reply = try await h.search(
                "inventory/source-items", Criteria.filter(0, 0, "sku", "BOWL-RIMU-LRG"), token: token)
            #expect(try reply.items.first?["quantity"] == .number("0"))
            #expect(try reply.items.first?["status"] == .number("0"))
        }
    }

    @Test func seededRecordsAreServedAsWrittenDuplicatesAndNegativesIncluded() async throws {
        try await MagentoHarness.with(scenario: "\(RepositoryPaths.scenarios)/bad-records") { h in
            let token = try await h.token()
            let reply = try await h.search(
                "inventory/source-items", Criteria.filter(0, 0, "sku", "BALM-LIP-BEESWAX"), token: token)
            #expect(try reply.items.map { $0["quantity"] } == [.number("15"), .number("16")])
        }
        try await MagentoHarness.with(scenario: "\(RepositoryPaths.scenarios)/guards") { h in
            #expect(h.sandbox.sourceQuantity(sku: "GRATER-BOX") == Quantity(units: -2))
        }
    }
}
