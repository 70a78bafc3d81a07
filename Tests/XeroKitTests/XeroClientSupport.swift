import Foundation
import Logging
import TrueUpTestSupport
import XeroKit

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
