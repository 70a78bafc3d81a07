import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: a large shop")
struct MagentoLargeShopTests {
    @Test func theGeneratorIsDeterministic() throws {
        let shop = LargeShop(sourceItems: 101, orders: 40)
        let first = try TemporaryFolder("large-shop-a")
        let second = try TemporaryFolder("large-shop-b")
        try shop.write(to: URL(fileURLWithPath: first.path))
        try shop.write(to: URL(fileURLWithPath: second.path))
        for file in ["source-items.json", "orders.json"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(first.path)/magento/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(second.path)/magento/\(file)"))
            #expect(a == b, "\(file)")
        }
        #expect(shop.skuCount == 51)
        #expect(shop.sourceItemRecords().last?.source == "default")
    }

    @Test func pagingThroughEverySourceItemAndOrderReadsEachOnce() async throws {
        let shop = LargeShop(sourceItems: 6_001, orders: 2_500)
        let folder = try TemporaryFolder("large-shop")
        try shop.write(to: URL(fileURLWithPath: folder.path))
        try await MagentoHarness.with(scenario: folder.path) { h in
            let token = try await h.token()
            var read: [String] = []
            var page = 1
            while true {
                let reply = try await h.search(
                    "inventory/source-items",
                    Criteria.sort(0, "sku", "ASC") + Criteria.sort(1, "source_code", "ASC")
                        + Criteria.page(size: 300, current: page), token: token)
                #expect(reply.status == 200)
                read += try reply.items.map {
                    "\($0.text("sku") ?? "") \($0.text("source_code") ?? "") \($0.scalar("quantity") ?? "")"
                }
                guard let total = reply.totalCount, read.count < total else { break }
                page += 1
            }
            #expect(page == 21)
            let expected = shop.sourceItemRecords().map { "\($0.sku) \($0.source) \($0.quantity)" }
            #expect(read == expected.sorted())

            var orders: [(id: Int, updated: String)] = []
            page = 1
            let since = "2026-09-21 22:00:00"
            while true {
                let reply = try await h.search(
                    "orders",
                    Criteria.filter(0, 0, "updated_at", since, "gteq") + Criteria.sort(0, "updated_at", "ASC")
                        + Criteria.sort(1, "entity_id", "ASC") + Criteria.page(size: 300, current: page), token: token)
                orders += try reply.items.map { (Int($0.scalar("entity_id") ?? "") ?? 0, $0.text("updated_at") ?? "") }
                guard let total = reply.totalCount, orders.count < total else { break }
                page += 1
            }
            let all = h.sandbox.orders().filter { ($0.text("updated_at") ?? "") >= since }
            #expect(orders.count == all.count)
            #expect(Set(orders.map(\.id)).count == orders.count)
            #expect(
                zip(orders, orders.dropFirst()).allSatisfy {
                    $0.updated < $1.updated || ($0.updated == $1.updated && $0.id < $1.id)
                })
            #expect(!orders.isEmpty && orders.count < shop.orders)
        }
    }
}
