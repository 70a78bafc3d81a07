import AsyncHTTPClient
import Foundation
import Testing
import TrueUpCore

@testable import TrueUpSandbox

@Suite("Injected faults")
struct FaultTests {
    @Test func rateLimitFaultsAnswer429WithTheirRetryAfter() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.minuteLimit(retryAfter: 7))
            h.sandbox.inject(.dayLimit(retryAfter: 3600))
            let minute = try await h.get("Items", token: token)
            #expect(minute.status == 429)
            #expect(minute.header("X-Rate-Limit-Problem") == "minute")
            #expect(minute.header("Retry-After") == "7")
            let day = try await h.get("Items", token: token)
            #expect(day.header("X-Rate-Limit-Problem") == "day")
            #expect(day.header("Retry-After") == "3600")
            #expect(try await h.get("Items", token: token).status == 200)
        }
    }

    @Test func faultsMatchTheirMethodAndPathAndDoNothing() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.serviceUnavailable, times: 2, method: "PUT", pathPrefix: "/api.xro/2.0/Invoices")
            #expect(try await h.get("Invoices", token: token).status == 200)
            #expect(try await h.write(.put, "Invoices", WriteTests.sale("1"), token: token).status == 503)
            #expect(try await h.write(.put, "Invoices", WriteTests.sale("1"), token: token).status == 503)
            #expect(h.sandbox.invoices().count == 5)
            #expect(try await h.write(.put, "Invoices", WriteTests.sale("1"), token: token).status == 200)
            #expect(h.sandbox.calls().filter(\.fault).map(\.status) == [503, 503])
        }
    }

    @Test func theTokenEndpointCanBeMadeToFail() async throws {
        try await Harness.with { h in
            h.sandbox.inject(.serviceUnavailable, pathPrefix: "/connect/token")
            let failed = try await h.send(
                .post, "/connect/token", headers: [("Authorization", h.basic()), ("Content-Type", Form.type)],
                body: "grant_type=client_credentials")
            #expect(failed.status == 503)
            #expect(!(try await h.token()).isEmpty)
        }
    }

    @Test func aHangTimesTheClientOutAndDoesNothing() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.hang(.seconds(3)), method: "PUT")
            await #expect(throws: (any Error).self) {
                try await h.send(
                    .put, "/api.xro/2.0/Invoices", headers: h.apiHeaders(token), body: WriteTests.sale("1"),
                    timeout: 1)
            }
            #expect(h.sandbox.invoices().count == 5)
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "22.0000")
        }
    }

    @Test func aLostResponseTakesEffectAndItsKeyReplaysIt() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.lostResponse(.seconds(3)), method: "PUT")
            let key = ("Idempotency-Key", "correction-42")
            await #expect(throws: (any Error).self) {
                try await h.send(
                    .put, "/api.xro/2.0/Invoices",
                    headers: h.apiHeaders(token, [key, ("Content-Type", "application/json")]),
                    body: WriteTests.sale("2"), timeout: 1)
            }
            // The write happened although the client never saw it.
            #expect(h.sandbox.invoices().count == 6)
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "20.0000")
            let retry = try await h.write(.put, "Invoices", WriteTests.sale("2"), token: token, headers: [key])
            #expect(retry.status == 200)
            #expect(try retry.records("Invoices").first?.text("InvoiceNumber") == "INV-1045")
            #expect(h.sandbox.invoices().count == 6)
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "20.0000")
        }
    }

    @Test func aMalformedBodyIsTruncatedJSON() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.malformedBody, pathPrefix: "/api.xro/2.0/Items")
            let reply = try await h.get("Items", token: token)
            #expect(reply.status == 200)
            #expect(!reply.bytes.isEmpty)
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(reply.bytes) }
            #expect(try await h.get("Items", token: token).records("Items").count == 12)
        }
    }

    @Test func faultsAreTakenInTheOrderInjected() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.sandbox.inject(.serviceUnavailable)
            h.sandbox.inject(.minuteLimit(retryAfter: 2))
            #expect(try await h.get("Items", token: token).status == 503)
            #expect(try await h.get("Items", token: token).status == 429)
            #expect(try await h.get("Items", token: token).status == 200)
        }
    }
}
