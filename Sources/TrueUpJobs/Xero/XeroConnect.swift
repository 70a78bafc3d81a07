public import Foundation
public import Logging
public import TrueUpCore
public import TrueUpStore
public import XeroKit

/// Connects a pair to a Xero organisation and stores the connection (DESIGN §6: authorisation
/// code with PKCE, or a Custom Connection's client credentials).
public struct XeroConnect: Sendable {
    public var pair: String
    public var endpoints: XeroEndpoints
    /// The base URL given for a sandbox; stored so later runs reach the same place.
    public var endpointBase: String?
    public var client: XeroClientCredentials
    public var tenant: String?
    let store: StateStore
    let transport: any HTTPTransport
    let logger: Logger

    public init(
        pair: String, endpointBase: String?, client: XeroClientCredentials, tenant: String?, store: StateStore,
        transport: any HTTPTransport, logger: Logger
    ) {
        self.pair = pair
        self.endpointBase = endpointBase
        self.endpoints = XeroEndpoints.resolve(base: endpointBase)
        self.client = client
        self.tenant = tenant
        self.store = store
        self.transport = transport
        self.logger = logger
    }

    /// A Custom Connection: fetch a token with the client id and secret, find its organisation, store.
    public func connectCustom(now: Date = Date()) async throws(TrueUpError) -> StoredXeroConnection {
        let endpoint = TokenEndpoint(url: endpoints.token, transport: transport)
        let tokens: XeroTokens
        do {
            tokens = try await endpoint.clientCredentials(client, now: now)
        } catch {
            throw error.trueUpError
        }
        return try await finish(grant: .clientCredentials, tokens: tokens, now: now)
    }

    /// The authorisation code flow: `present` is given the URL to open (print it); the code comes
    /// back to `redirect`, is exchanged with the PKCE verifier, and the connection is stored.
    public func connectInteractively(
        redirect: LoopbackRedirect, scopes: [String] = PKCE.defaultScopes, timeout: Duration = .seconds(300),
        pkce: PKCE = PKCE(), present: @escaping @Sendable (String) async -> Void
    ) async throws(TrueUpError) -> StoredXeroConnection {
        let (code, redirectURI) = try await redirect.awaitCode(state: pkce.state, timeout: timeout) {
            [endpoints, client] redirectURI in
            await present(
                pkce.authorizeURL(
                    endpoints: endpoints, clientID: client.clientID, redirectURI: redirectURI, scopes: scopes))
        }
        let endpoint = TokenEndpoint(url: endpoints.token, transport: transport)
        let now = Date()
        let tokens: XeroTokens
        do {
            tokens = try await endpoint.exchange(
                code: code, verifier: pkce.verifier, redirectURI: redirectURI, client: client, now: now)
        } catch {
            throw error.trueUpError
        }
        return try await finish(grant: .authorizationCode, tokens: tokens, now: now)
    }

    private func finish(
        grant: XeroGrant, tokens: XeroTokens, now: Date
    ) async throws(TrueUpError)
        -> StoredXeroConnection
    {
        let tenants: [XeroTenant]
        do {
            tenants = try await XeroTenant.list(
                accessToken: tokens.accessToken, endpoints: endpoints, transport: transport)
        } catch {
            throw error.trueUpError
        }
        let chosen = try XeroTenant.choose(tenant, from: tenants)
        let connection = StoredXeroConnection(
            pair: pair, grantType: grant.rawValue, clientID: client.clientID, clientSecret: client.clientSecret,
            tenantID: chosen.id, tenantName: chosen.name, endpointBase: endpointBase, accessToken: tokens.accessToken,
            refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, scope: tokens.scope, connectedAt: now)
        try await store.saveConnection(connection, at: now)
        logger.info("connected to Xero", metadata: ["pair": "\(pair)", "tenant": "\(chosen.name)"])
        return connection
    }
}
