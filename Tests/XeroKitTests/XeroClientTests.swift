import Foundation
import Synchronization
import Testing
import TrueUpCore
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

    @Test("a minute 429 asking to wait a day ends the call at once, saying so", .timeLimit(.minutes(1)))
    func aRetryAfterOfADayIsNotWaitedOut() async throws {
        let limited = HTTPResult(status: 429, headers: [("Retry-After", "86400"), ("X-Rate-Limit-Problem", "minute")])
        let transport = ScriptedTransport([.respond(limited)])
        let client = scriptedClient(transport)
        await #expect {
            _ = try await client.send("GET", "/Items")
        } throws: { error in
            guard case .unavailable(let message) = error as? XeroError else { return false }
            return message.contains("asked to wait 24 h 0 min, longer than a run waits (5 min)")
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
        page(ids: Array(first..<first + size))
    }

    /// A page holding the invoices `ids`, all updated in the same second; with `paging`, Xero's
    /// `pagination` block saying which page of how many records it is.
    static func page(ids: [Int], paging: (page: Int, pageSize: Int, itemCount: Int)? = nil) -> HTTPResult {
        let invoices = ids.map { index in
            #"{"InvoiceID":"id-\#(index)","Type":"ACCREC","Status":"AUTHORISED","CurrencyCode":"NZD","UpdatedDateUTC":"/Date(1795165200000+0000)/"}"#
        }
        let pagination = paging.map { paging in
            let pageCount = (paging.itemCount + paging.pageSize - 1) / paging.pageSize
            return #""pagination":{"page":\#(paging.page),"pageSize":\#(paging.pageSize),"#
                + #""pageCount":\#(pageCount),"itemCount":\#(paging.itemCount)},"#
        }
        let body = #"{\#(pagination ?? "")"Invoices":[\#(invoices.joined(separator: ","))]}"#
        return HTTPResult(status: 200, body: Array(body.utf8))
    }

    @Test func countedPagesAreReadByNumberInsideOneWindow() async throws {
        let transport = ScriptedTransport([
            .respond(Self.page(ids: [0, 1], paging: (1, 2, 5))), .respond(Self.page(ids: [2, 3], paging: (2, 2, 5))),
            .respond(Self.page(ids: [4], paging: (3, 2, 5))),
        ])
        let since = Date(timeIntervalSince1970: 1_795_165_500)
        let read = try await scriptedClient(transport).readChanged(
            .invoices, since: since, overlap: .seconds(300), pageSize: 2)
        #expect(read.records == 5)
        #expect(read.pages == 3)
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.header("If-Modified-Since") == "2026-11-20T09:00:00Z" })
        #expect(requests.map { $0.url.contains("page=1&") } == [true, false, false])
        #expect(requests[1].url.contains("page=2&") && requests[2].url.contains("page=3&"))
    }

    @Test func aRecordShiftedPastAPageIsFoundByReadingTheWindowAgain() async throws {
        // Invoice 0 is edited after page 1: it moves to the end, invoice 2 slides onto page 1,
        // already read, and page 2 starts at invoice 3. Four distinct records of five: the window
        // is read again by UpdatedDateUTC, which finds invoice 2.
        let transport = ScriptedTransport([
            .respond(Self.page(ids: [0, 1], paging: (1, 2, 5))), .respond(Self.page(ids: [3, 4], paging: (2, 2, 5))),
            .respond(Self.page(ids: [0], paging: (3, 2, 5))),
            .respond(Self.page(ids: [1, 2], paging: (1, 2, 5))), .respond(Self.page(ids: [3, 4], paging: (2, 2, 5))),
            .respond(Self.page(ids: [0], paging: (3, 2, 5))),
        ])
        let read = try await scriptedClient(transport).readChanged(.invoices, since: nil, pageSize: 2)
        let ids = try XeroInvoicesDecoder.decode(read.body, source: "read").records.map(\.id)
        #expect(ids.sorted() == ["id-0", "id-1", "id-2", "id-3", "id-4"])
        #expect(read.pages == 6)
        #expect(transport.remaining == 0)
        // The second read starts over from the same window, by page number within the second the
        // records share (the window cannot move past it).
        let requests = transport.requests
        #expect(requests[3].header("If-Modified-Since") == nil && requests[3].url.contains("page=1&"))
    }

    @Test func recordsSharingASecondAreReadByPageNumber() async throws {
        // No pagination block, so nothing to count by: the read moves its window. Everything
        // shares one second: after the first page the window moves to that second less
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

    @Test func aCountingServerThatIgnoresPagingStopsTheRead() async throws {
        let transport = ScriptedTransport(fallback: { _ in Self.page(ids: [0, 1], paging: (1, 2, 5)) })
        await #expect(throws: XeroError.self) {
            _ = try await scriptedClient(transport).readChanged(.invoices, since: nil, pageSize: 2)
        }
        #expect(transport.requests.count == 2)
    }

    @Test func readingAgainPastSharedSecondsDoesNotTakeItsOwnPagesForARepeatingServer() async throws {
        // Seven invoices share one second; invoice 0 is edited (a second later) after the first
        // page. The count comes up short, and the window is read again by UpdatedDateUTC: that
        // pass pages through the shared second by number, over records the first pass had read.
        let server = Mutex((requests: 0, edited: false))
        let transport = ScriptedTransport(fallback: { request in
            let edited = server.withLock { state -> Bool in
                state.requests += 1
                if state.requests == 2 { state.edited = true }
                return state.edited
            }
            var records = (0..<7).map { (id: $0, second: 1_795_165_200) }
            if edited { records = Array(records.dropFirst()) + [(id: 0, second: 1_795_165_201)] }
            if let since = request.header("If-Modified-Since").flatMap(ISOTimestamp.parse) {
                records = records.filter { Double($0.second) >= since.timeIntervalSince1970 }
            }
            let page =
                URLComponents(string: request.url)?.queryItems?.first { $0.name == "page" }?.value
                .flatMap(Int.init) ?? 1
            let slice = records.dropFirst((page - 1) * 2).prefix(2)
            let invoices = slice.map { record in
                #"{"InvoiceID":"id-\#(record.id)","Type":"ACCREC","Status":"AUTHORISED","CurrencyCode":"NZD","#
                    + #""UpdatedDateUTC":"/Date(\#(record.second)000+0000)/"}"#
            }
            let pageCount = (records.count + 1) / 2
            let body =
                #"{"pagination":{"page":\#(page),"pageSize":2,"pageCount":\#(pageCount),"itemCount":\#(records.count)},"#
                + #""Invoices":[\#(invoices.joined(separator: ","))]}"#
            return HTTPResult(status: 200, body: Array(body.utf8))
        })
        let read = try await scriptedClient(transport).readChanged(.invoices, since: nil, pageSize: 2)
        let ids = try XeroInvoicesDecoder.decode(read.body, source: "read").records.map(\.id)
        #expect(Set(ids) == Set((0..<7).map { "id-\($0)" }))
        #expect(ids.count == 7)
    }
}
