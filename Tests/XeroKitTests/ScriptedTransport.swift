import Foundation
import Logging
import Synchronization
import XeroKit

/// A transport that answers from a script, in order, and keeps every request it was sent.
final class ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(HTTPResult)
        case fail(TransportError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequestSpec])>
    /// Answer for requests beyond the script.
    private let fallback: @Sendable (HTTPRequestSpec) -> HTTPResult

    init(
        _ steps: [Step] = [],
        fallback: @escaping @Sendable (HTTPRequestSpec) -> HTTPResult = { _ in HTTPResult(status: 500) }
    ) {
        state = Mutex((steps, []))
        self.fallback = fallback
    }

    var requests: [HTTPRequestSpec] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequestSpec) async throws(TransportError) -> HTTPResult {
        let step: Step? = state.withLock { state in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let result)?: return result
        case .fail(let error)?: throw error
        case nil: return fallback(request)
        }
    }
}

extension HTTPRequestSpec {
    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// A client for tenant `t1` with a token that does not expire during the test.
func scriptedClient(
    _ transport: ScriptedTransport, limits: XeroLimits = .standard,
    retry: RetryPolicy = RetryPolicy(attempts: 3, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(5))
) -> XeroClient {
    let tokens = XeroTokenProvider(
        grant: .clientCredentials, client: XeroClientCredentials(clientID: "id", clientSecret: "secret"),
        endpoint: TokenEndpoint(url: "http://token.invalid/connect/token", transport: transport),
        store: MemoryTokenStore(
            XeroTokens(
                accessToken: "live-token", refreshToken: nil, expiresAt: Date().addingTimeInterval(3600), scope: nil)))
    return XeroClient(
        endpoints: .at("http://xero.invalid"), tenantID: "t1", transport: transport, tokens: tokens,
        pacer: XeroPacer(limits: limits), retry: retry, timeout: .seconds(5), logger: Logger(label: "test"))
}

let okBody = Array(#"{"Id":"x","Status":"OK","Items":[]}"#.utf8)
