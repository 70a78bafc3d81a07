import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: searches")
struct MagentoSearchTests {
    /// The demo's orders by `entity_id`, with their `updated_at` and `grand_total`:
    /// 311 (2026-11-19 13:59:58, 83.70), 312 (2026-11-20 00:23:25, 56.93),
    /// 314 (2026-11-20 02:47:50, 44.00), 318 (05:40:02, 84.01), 319 (07:55:12, 88.00).
    static func ids(_ reply: Reply) throws -> [String] {
        try reply.items.compactMap { $0.scalar("entity_id") }
    }

    @Test func aSearchWithoutCriteriaGivesTheDefaultPageAndEchoesWhatWasAsked() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.search("inventory/source-items", [], token: token)
            #expect(reply.status == 200)
            let body = try reply.json()
            #expect(body.keys == ["items", "search_criteria", "total_count"])
            #expect(try reply.items.count == 10)
            #expect(reply.totalCount == 10)
            #expect(
                JSONWriter.text(body["search_criteria"] ?? .null) == #"{"filter_groups":[],"page_size":20}"#)
            let first = try #require(try reply.items.first)
            #expect(first.keys == ["sku", "source_code", "quantity", "status"])
            #expect(first.text("sku") == "MUG-KAURI-350")
            #expect(first["quantity"] == .number("19"))
        }
    }

    @Test func searchCriteriaIsRequired() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.get("orders", token: token)
            #expect(reply.status == 400)
            #expect(try reply.json().object("parameters")?.text("fieldName") == "searchCriteria")
        }
    }

    @Test func theEchoUsesMagentosNamesWhateverSpellingWasSent() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.search(
                "orders",
                [
                    ("searchCriteria[filterGroups][0][filters][0][field]", "updated_at"),
                    ("searchCriteria[filterGroups][0][filters][0][value]", "2026-11-20 00:00:00"),
                    ("searchCriteria[filterGroups][0][filters][0][conditionType]", "gteq"),
                    ("searchCriteria[sortOrders][0][field]", "updated_at"),
                    ("searchCriteria[sortOrders][0][direction]", "asc"),
                ] + Criteria.page(size: 2, current: 1), token: token)
            #expect(reply.status == 200)
            #expect(
                JSONWriter.text(try reply.json()["search_criteria"] ?? .null)
                    == #"{"filter_groups":[{"filters":[{"field":"updated_at","value":"2026-11-20 00:00:00","condition_type":"gteq"}]}],"sort_orders":[{"field":"updated_at","direction":"ASC"}],"page_size":2,"current_page":1}"#
            )
            #expect(try Self.ids(reply) == ["312", "314"])
            #expect(reply.totalCount == 4)
        }
    }

    @Test(
        arguments: [
            ("updated_at", "2026-11-20 00:23:25", "gteq", ["312", "314", "318", "319"]),
            ("updated_at", "2026-11-20 00:23:25", "gt", ["314", "318", "319"]),
            ("updated_at", "2026-11-20", "lt", ["311"]),
            ("updated_at", "2026-11-20T02:47:50Z", "lteq", ["311", "312", "314"]),
            ("updated_at", "2026-11-20 05:40:02", nil, ["318"]),
            ("entity_id", "312,318", "in", ["312", "318"]),
            ("entity_id", "312,318", "nin", ["311", "314", "319"]),
            ("state", "processing", "neq", ["311", "312", "314"]),
            ("state", "PROCESSING", nil, ["318", "319"]),
            ("increment_id", "%8", "like", ["318"]),
            ("increment_id", "%8", "nlike", ["311", "312", "314", "319"]),
            ("increment_id", "00000031_", "like", ["311", "312", "314", "318", "319"]),
            ("grand_total", "84", "gt", ["318", "319"]),
            ("grand_total", "44", "eq", ["314"]),
            ("grand_total", "84", "from", ["318", "319"]),
            ("grand_total", "56.93", "to", ["312", "314"]),
            ("entity_id", "314", "moreq", ["314", "318", "319"]),
            ("coupon_code", "", "null", ["311", "312", "314", "318", "319"]),
            ("coupon_code", "", "notnull", []),
            ("status", "pending,complete", "finset", []),
        ] as [(String, String, String?, [String])])
    func eachConditionTypeFiltersAsMySQLCompares(
        field: String, value: String, condition: String?, expected: [String]
    )
        async throws
    {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.search(
                "orders", Criteria.filter(0, 0, field, value, condition) + Criteria.sort(0, "entity_id", "ASC"),
                token: token)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(try Self.ids(reply) == expected)
            #expect(reply.totalCount == expected.count)
        }
    }

    @Test func filtersInAGroupAreOredAndGroupsAreAnded() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let either = try await h.search(
                "inventory/source-items",
                Criteria.filter(0, 0, "sku", "MUG-KAURI-350") + Criteria.filter(0, 1, "sku", "bowl-rimu-lrg"),
                token: token)
            #expect(try either.items.compactMap { $0.text("sku") } == ["MUG-KAURI-350", "BOWL-RIMU-LRG"])
            let both = try await h.search(
                "inventory/source-items",
                Criteria.filter(0, 0, "sku", "CUSH%", "like") + Criteria.filter(1, 0, "quantity", "6", "gt"),
                token: token)
            #expect(try both.items.compactMap { $0.text("sku") } == ["CUSHCOVER-LINEN-SAGE", "CUSHCOVER-LINEN-OAT"])
            #expect(both.totalCount == 2)
        }
    }

    /// The pages of one search come from one pass over the collection, which a change starts again.
    @Test func pagesOfOneSearchSeeAnOrderPlacedBetweenThem() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let search = Criteria.filter(0, 0, "state", "processing") + Criteria.sort(0, "entity_id", "ASC")
            let first = try await h.search("orders", search + Criteria.page(size: 1, current: 1), token: token)
            let before = try #require(first.totalCount)
            #expect(try first.items.count == 1)
            #expect(
                try await h.search("orders", search + Criteria.page(size: 1, current: 2), token: token).totalCount
                    == before)

            h.clock.advance(60)
            let placed = try h.sandbox.placeOrder(
                lines: [(sku: "MUG-KAURI-350", quantity: Quantity(units: 1))], shipped: false)
            let last = try await h.search(
                "orders", search + Criteria.page(size: 1, current: before + 1), token: token)
            #expect(last.totalCount == before + 1)
            #expect(try Self.ids(last) == [String(placed.entityID)])
        }
    }

    @Test func severalSortOrdersApplyInTurnAndAMissingDirectionIsDescending() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let byTotal = try await h.search("orders", Criteria.sort(0, "grand_total", "DESC"), token: token)
            #expect(try Self.ids(byTotal) == ["319", "318", "311", "312", "314"])
            let byStateThenUpdate = try await h.search(
                "orders", Criteria.sort(0, "state", "ASC") + Criteria.sort(1, "updated_at", "desc"), token: token)
            #expect(try Self.ids(byStateThenUpdate) == ["314", "312", "311", "319", "318"])
            let noDirection = try await h.search(
                "orders", [("searchCriteria[sortOrders][0][field]", "entity_id")], token: token)
            #expect(try Self.ids(noDirection) == ["319", "318", "314", "312", "311"])
            let badDirection = try await h.search("orders", Criteria.sort(0, "entity_id", "UP"), token: token)
            #expect(badDirection.status == 400)
        }
    }

    @Test func aPagePastTheEndReturnsTheLastPageAgain() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            func page(_ number: Int) async throws -> Reply {
                try await h.search(
                    "orders", Criteria.sort(0, "entity_id", "ASC") + Criteria.page(size: 2, current: number),
                    token: token)
            }
            #expect(try Self.ids(try await page(1)) == ["311", "312"])
            #expect(try Self.ids(try await page(2)) == ["314", "318"])
            #expect(try Self.ids(try await page(3)) == ["319"])
            let past = try await page(4)
            #expect(try Self.ids(past) == ["319"])
            #expect(past.totalCount == 5)
            #expect(try past.json().object("search_criteria")?.integer("current_page") == 4)
            #expect(try Self.ids(try await page(99)) == ["319"])
            #expect(try Self.ids(try await page(0)) == ["311", "312"])
            let empty = try await h.search(
                "orders", Criteria.filter(0, 0, "state", "holded") + Criteria.page(size: 2, current: 3), token: token)
            #expect(try empty.items.isEmpty)
            #expect(empty.totalCount == 0)
        }
    }

    @Test func aPageSizeOverTheLimitIsRefusedAsMagentosInputLimitsDo() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let refused = try await h.search("orders", Criteria.page(size: 301, current: 1), token: token)
            #expect(refused.status == 400)
            #expect(try refused.json().text("message") == "Maximum SearchCriteria pageSize is %max")
            #expect(try refused.json().object("parameters")?["max"] == .number("300"))
            #expect(try await h.search("orders", Criteria.page(size: 300, current: 1), token: token).status == 200)
        }
        var configuration = MagentoSandboxConfiguration()
        configuration.maximumPageSize = 2
        configuration.defaultPageSize = 1
        try await MagentoHarness.with(configuration: configuration) { h in
            let token = try await h.token()
            #expect(try await h.search("orders", Criteria.page(size: 3, current: 1), token: token).status == 400)
            let defaulted = try await h.search("orders", [], token: token)
            #expect(try defaulted.items.count == 1)
            #expect(defaulted.totalCount == 5)
        }
        configuration.maximumPageSize = nil
        try await MagentoHarness.with(configuration: configuration) { h in
            let token = try await h.token()
            let everything = try await h.search("orders", [], token: token)
            #expect(try everything.items.count == 5)
            #expect(try everything.json().object("search_criteria")?["page_size"] == nil)
            #expect(try await h.search("orders", Criteria.page(size: 5000, current: 1), token: token).status == 200)
        }
    }

    @Test(
        arguments: [
            (Criteria.filter(0, 0, "colour", "red"), "Invalid attribute name: %1"),
            (Criteria.sort(0, "colour", "ASC"), "Invalid attribute name: %1"),
            (
                [("searchCriteria[page_sise]", "10")],
                "Property \"%1\" does not have accessor method \"%2\" in class \"%3\"."
            ),
            (
                [("searchCriteria[pageSize]", "ten")],
                "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again."
            ),
            (
                Criteria.filter(0, 0, "state", "x", "approximately"),
                "The condition type \"%1\" is not supported by the TrueUp sandbox."
            ),
        ] as [([(String, String)], String)])
    func malformedCriteriaAre400(criteria: [(String, String)], message: String) async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.search("orders", criteria, token: token)
            #expect(reply.status == 400)
            #expect(try reply.json().text("message") == message)
        }
    }

    @Test func oneOrderByItsID() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let order = try await h.get("orders/314", token: token)
            #expect(order.status == 200)
            #expect(try order.json().text("increment_id") == "000000314")
            #expect(try order.json().array("items")?.count == 2)
            let missing = try await h.get("orders/999", token: token)
            #expect(missing.status == 404)
            #expect(
                try missing.json().text("message")
                    == "The entity that was requested doesn't exist. Verify the entity and try again.")
            #expect(try await h.get("orders/abc", token: token).status == 400)
        }
    }

    @Test func creditMemosInvoicesAndTransactionsAreSearchedLikeOrders() async throws {
        let scenario = "\(RepositoryPaths.scenarios)/in-sync-after-sales"
        try await MagentoHarness.with(scenario: scenario) { h in
            let token = try await h.token()
            let memos = try await h.search(
                "creditmemos",
                Criteria.filter(0, 0, "updated_at", "2026-11-20 05:00:00", "gteq")
                    + Criteria.sort(0, "updated_at", "ASC")
                    + Criteria.sort(1, "entity_id", "ASC"), token: token)
            #expect(try memos.items.compactMap { $0.scalar("entity_id") } == ["22", "23"])
            let invoices = try await h.search("invoices", [], token: token)
            #expect(invoices.status == 200)
            #expect(invoices.totalCount == 0)
            let transactions = try await h.search("transactions", [], token: token)
            #expect(transactions.status == 200)
        }
    }

    @Test func productsCarryTheirLegacyStockItem() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.search("products", Criteria.filter(0, 0, "sku", "MUG-KAURI-350"), token: token)
            let product = try #require(try reply.items.first)
            #expect(product.text("sku") == "MUG-KAURI-350")
            #expect(product.text("name") == "Kauri stoneware mug 350ml")
            let stock = try #require(product.object("extension_attributes")?.object("stock_item"))
            #expect(stock["qty"] == .number("19"))
            #expect(stock["is_in_stock"] == .bool(true))
            #expect(stock["stock_id"] == .number("1"))
            #expect(stock["item_id"] != nil)
            #expect(stock["product_id"] == product["id"])
            let all = try await h.search("products", Criteria.page(size: 100, current: 1), token: token)
            #expect(all.totalCount == 10)
        }
    }
}
