import Crypto
import Foundation
import TrueUpCore

/// Xero's identity endpoints, served on the sandbox's own port:
///
/// - `GET /identity/connect/authorize` stands in for a user who logs in and consents: it answers
///   302 to `redirect_uri?code=…&state=…`. PKCE is required (`code_challenge` with
///   `code_challenge_method=S256`); an unknown `client_id` or a missing parameter gets a 400 page
///   saying what is wrong, as a browser would show.
/// - `POST /connect/token` (form-encoded; client by `Authorization: Basic` or `client_id`
///   [+ `client_secret`] in the body) grants `authorization_code` (single use, five minutes,
///   `redirect_uri` must match, `code_verifier` must hash to the challenge), `refresh_token`
///   (rotates: each refresh token works once, a reused one gets `invalid_grant`) and
///   `client_credentials` (needs the secret; no refresh token). A refresh token is issued only
///   with the `offline_access` scope.
/// - `GET /connections` lists the one organisation a valid token reaches.
extension XeroSandbox {
    func authorize(_ request: SandboxRequest) -> SandboxResponse {
        let configuration = configuration
        func value(_ name: String) -> String? {
            request.queryItems.first { $0.name == name }?.value
        }
        guard let clientID = value("client_id"), !clientID.isEmpty else {
            return .text(400, "Error: invalid_request. The client_id parameter is missing.")
        }
        guard clientID == configuration.clientID else {
            return .text(400, "Error: unauthorized_client. Unknown client_id \"\(clientID)\".")
        }
        guard value("response_type") == "code" else {
            return .text(400, "Error: unsupported_response_type. response_type must be \"code\".")
        }
        guard let redirect = value("redirect_uri"), let redirectURL = URL(string: redirect),
            let scheme = redirectURL.scheme?.lowercased(), scheme == "http" || scheme == "https",
            redirectURL.host != nil
        else {
            return .text(400, "Error: invalid_request. redirect_uri must be an absolute http(s) URL.")
        }
        guard let scope = value("scope"), !scope.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .text(400, "Error: invalid_scope. The scope parameter is missing.")
        }
        guard let challenge = value("code_challenge"), !challenge.isEmpty else {
            return .text(400, "Error: invalid_request. code_challenge is missing: this app must use PKCE.")
        }
        guard value("code_challenge_method") == "S256" else {
            return .text(400, "Error: invalid_request. code_challenge_method must be S256.")
        }
        let now = now
        let code = state.withLock {
            $0.auth.issueCode(
                .init(
                    clientID: clientID, redirectURI: redirect, scope: scope, challenge: challenge,
                    expires: now.addingTimeInterval(XeroAuthState.codeLifetime)))
        }
        var location = redirect + (redirect.contains("?") ? "&" : "?") + "code=\(FormEncoding.escape(code))"
        location += "&scope=\(FormEncoding.escape(scope))"
        if let state = value("state") { location += "&state=\(FormEncoding.escape(state))" }
        return SandboxResponse(status: 302, headers: [("Location", location), ("Cache-Control", "no-store")])
    }

    func token(_ request: SandboxRequest) -> SandboxResponse {
        let configuration = configuration
        let form = FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
        func value(_ name: String) -> String? { form.first { $0.name == name }?.value }

        var clientID = value("client_id")
        var secret = value("client_secret")
        let basic = request.header("authorization").flatMap(Self.basicCredentials)
        if let basic {
            clientID = basic.id
            secret = basic.secret
        }
        let clientStatus = basic == nil ? 400 : 401
        guard let clientID, clientID == configuration.clientID else {
            return tokenError(clientStatus, "invalid_client")
        }
        if let secret, secret != configuration.clientSecret { return tokenError(clientStatus, "invalid_client") }

        let now = now
        switch value("grant_type") {
        case "authorization_code":
            guard let codeValue = value("code"), let verifier = value("code_verifier") else {
                return tokenError(400, "invalid_request")
            }
            let code = state.withLock { $0.auth.redeemCode(codeValue) }
            guard let code, code.clientID == clientID, code.expires > now, code.redirectURI == value("redirect_uri"),
                Self.s256(verifier) == code.challenge
            else { return tokenError(400, "invalid_grant") }
            return issue(clientID: clientID, scope: code.scope, refreshable: true, now: now)
        case "refresh_token":
            guard let refresh = value("refresh_token") else { return tokenError(400, "invalid_request") }
            guard let grant = state.withLock({ $0.auth.spendRefreshToken(refresh, clientID: clientID) }) else {
                return tokenError(400, "invalid_grant")
            }
            return issue(clientID: clientID, scope: grant.scope, refreshable: true, now: now)
        case "client_credentials":
            guard secret != nil else { return tokenError(clientStatus, "invalid_client") }
            let requested = value("scope").flatMap { $0.isEmpty ? nil : $0 }
            return issue(
                clientID: clientID, scope: requested ?? Self.customConnectionScopes, refreshable: false, now: now)
        case nil:
            return tokenError(400, "invalid_request")
        default:
            return tokenError(400, "unsupported_grant_type")
        }
    }

    func connections(_ request: SandboxRequest) -> SandboxResponse {
        let now = now
        if let refusal = refuseAccess(request, now: now) { return refusal }
        let configuration = configuration
        let (name, created) = state.withLock {
            (
                $0.store.organisation.text("Name") ?? "Sandbox Organisation",
                XeroJSON.instant($0.store.organisation["CreatedDateUTC"]) ?? now
            )
        }
        let connection = JSONObject([
            "id": .string(XeroJSON.stableID("connection:\(configuration.clientID)")),
            "authEventId": .string(XeroJSON.stableID("auth-event:\(configuration.clientID)")),
            "tenantId": .string(configuration.tenantID),
            "tenantType": .string("ORGANISATION"),
            "tenantName": .string(name),
            "createdDateUtc": .string(Self.connectionDate(created)),
            "updatedDateUtc": .string(Self.connectionDate(created)),
        ])
        return .json(200, .array([.object(connection)]))
    }

    /// The 401 an API or connections call gets when its bearer token is missing, unknown, revoked
    /// or expired; `nil` when the token is good.
    func refuseAccess(_ request: SandboxRequest, now: Date) -> SandboxResponse? {
        switch state.withLock({ $0.auth.access(Self.bearer(request), now: now) }) {
        case .granted: nil
        case .expired(let at): XeroResponses.unauthorized("TokenExpired: token expired at \(Self.problemDate(at))")
        case .missing, .unknown, .revoked: XeroResponses.unauthorized("AuthenticationUnsuccessful")
        }
    }

    /// The scopes of a good bearer token.
    func scopes(_ request: SandboxRequest, now: Date) -> Set<String> {
        if case .granted(let scopes) = state.withLock({ $0.auth.access(Self.bearer(request), now: now) }) {
            return scopes
        }
        return []
    }

    private func issue(clientID: String, scope: String, refreshable: Bool, now: Date) -> SandboxResponse {
        let lifetime = configuration.accessTokenLifetime
        let tokens = state.withLock {
            $0.auth.issueTokens(
                clientID: clientID, scope: scope, lifetime: lifetime, refreshable: refreshable, now: now)
        }
        var body = JSONObject()
        body["access_token"] = .string(tokens.access)
        body["expires_in"] = .number(String(Int(lifetime.timeInterval)))
        body["token_type"] = .string("Bearer")
        if let refresh = tokens.refresh { body["refresh_token"] = .string(refresh) }
        body["scope"] = .string(scope)
        var response = SandboxResponse.json(200, .object(body))
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    private func tokenError(_ status: Int, _ error: String) -> SandboxResponse {
        var response = SandboxResponse.json(status, .object(JSONObject(["error": .string(error)])))
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    /// The scopes a custom connection gets when its token request names none.
    static let customConnectionScopes =
        "accounting.settings accounting.transactions accounting.contacts accounting.attachments"

    static func bearer(_ request: SandboxRequest) -> String? {
        guard let header = request.header("authorization") else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    static func basicCredentials(_ header: String) -> (id: String, secret: String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let pair = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard pair.count == 2 else { return nil }
        return (String(pair[0]), String(pair[1]))
    }

    /// PKCE S256: base64url(SHA-256(verifier)) without padding.
    static func s256(_ verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
    }

    /// `11/20/2026 10:15:00`, as Xero's `TokenExpired` detail writes the time (UTC).
    static func problemDate(_ instant: Date) -> String {
        let iso = ISOTimestamp.format(instant)  // 2026-11-20T10:15:00Z
        let date = iso.prefix(10).split(separator: "-")
        let time = iso.dropFirst(11).prefix(8)
        guard date.count == 3 else { return iso }
        return "\(date[1])/\(date[2])/\(date[0]) \(time)"
    }

    /// `2026-11-20T10:15:00.0000000`, as `/connections` writes its dates.
    static func connectionDate(_ instant: Date) -> String {
        String(ISOTimestamp.format(instant).dropLast()) + ".0000000"
    }
}
