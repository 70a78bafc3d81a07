import Foundation

/// The sandbox's OAuth 2.0 grants: authorisation codes waiting to be exchanged, access tokens and
/// refresh tokens. Tokens are random opaque strings, as Xero's look to a client.
struct XeroAuthState {
    struct AuthorizationCode {
        var clientID: String
        var redirectURI: String
        var scope: String
        var challenge: String
        var expires: Date
    }

    struct AccessGrant {
        var scopes: Set<String>
        var expires: Date
        var revoked = false
    }

    struct RefreshGrant {
        var clientID: String
        var scope: String
        /// Set once the token has been exchanged (it rotates) or revoked.
        var spent = false
    }

    /// How long an authorisation code may wait to be exchanged.
    static let codeLifetime: TimeInterval = 300

    private var codes: [String: AuthorizationCode] = [:]
    private var accessTokens: [String: AccessGrant] = [:]
    private var refreshTokens: [String: RefreshGrant] = [:]

    /// What a bearer token is worth on an API call.
    enum Access: Equatable {
        case granted(scopes: Set<String>)
        case missing
        case unknown
        case expired(at: Date)
        case revoked
    }

    mutating func issueCode(_ code: AuthorizationCode) -> String {
        let value = RandomToken.make(bytes: 24)
        codes[value] = code
        return value
    }

    /// Takes a code out (codes are single-use: a second exchange finds nothing).
    mutating func redeemCode(_ value: String) -> AuthorizationCode? {
        codes.removeValue(forKey: value)
    }

    /// Issues an access token, and a refresh token when the scope asks for `offline_access`.
    mutating func issueTokens(
        clientID: String, scope: String, lifetime: Duration, refreshable: Bool, now: Date
    )
        -> (access: String, refresh: String?)
    {
        let scopes = Set(scope.split(separator: " ").map(String.init))
        let access = RandomToken.make()
        accessTokens[access] = AccessGrant(scopes: scopes, expires: now.addingTimeInterval(lifetime.timeInterval))
        guard refreshable, scopes.contains("offline_access") else { return (access, nil) }
        let refresh = RandomToken.make()
        refreshTokens[refresh] = RefreshGrant(clientID: clientID, scope: scope)
        return (access, refresh)
    }

    /// Spends a refresh token: it works once, for the client it was issued to.
    mutating func spendRefreshToken(_ value: String, clientID: String) -> RefreshGrant? {
        guard let grant = refreshTokens[value], !grant.spent, grant.clientID == clientID else { return nil }
        refreshTokens[value]?.spent = true
        return grant
    }

    func access(_ bearer: String?, now: Date) -> Access {
        guard let bearer, !bearer.isEmpty else { return .missing }
        guard let grant = accessTokens[bearer] else { return .unknown }
        if grant.revoked { return .revoked }
        if grant.expires <= now { return .expired(at: grant.expires) }
        return .granted(scopes: grant.scopes)
    }

    /// The user disconnected the app: every refresh token is refused and every access token too.
    mutating func revokeAll() {
        for key in refreshTokens.keys { refreshTokens[key]?.spent = true }
        for key in accessTokens.keys { accessTokens[key]?.revoked = true }
        codes.removeAll()
    }

    /// Every access token issued so far expires now (refresh tokens still work).
    mutating func expireAccessTokens(now: Date) {
        for (key, grant) in accessTokens where grant.expires > now {
            accessTokens[key]?.expires = now
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
