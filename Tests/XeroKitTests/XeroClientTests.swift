import Foundation
import Testing
import TrueUpTestSupport
import XeroKit

@Suite struct XeroClientTests {
    @Test func everyRequestCarriesTheTenantAndToken() async throws {
        let transport = ScriptedTransport([.respond(HTTPResult(status: 200, body: okBody))])
        let client = scriptedClient(transport)
        _ = try await client.send(
            "GET", "/Invoices", query: [("where", #"Type=="ACCREC""#)],
            ifModifiedSince: Date(timeIntervalSince1970: 1_795_165_200))
        let request = try #require(transport.requests.first)
        #expect(request.header("xero-tenant-id") == "t1")
        #expect(request.header("Authorization") == "Bearer live-token")
        #expect(request.header("If-Modified-Since") == "2026-11-20T09:00:00Z")
        #expect(request.url == "http://xero.invalid/api.xro/2.0/Invoices?where=Type%3D%3D%22ACCREC%22")
        #expect(request.header("Idempotency-Key") == nil)
    }

    @Test func fiveHundredsAndTimeoutsAreRetriedWithTheSameKey() async throws {
        let transport = ScriptedTransport([
            .respond(HTTPResult(status: 503)), .fail(.timeout), .respond(HTTPResult(status: 200, body: okBody)),
        ])
        let client = scriptedClient(transport)
        _ = try await client.send("PUT", "/Invoices", body: Array("{}".utf8), idempotencyKey: "key-1")
        #expect(transport.requests.count == 3)
        #expect(transport.requests.allSatisfy { $0.header("Idempotency-Key") == "key-1" })
        #expect(client.callsMade == 3)
    }

    @Test func retriesAreBounded() async throws {
        let transport = ScriptedTransport(fallback: { _ in HTTPResult(status: 502) })
        let client = scriptedClient(transport)
        await #expect(throws: XeroError.unavailable("GET /Items answered HTTP 502 3 times")) {
            _ = try await client.send("GET", "/Items")
        }
        #expect(transport.requests.count == 3)
    }

    @Test func aMinute429WaitsAndSendsAgain() async throws {
        let limited = HTTPResult(status: 429, headers: [("Retry-After", "1"), ("X-Rate-Limit-Problem", "Minute")])
        let transport = ScriptedTransport([.respond(limited), .respond(HTTPResult(status: 200, body: okBody))])
        let client = scriptedClient(transport)
        let clock = ContinuousClock()
        let started = clock.now
        _ = try await client.send("GET", "/Items")
        #expect(clock.now - started >= .seconds(1))
        #expect(transport.requests.count == 2)
    }

    @Test func aDay429EndsTheWork() async throws {
        let limited = HTTPResult(status: 429, headers: [("Retry-After", "5000"), ("X-Rate-Limit-Problem", "day")])
        let transport = ScriptedTransport([.respond(limited)])
        let client = scriptedClient(transport)
        await #expect(throws: XeroError.dayLimitReached(retryAfter: 5000)) {
            _ = try await client.send("GET", "/Items")
        }
        #expect(transport.requests.count == 1)
    }

    @Test func aSpentDayStopsBeforeSpendingACall() async throws {
        let last = HTTPResult(
            status: 200, headers: [("X-DayLimit-Remaining", "0"), ("X-MinLimit-Remaining", "59")], body: okBody)
        let transport = ScriptedTransport([.respond(last)])
        let client = scriptedClient(transport)
        _ = try await client.send("GET", "/Items")
        await #expect(throws: XeroError.dayLimitReached(retryAfter: nil)) {
            _ = try await client.send("GET", "/Items")
        }
        #expect(transport.requests.count == 1)
    }

    @Test func aValidationExceptionSaysWhatXeroSaid() async throws {
        let body = #"""
            {"ErrorNumber":10,"Type":"ValidationException","Message":"A validation exception occurred",
             "Elements":[{"ValidationErrors":[{"Message":"Item code 'NOPE' is not valid"}]}]}
            """#
        let transport = ScriptedTransport([.respond(HTTPResult(status: 400, body: Array(body.utf8)))])
        let client = scriptedClient(transport)
        await #expect(throws: XeroError.refused(status: 400, message: "Item code 'NOPE' is not valid")) {
            _ = try await client.send("PUT", "/Invoices", body: Array("{}".utf8), idempotencyKey: "k")
        }
    }

    @Test func a401RenewsTheTokenOnce() async throws {
        let token = Array(#"{"access_token":"second","expires_in":1800,"token_type":"Bearer"}"#.utf8)
        let transport = ScriptedTransport([
            .respond(HTTPResult(status: 401)), .respond(HTTPResult(status: 200, body: token)),
            .respond(HTTPResult(status: 200, body: okBody)),
        ])
        let client = scriptedClient(transport)
        _ = try await client.send("GET", "/Items")
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(requests[1].url == "http://token.invalid/connect/token")
        #expect(requests[2].header("Authorization") == "Bearer second")
    }
}

@Suite struct PagedReadTests {
    /// A full page of `size` invoices with ids `first..<first+size`, all updated in the same second.
    static func page(_ first: Int, size: Int) -> HTTPResult {
        let invoices = (first..<first + size).map { index in
            #"{"InvoiceID":"id-\#(index)","Type":"ACCREC","Status":"AUTHORISED","CurrencyCode":"NZD","UpdatedDateUTC":"/Date(1795165200000+0000)/"}"#
        }
        let body = #"{"Invoices":[\#(invoices.joined(separator: ","))]}"#
        return HTTPResult(status: 200, body: Array(body.utf8))
    }

    @Test func recordsSharingASecondAreReadByPageNumber() async throws {
        // Everything shares one second: after the first page the window moves to that second less
        // one, and from there it cannot move, so page 2 of it is asked for.
        let transport = ScriptedTransport([
            .respond(Self.page(0, size: 2)), .respond(Self.page(2, size: 2)), .respond(Self.page(4, size: 1)),
        ])
        let read = try await scriptedClient(transport).readChanged(.invoices, since: nil, pageSize: 2)
        #expect(read.records == 5)
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(requests[0].header("If-Modified-Since") == nil)
        #expect(
            requests[1].header("If-Modified-Since") == "2026-11-20T08:59:59Z" && requests[1].url.contains("page=1&"))
        #expect(
            requests[2].header("If-Modified-Since") == "2026-11-20T08:59:59Z" && requests[2].url.contains("page=2&"))
    }

    @Test func aServerThatIgnoresPagingStopsTheRead() async throws {
        let transport = ScriptedTransport(fallback: { _ in Self.page(0, size: 2) })
        await #expect(throws: XeroError.self) {
            _ = try await scriptedClient(transport).readChanged(.invoices, since: nil, pageSize: 2)
        }
        // The first page, the moved window's first page, then its second: the same records again.
        #expect(transport.requests.count == 3)
    }
}
