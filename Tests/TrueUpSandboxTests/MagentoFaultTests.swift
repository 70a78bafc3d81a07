import AsyncHTTPClient
import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: injected faults")
struct MagentoFaultTests {
    static let save =
        #"{"sourceItems": [{"sku": "MUG-KAURI-350", "source_code": "default", "quantity": 12, "status": 1}]}"#

    @Test func faultsMatchTheirMethodAndPathAndDoNothing() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.sandbox.inject(
                .serviceUnavailable, times: 2, method: "POST", pathPrefix: "/rest/default/V1/inventory/source-items")
            #expect(try await h.search("inventory/source-items", [], token: token).status == 200)
            #expect(try await h.write(.post, "inventory/source-items", Self.save, token: token).status == 503)
            #expect(try await h.write(.post, "inventory/source-items", Self.save, token: token).status == 503)
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 19))
            #expect(try await h.write(.post, "inventory/source-items", Self.save, token: token).status == 200)
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 12))
            #expect(h.sandbox.calls().filter(\.fault).map(\.status) == [503, 503])
        }
    }

    @Test func aFaultWithoutAPathSparesTheTokenCall() async throws {
        try await MagentoHarness.with { h in
            h.sandbox.inject(.serviceUnavailable)
            let token = try await h.token()
            #expect(try await h.search("orders", [], token: token).status == 503)
            #expect(try await h.search("orders", [], token: token).status == 200)
            h.sandbox.inject(.serviceUnavailable, pathPrefix: "/rest/V1/integration/admin/token")
            let refused = try await h.send(
                .post, "/rest/V1/integration/admin/token", headers: [("Content-Type", "application/json")],
                body: #"{"username":"admin","password":"admin123"}"#)
            #expect(refused.status == 503)
        }
    }

    @Test func aLostResponseTakesEffect() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.lostResponse(.seconds(3)), method: "POST")
            await #expect(throws: (any Error).self) {
                try await h.send(
                    .post, MagentoHarness.base + "inventory/source-items", headers: h.headers(token, json: true),
                    body: Self.save, timeout: 1)
            }
            // The write happened although the client never saw it.
            #expect(h.sandbox.sourceQuantity(sku: "MUG-KAURI-350") == Quantity(units: 12))
            let call = try #require(h.sandbox.calls().last)
            #expect(call.fault)
            #expect(call.status == 200)
            #expect(call.path == "/rest/default/V1/inventory/source-items")
        }
    }

    @Test func aHangTimesTheClientOutAndDoesNothing() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.hang(.seconds(3)), method: "POST")
            await #expect(throws: (any Error).self) {
                try await h.send(
                    .post, MagentoHarness.base + "orders/318/comments", headers: h.headers(token, json: true),
                    body: #"{"statusHistory": {"comment": "x", "status": "xero_posted"}}"#, timeout: 1)
            }
            #expect(h.sandbox.order(number: "000000318")?.text("status") == "processing")
        }
    }

    @Test func aMalformedBodyIsTruncatedJSON() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.malformedBody, pathPrefix: "/rest/default/V1/orders")
            let reply = try await h.search("orders", [], token: token)
            #expect(reply.status == 200)
            #expect(!reply.bytes.isEmpty)
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(reply.bytes) }
            #expect(try await h.search("orders", [], token: token).items.count == 5)
        }
    }

    @Test func rateLimitFaultsAnswer429AsAProxyWould() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.minuteLimit(retryAfter: 7))
            let reply = try await h.search("orders", [], token: token)
            #expect(reply.status == 429)
            #expect(reply.header("Retry-After") == "7")
        }
    }

    @Test func everyCallIsRecorded() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            _ = try await h.search("orders", Criteria.page(size: 2, current: 1), token: token)
            _ = try await h.send(.get, "/rest/default/V1/orders?searchCriteria=")
            let calls = h.sandbox.calls()
            #expect(calls.map(\.status) == [200, 200, 401])
            #expect(
                calls.map(\.path) == [
                    "/rest/V1/integration/admin/token", "/rest/default/V1/orders", "/rest/default/V1/orders",
                ])
            #expect(calls[1].query.contains("searchCriteria%5BpageSize%5D=2"))
            #expect(calls.allSatisfy { $0.date == h.clock.now })
        }
    }
}
