public import Foundation
import TrueUpCore

/// Xero's token endpoint: exchanges a code, refreshes, or fetches a client-credentials token.
public struct TokenEndpoint: Sendable {
    public let url: String
    let transport: any HTTPTransport
    let timeout: Duration

    public init(url: String, transport: any HTTPTransport, timeout: Duration = .seconds(30)) {
        self.url = url
        self.transport = transport
        self.timeout = timeout
    }

    /// The authorisation-code grant, with the PKCE verifier.
    public func exchange(
        code: String, verifier: String, redirectURI: String, client: XeroClientCredentials, now: Date
    ) async throws(XeroError) -> XeroTokens {
        try await request(
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                ("code_verifier", verifier),
            ], client: client, now: now)
    }

    /// A refresh: the answer carries a new refresh token, and the one sent no longer works.
    public func refresh(
        _ refreshToken: String, client: XeroClientCredentials, now: Date
    ) async throws(XeroError)
        -> XeroTokens
    {
        try await request([("grant_type", "refresh_token"), ("refresh_token", refreshToken)], client: client, now: now)
    }

    /// A Custom Connection's token.
    public func clientCredentials(_ client: XeroClientCredentials, now: Date) async throws(XeroError) -> XeroTokens {
        guard client.clientSecret != nil else {
            throw .notAuthorised("a Custom Connection needs its client secret; run 'trueup connect xero' again with it")
        }
        return try await request([("grant_type", "client_credentials")], client: client, now: now)
    }

    private func request(
        _ fields: [(String, String)], client: XeroClientCredentials, now: Date
    ) async throws(XeroError)
        -> XeroTokens
    {
        var form = fields
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if let secret = client.clientSecret {
            let pair = Data("\(client.clientID):\(secret)".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(pair)"))
        } else {
            form.append(("client_id", client.clientID))
        }
        let body = Array(FormEncoding.encode(form).utf8)
        let result: HTTPResult
        do {
            result = try await transport.send(
                HTTPRequestSpec(method: "POST", url: url, headers: headers, body: body, timeout: timeout))
        } catch {
            throw .unavailable("the token endpoint \(url): \(error.description)")
        }
        let answer: JSONObject? =
            if case .object(let object)? = try? JSONParser.parse(result.body) { object } else { nil }
        guard result.status == 200 else {
            let code = answer?.text("error")
            switch code {
            case "invalid_grant"?:
                throw .notAuthorised(
                    "Xero no longer accepts this connection's grant (it expired, was revoked, or its refresh token was already used); run 'trueup connect xero' again"
                )
            case "invalid_client"?, "unauthorized_client"?:
                throw .notAuthorised(
                    "Xero does not accept the client id and secret; check them and run 'trueup connect xero' again")
            default:
                throw .refused(status: result.status, message: "token endpoint said \(code ?? "HTTP \(result.status)")")
            }
        }
        guard let answer, let access = answer.text("access_token"), !access.isEmpty else {
            throw .badResponse("the token endpoint's answer has no access_token")
        }
        return XeroTokens(
            accessToken: access, refreshToken: answer.text("refresh_token"),
            expiresAt: now.addingTimeInterval(TimeInterval(answer.integer("expires_in") ?? 1800)),
            scope: answer.text("scope"))
    }
}
