public import Foundation

/// An access token and, for the authorisation-code grant, the refresh token that replaces it.
/// Printing one shows no secret.
public struct XeroTokens: Sendable, Hashable, Codable, CustomStringConvertible {
    public var accessToken: String
    /// Rotates on every refresh: the one stored is the only one that works.
    public var refreshToken: String?
    public var expiresAt: Date
    public var scope: String?

    public init(accessToken: String, refreshToken: String?, expiresAt: Date, scope: String?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
    }

    /// Whether the access token still has `leeway` of life at `now`.
    public func isFresh(at now: Date, leeway: TimeInterval = 60) -> Bool {
        expiresAt.timeIntervalSince(now) > leeway
    }

    public var description: String {
        "XeroTokens(access: [redacted], refresh: \(refreshToken == nil ? "none" : "[redacted]"), expires: \(expiresAt))"
    }
}

/// How the app is granted access.
public enum XeroGrant: String, Sendable, Hashable, Codable {
    /// A person authorised the app in a browser (PKCE); refresh tokens rotate.
    case authorizationCode = "authorization_code"
    /// A Custom Connection: the client id and secret fetch a new token whenever one is needed.
    case clientCredentials = "client_credentials"
}

/// The app's identity with Xero. The secret is never printed.
public struct XeroClientCredentials: Sendable, Hashable, Codable, CustomStringConvertible {
    public var clientID: String
    /// Required for Custom Connections; a PKCE app may have none.
    public var clientSecret: String?

    public init(clientID: String, clientSecret: String?) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public var description: String {
        "XeroClientCredentials(clientID: \(clientID), secret: \(clientSecret == nil ? "none" : "[redacted]"))"
    }
}

/// Where a connection's tokens are kept between runs (a 0600 file or the state database).
/// ``save(_:)`` must be durable when it returns: a rotated refresh token that is lost cannot be
/// recovered.
public protocol XeroTokenStore: Sendable {
    func load() async throws -> XeroTokens?
    func save(_ tokens: XeroTokens) async throws
}

/// Tokens held in memory only: for Custom Connections in tests and one-off commands.
public actor MemoryTokenStore: XeroTokenStore {
    private var tokens: XeroTokens?

    public init(_ tokens: XeroTokens? = nil) {
        self.tokens = tokens
    }

    public func load() -> XeroTokens? { tokens }

    public func save(_ tokens: XeroTokens) {
        self.tokens = tokens
    }
}
