import Foundation
public import Logging
public import TrueUpCore
public import TrueUpStore
public import XeroKit

/// A pair's live Xero client, built from its stored connection.
public struct XeroSession: Sendable {
    public let connection: StoredXeroConnection
    public let client: XeroClient

    /// Opens the pair's connection, or says how to make one.
    ///
    /// - Parameters:
    ///   - transport: how requests travel; one ``AsyncHTTPTransport`` per process is enough.
    ///   - limits: the tenant's limits; `TRUEUP_XERO_LIMITS`-style overrides are the caller's business.
    public static func open(
        pair: String, store: StateStore, transport: any HTTPTransport, limits: XeroLimits = .standard,
        retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(60), logger: Logger
    ) async throws(TrueUpError) -> XeroSession {
        guard let connection = try await store.connection(pair: pair) else {
            throw .notFound(
                "pair \(pair) has no Xero connection; run 'trueup connect xero --pair \(pair) --client-id ID' first")
        }
        guard let grant = XeroGrant(rawValue: connection.grantType) else {
            throw .state("pair \(pair)'s Xero connection has an unknown grant \(connection.grantType); connect again")
        }
        let endpoints = XeroEndpoints.resolve(base: connection.endpointBase)
        let tokens = XeroTokenProvider(
            grant: grant,
            client: XeroClientCredentials(clientID: connection.clientID, clientSecret: connection.clientSecret),
            endpoint: TokenEndpoint(url: endpoints.token, transport: transport),
            store: StoredTokenStore(pair: pair, store: store))
        let client = XeroClient(
            endpoints: endpoints, tenantID: connection.tenantID, transport: transport, tokens: tokens,
            pacer: XeroPacer(limits: limits), retry: retry, timeout: timeout, logger: logger)
        return XeroSession(connection: connection, client: client)
    }
}
