import Foundation
import Synchronization
import Testing
import TrueUpTestSupport
import XeroKit

/// A token store that records every save, in order.
actor RecordingTokenStore: XeroTokenStore {
    private var tokens: XeroTokens?
    private(set) var saved: [XeroTokens] = []

    init(_ tokens: XeroTokens?) {
        self.tokens = tokens
    }

    func load() -> XeroTokens? { tokens }

    func save(_ tokens: XeroTokens) {
        self.tokens = tokens
        saved.append(tokens)
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}

@Suite struct TokenProviderTests {
    /// A token endpoint that rotates: each refresh token works once.
    static func rotatingEndpoint() -> ScriptedTransport {
        let counter = Counter()
        return ScriptedTransport(fallback: { request in
            let body = String(decoding: request.body ?? [], as: UTF8.self)
            let n = counter.next()
            guard body.contains("refresh_token=refresh-\(n - 1)") else {
                return HTTPResult(status: 400, body: Array(#"{"error":"invalid_grant"}"#.utf8))
            }
            let answer = #"{"access_token":"access-\#(n)","refresh_token":"refresh-\#(n)","expires_in":1800}"#
            return HTTPResult(status: 200, body: Array(answer.utf8))
        })
    }

    @Test func concurrentCallersShareOneRefreshAndTheNewTokenIsSavedFirst() async throws {
        let transport = Self.rotatingEndpoint()
        let store = RecordingTokenStore(
            XeroTokens(accessToken: "stale", refreshToken: "refresh-0", expiresAt: .distantPast, scope: nil))
        let provider = XeroTokenProvider(
            grant: .authorizationCode, client: XeroClientCredentials(clientID: "app", clientSecret: nil),
            endpoint: TokenEndpoint(url: "http://id.invalid/connect/token", transport: transport), store: store)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await provider.accessToken() } }
            var all: [String] = []
            for try await token in group { all.append(token) }
            return all
        }
        #expect(Set(tokens) == ["access-1"])
        #expect(transport.requests.count == 1)
        let saved = await store.saved
        #expect(saved.map(\.refreshToken) == ["refresh-1"])
        // A public (PKCE) client sends its id in the body, and no secret.
        let body = String(decoding: transport.requests[0].body ?? [], as: UTF8.self)
        #expect(body.contains("client_id=app"))
        #expect(transport.requests[0].header("Authorization") == nil)
    }

    @Test func aRevokedGrantSaysToConnectAgain() async throws {
        let transport = ScriptedTransport(fallback: { _ in
            HTTPResult(status: 400, body: Array(#"{"error":"invalid_grant"}"#.utf8))
        })
        let provider = XeroTokenProvider(
            grant: .authorizationCode, client: XeroClientCredentials(clientID: "app", clientSecret: nil),
            endpoint: TokenEndpoint(url: "http://id.invalid/connect/token", transport: transport),
            store: MemoryTokenStore(
                XeroTokens(accessToken: "stale", refreshToken: "used", expiresAt: .distantPast, scope: nil)))
        do {
            _ = try await provider.accessToken()
            Issue.record("expected an error")
        } catch {
            guard case .notAuthorised(let message) = error else {
                Issue.record("expected notAuthorised, got \(error)")
                return
            }
            #expect(message.contains("trueup connect xero"))
        }
    }

    @Test func tokensNeverPrint() {
        let tokens = XeroTokens(
            accessToken: "sekrit-access", refreshToken: "sekrit-refresh", expiresAt: .distantFuture, scope: nil)
        let credentials = XeroClientCredentials(clientID: "app", clientSecret: "sekrit-secret")
        for text in ["\(tokens)", String(describing: tokens), "\(credentials)", String(reflecting: credentials)] {
            #expect(!text.contains("sekrit"))
        }
    }

    @Test func pkceMatchesTheRFCExample() {
        // RFC 7636, appendix B.
        #expect(
            PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let pkce = PKCE()
        #expect(pkce.verifier.count == 64)
        let url = pkce.authorizeURL(
            endpoints: .xero, clientID: "app", redirectURI: "http://localhost:8719/callback",
            scopes: ["openid", "offline_access"])
        #expect(url.hasPrefix("https://login.xero.com/identity/connect/authorize?response_type=code&client_id=app"))
        #expect(url.contains("code_challenge_method=S256"))
        #expect(url.contains("scope=openid%20offline_access"))
    }
}
