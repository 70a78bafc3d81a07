import Foundation
import Logging
import Synchronization
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpTestSupport
import XeroKit

/// XeroKit against the sandbox over real HTTP.
@Suite struct SandboxEndToEndTests {
    static let demo = "\(RepositoryPaths.scenarios)/demo"

    @Test func clientCredentialsReadItemsAndOrganisation() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let client = live.client()
        let organisation = try XeroOrganisationDecoder.decode(
            try await client.readWhole("/Organisation"), source: "GET /Organisation")
        let items = try XeroItemsDecoder.decode(
            try await client.readWhole("/Items", query: [("unitdp", "4")]), source: "GET /Items",
            baseCurrency: organisation.baseCurrency)
        #expect(organisation.baseCurrency.code == "NZD")
        #expect(items.problems.isEmpty)
        #expect(items.records.contains { $0.code == "MUG-KAURI-350" && $0.quantityOnHand == Quantity(units: 22) })
        #expect(live.sandbox.calls().allSatisfy { $0.status != 429 })
    }

    @Test func aFullReadThenAnIncrementalReadAcrossPages() async throws {
        let folder = try TemporaryFolder()
        try LargeOrganisation(items: 5, invoices: 250).write(to: URL(fileURLWithPath: folder.path))
        let live = try await LiveSandbox.start(scenario: folder.path)
        defer { Task { await live.stop() } }
        let client = live.client()

        let full = try await client.readChanged(.invoices, since: nil, pageSize: 100)
        let invoices = try XeroInvoicesDecoder.decode(full.body, source: "full read")
        #expect(invoices.records.count == 250)
        #expect(invoices.problems.isEmpty)
        #expect(Set(invoices.records.map(\.id)).count == 250)
        #expect(full.pages >= 3)
        let cursor = try #require(full.cursor)
        #expect(cursor == LargeOrganisation(items: 5, invoices: 250).firstUpdate.addingTimeInterval(249))

        // Nothing changed: the incremental read asks from the cursor (less the overlap) and gets
        // only the records inside the overlap.
        let quiet = try await client.readChanged(.invoices, since: cursor, overlap: .seconds(0), pageSize: 100)
        #expect(quiet.records <= 1)
        #expect(quiet.pages == 1)

        // Three invoices are voided in Xero: they come back, once each, and the cursor moves to them.
        let targets = Array(invoices.records.prefix(3))
        for invoice in targets {
            let body = JSONWriter.bytes(
                .object(
                    JSONObject([
                        "Invoices": .array([
                            .object(JSONObject(["InvoiceID": .string(invoice.id), "Status": .string("VOIDED")]))
                        ])
                    ])))
            _ = try await client.send(
                "POST", "/Invoices/\(invoice.id)", body: body, idempotencyKey: "void-\(invoice.id)")
        }
        let changed = try await client.readChanged(.invoices, since: cursor, overlap: .seconds(0), pageSize: 100)
        let changedInvoices = try XeroInvoicesDecoder.decode(changed.body, source: "incremental read").records
        let voided = changedInvoices.filter { $0.status == .voided }
        #expect(Set(voided.map(\.id)) == Set(targets.map(\.id)))
        #expect(changedInvoices.count <= 4)
        #expect(try #require(changed.cursor) > cursor)
        let calls = live.sandbox.calls().filter { $0.path.hasSuffix("/Invoices") && $0.method == "GET" }
        #expect(calls.last.map { $0.query.contains("order=UpdatedDateUTC") } == true)
    }

    @Test func aQuietWindowIsReadByPageNumberAndAnEditDuringTheReadLosesNothing() async throws {
        let folder = try TemporaryFolder()
        try LargeOrganisation(items: 5, invoices: 250).write(to: URL(fileURLWithPath: folder.path))
        let live = try await LiveSandbox.start(scenario: folder.path)
        defer { Task { await live.stop() } }
        func invoiceReads() -> [SandboxCall] {
            live.sandbox.calls().filter { $0.path.hasSuffix("/Invoices") && $0.method == "GET" }
        }

        // Nothing changes during the read: three pages of 100 by number, one window, the fewest calls.
        let quiet = try await live.client().readChanged(.invoices, since: nil, pageSize: 100)
        #expect(quiet.records == 250)
        #expect(quiet.pages == 3)
        #expect(invoiceReads().map { $0.query.contains("page=3") } == [false, false, true])

        // An invoice already read is voided before page 2 is asked for: it moves to the end of the
        // order and the first invoice of page 2 slides onto page 1. The read notices the count is
        // short and reads the window again.
        let editor = live.client()
        let voided = try XeroInvoicesDecoder.decode(quiet.body, source: "quiet read").records[10].id
        let transport = BeforeRequest(live.transport, path: "/Invoices", at: 2) {
            let body = JSONWriter.bytes(
                .object(
                    JSONObject([
                        "Invoices": .array([
                            .object(JSONObject(["InvoiceID": .string(voided), "Status": .string("VOIDED")]))
                        ])
                    ])))
            _ = try? await editor.send("POST", "/Invoices/\(voided)", body: body, idempotencyKey: "void-\(voided)")
        }
        let before = invoiceReads().count
        let edited = try await live.client(transport: transport).readChanged(.invoices, since: nil, pageSize: 100)
        let invoices = try XeroInvoicesDecoder.decode(edited.body, source: "edited read").records
        #expect(Set(invoices.map(\.id)).count == 250)
        #expect(invoices.first { $0.id == voided }?.status == .voided)
        #expect(invoiceReads().count - before > 3)
    }

    @Test func aLostAnswerIsSentAgainWithTheSameKeyAndNothingIsMadeTwice() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let client = live.client(timeout: .seconds(2))
        let before = live.sandbox.invoices().count
        live.sandbox.inject(.lostResponse(.seconds(5)), method: "PUT", pathPrefix: "/api.xro/2.0/Invoices")
        let documents = AdjustmentDocuments(
            settings: AdjustmentSettings(), currency: try Currency(code: "NZD"), date: try LocalDate(iso: "2026-11-20"))
        let element = documents.document(
            for: StockAdjustment(id: "lost-answer-1", itemCode: "MUG-KAURI-350", change: Quantity(units: 2)), item: nil)
        let outcomes = try await client.writeBatch("PUT", .invoices, [element])
        guard case .saved? = outcomes.first else {
            Issue.record("expected the document to be saved, got \(outcomes)")
            return
        }
        #expect(live.sandbox.invoices().count == before + 1)
        // Sent at least twice (more if a replay is slow on a loaded machine), always with the same key.
        let puts = live.sandbox.calls().filter { $0.method == "PUT" }
        #expect(puts.count >= 2)
        #expect(puts.allSatisfy { $0.idempotencyKey == "lost-answer-1" })
        #expect(live.quantityOnHand("MUG-KAURI-350") == Quantity(units: 24))
    }

    @Test func pacingKeepsUnderTheMinuteLimitWithNo429s() async throws {
        let window = Duration.seconds(2)
        let live = try await LiveSandbox.start(scenario: Self.demo) { configuration in
            configuration.limits = XeroRateLimits(perMinute: 10, perDay: 5000, concurrent: 5, window: window)
        }
        defer { Task { await live.stop() } }
        let client = live.client(limits: XeroLimits(concurrent: 5, perMinute: 10, window: window))
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<25 {
                group.addTask { _ = try await client.readWhole("/Accounts") }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - started
        let calls = live.sandbox.calls().filter { $0.path.hasPrefix("/api.xro/2.0") }
        #expect(calls.count == 25)
        #expect(
            calls.allSatisfy { $0.status == 200 }, "\(calls.map { "\($0.status) \($0.date.timeIntervalSince1970)" })")
        // 25 calls at 10 a window need at least two full windows.
        #expect(elapsed >= window * 2)
    }

    @Test func faultsAreRetriedAndAMalformedBodyIsReported() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let client = live.client(
            retry: RetryPolicy(attempts: 6, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200)),
            timeout: .seconds(2))
        live.sandbox.inject(.serviceUnavailable, times: 2, pathPrefix: "/api.xro/2.0/Items")
        live.sandbox.inject(.hang(.seconds(4)), pathPrefix: "/api.xro/2.0/Items")
        _ = try await client.readWhole("/Items")
        // Two 503s, a hang cut by the timeout, then the answer.
        #expect(live.sandbox.calls().filter { $0.path == "/api.xro/2.0/Items" }.count >= 4)

        live.sandbox.inject(.malformedBody, pathPrefix: "/api.xro/2.0/Invoices")
        await #expect(throws: XeroError.self) {
            _ = try await client.readChanged(.invoices, since: nil)
        }
        live.sandbox.inject(.minuteLimit(retryAfter: 1), pathPrefix: "/api.xro/2.0/Accounts")
        _ = try await client.readWhole("/Accounts")
        live.sandbox.inject(.dayLimit(retryAfter: 3600), pathPrefix: "/api.xro/2.0/Accounts")
        await #expect(throws: XeroError.dayLimitReached(retryAfter: 3600)) {
            _ = try await client.readWhole("/Accounts")
        }
    }

    @Test func refreshesRotateAndConcurrentCallersShareOne() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let pkce = PKCE()
        let redirect = "http://localhost:1/callback"
        let client = XeroClientCredentials(clientID: live.configuration.clientID, clientSecret: nil)
        let authorize = pkce.authorizeURL(
            endpoints: live.endpoints, clientID: client.clientID, redirectURI: redirect, scopes: PKCE.defaultScopes)
        let consent = try await live.transport.send(
            HTTPRequestSpec(method: "GET", url: authorize, timeout: .seconds(5)))
        #expect(consent.status == 302)
        let location = try #require(consent.header("Location").flatMap { URLComponents(string: $0) })
        #expect(location.queryItems?.first { $0.name == "state" }?.value == pkce.state)
        let code = try #require(location.queryItems?.first { $0.name == "code" }?.value)
        let endpoint = TokenEndpoint(url: live.endpoints.token, transport: live.transport)

        // The wrong verifier is refused; the right one works once.
        await #expect(throws: XeroError.self) {
            _ = try await endpoint.exchange(
                code: code, verifier: PKCE().verifier, redirectURI: redirect, client: client, now: Date())
        }
        let consent2 = try await live.transport.send(
            HTTPRequestSpec(method: "GET", url: authorize, timeout: .seconds(5)))
        let code2 = try #require(
            consent2.header("Location").flatMap { URLComponents(string: $0) }?.queryItems?.first { $0.name == "code" }?
                .value)
        let first = try await endpoint.exchange(
            code: code2, verifier: pkce.verifier, redirectURI: redirect, client: client, now: Date())
        #expect(first.refreshToken != nil)

        // Tokens expire; twenty callers at once share one refresh, and the rotated token is saved.
        let store = MemoryTokenStore(first)
        let tokens = XeroTokenProvider(grant: .authorizationCode, client: client, endpoint: endpoint, store: store)
        let xero = XeroClient(
            endpoints: live.endpoints, tenantID: live.configuration.tenantID, transport: live.transport, tokens: tokens,
            pacer: XeroPacer(limits: .standard), logger: Logger(label: "test"))
        live.sandbox.expireAccessTokens()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await xero.readWhole("/Organisation") } }
                try await group.waitForAll()
            }
        } catch {
            Issue.record("\(error): \(live.sandbox.calls().map { "\($0.method) \($0.path) \($0.status)" })")
        }
        let saved = try #require(await store.load())
        #expect(saved.refreshToken != first.refreshToken)
        #expect(await tokens.refreshes == 1)
        // The old refresh token no longer works: reuse is invalid_grant.
        await #expect(throws: XeroError.self) {
            _ = try await endpoint.refresh(first.refreshToken!, client: client, now: Date())
        }
    }

}

/// Passes requests on, running `action` once before the `at`-th one (counting from 1) whose URL
/// contains `path`.
private final class BeforeRequest: HTTPTransport {
    private let next: any HTTPTransport
    private let path: String
    private let at: Int
    private let action: @Sendable () async -> Void
    private let count = Mutex(0)

    init(_ next: any HTTPTransport, path: String, at: Int, action: @escaping @Sendable () async -> Void) {
        self.next = next
        self.path = path
        self.at = at
        self.action = action
    }

    func send(_ request: HTTPRequestSpec) async throws(TransportError) -> HTTPResult {
        guard request.url.contains(path) else { return try await next.send(request) }
        let number = count.withLock { count in
            count += 1
            return count
        }
        if number == at { await action() }
        return try await next.send(request)
    }
}
