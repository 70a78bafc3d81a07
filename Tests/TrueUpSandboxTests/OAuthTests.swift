import Foundation
import Testing
import TrueUpCore

@testable import TrueUpSandbox

@Suite("OAuth and connections")
struct OAuthTests {
    /// Goes through the authorise redirect and returns the code it carried.
    func authorize(
        _ h: Harness, scope: String = "offline_access accounting.transactions accounting.settings",
        redirect: String = "http://localhost:5123/callback"
    ) async throws -> String {
        let query = Form.encode([
            ("response_type", "code"), ("client_id", h.configuration.clientID), ("redirect_uri", redirect),
            ("scope", scope), ("state", "xyz 1"), ("code_challenge", PKCE.challenge),
            ("code_challenge_method", "S256"),
        ])
        let reply = try await h.send(.get, "/identity/connect/authorize?" + query)
        #expect(reply.status == 302)
        let location = try #require(reply.header("Location"))
        #expect(location.hasPrefix(redirect + "?code="))
        let components = try #require(URLComponents(string: location))
        #expect(components.queryItems?.first { $0.name == "state" }?.value == "xyz 1")
        return try #require(components.queryItems?.first { $0.name == "code" }?.value)
    }

    func exchange(
        _ h: Harness, code: String, verifier: String = PKCE.verifier,
        redirect: String = "http://localhost:5123/callback"
    ) async throws -> Reply {
        try await h.send(
            .post, "/connect/token", headers: [("Content-Type", Form.type)],
            body: Form.encode([
                ("grant_type", "authorization_code"), ("client_id", h.configuration.clientID), ("code", code),
                ("redirect_uri", redirect), ("code_verifier", verifier),
            ]))
    }

    func refresh(_ h: Harness, _ token: String) async throws -> Reply {
        try await h.send(
            .post, "/connect/token", headers: [("Authorization", h.basic()), ("Content-Type", Form.type)],
            body: Form.encode([("grant_type", "refresh_token"), ("refresh_token", token)]))
    }

    @Test func authorizationCodeWithPKCEGivesTokensThatReachTheAPI() async throws {
        try await Harness.with { h in
            let code = try await authorize(h)
            let reply = try await exchange(h, code: code)
            #expect(reply.status == 200)
            let body = try reply.json()
            #expect(body.keys == ["access_token", "expires_in", "token_type", "refresh_token", "scope"])
            #expect(body["expires_in"] == .number("1800"))
            #expect(body.text("token_type") == "Bearer")
            let access = try #require(body.text("access_token"))

            let connections = try await h.send(.get, "/connections", headers: [("Authorization", "Bearer \(access)")])
            #expect(connections.status == 200)
            guard case .array(let list) = try JSONParser.parse(connections.bytes), case .object(let first)? = list.first
            else { throw HarnessError(message: "expected one connection") }
            #expect(first.text("tenantId") == h.configuration.tenantID)
            #expect(first.text("tenantType") == "ORGANISATION")
            #expect(first.text("tenantName") == "Sandbox Organisation")
            #expect(
                Set(first.keys) == [
                    "id", "authEventId", "tenantId", "tenantType", "tenantName", "createdDateUtc",
                    "updatedDateUtc",
                ])

            let items = try await h.get("Items", token: access)
            #expect(items.status == 200)

            // A code works once.
            #expect(try await exchange(h, code: code).json().text("error") == "invalid_grant")
        }
    }

    @Test func aWrongVerifierOrRedirectIsRefused() async throws {
        try await Harness.with { h in
            let wrongVerifier = try await exchange(
                h, code: try await authorize(h), verifier: String(repeating: "a", count: 43))
            #expect(wrongVerifier.status == 400)
            #expect(try wrongVerifier.json().text("error") == "invalid_grant")
            let wrongRedirect = try await exchange(
                h, code: try await authorize(h), redirect: "http://localhost:9/other")
            #expect(try wrongRedirect.json().text("error") == "invalid_grant")
        }
    }

    @Test func anAuthorisationCodeLastsFiveMinutes() async throws {
        try await Harness.with { h in
            let code = try await authorize(h)
            h.clock.advance(301)
            #expect(try await exchange(h, code: code).json().text("error") == "invalid_grant")
        }
    }

    @Test func refreshTokensRotateAndAReusedOneIsInvalidGrant() async throws {
        try await Harness.with { h in
            let first = try await exchange(h, code: try await authorize(h)).json()
            let original = try #require(first.text("refresh_token"))
            let rotated = try await refresh(h, original)
            #expect(rotated.status == 200)
            let second = try rotated.json()
            let next = try #require(second.text("refresh_token"))
            #expect(next != original)
            #expect(second.text("access_token") != first.text("access_token"))

            let reused = try await refresh(h, original)
            #expect(reused.status == 400)
            #expect(reused.text == #"{"error":"invalid_grant"}"#)
            #expect(try await refresh(h, next).status == 200)
        }
    }

    @Test func noRefreshTokenWithoutOfflineAccess() async throws {
        try await Harness.with { h in
            let body = try await exchange(h, code: try await authorize(h, scope: "accounting.transactions")).json()
            #expect(body.text("access_token") != nil)
            #expect(body["refresh_token"] == nil)
        }
    }

    @Test func clientCredentialsNeedTheSecretAndGiveNoRefreshToken() async throws {
        try await Harness.with { h in
            let granted = try await h.send(
                .post, "/connect/token", headers: [("Authorization", h.basic()), ("Content-Type", Form.type)],
                body: "grant_type=client_credentials&scope=accounting.transactions")
            #expect(granted.status == 200)
            let body = try granted.json()
            #expect(body["refresh_token"] == nil)
            #expect(body.text("scope") == "accounting.transactions")

            let wrongSecret = try await h.send(
                .post, "/connect/token",
                headers: [("Authorization", h.basic(secret: "nope")), ("Content-Type", Form.type)],
                body: "grant_type=client_credentials")
            #expect(wrongSecret.status == 401)
            #expect(try wrongSecret.json().text("error") == "invalid_client")

            let noSecret = try await h.send(
                .post, "/connect/token", headers: [("Content-Type", Form.type)],
                body: "grant_type=client_credentials&client_id=\(h.configuration.clientID)")
            #expect(try noSecret.json().text("error") == "invalid_client")

            let bodySecret = try await h.send(
                .post, "/connect/token", headers: [("Content-Type", Form.type)],
                body: "grant_type=client_credentials&client_id=sandbox-client&client_secret=wrong")
            #expect(bodySecret.status == 400)
            #expect(try bodySecret.json().text("error") == "invalid_client")

            let unknownGrant = try await h.send(
                .post, "/connect/token", headers: [("Authorization", h.basic()), ("Content-Type", Form.type)],
                body: "grant_type=password")
            #expect(unknownGrant.status == 400)
            #expect(try unknownGrant.json().text("error") == "unsupported_grant_type")
        }
    }

    @Test(arguments: [
        ("client_id=someone-else", "unauthorized_client"),
        ("code_challenge=", "code_challenge is missing"),
        ("code_challenge_method=plain", "S256"),
        ("redirect_uri=not-a-url", "redirect_uri"),
    ])
    func theAuthorisePageExplainsBadRequests(change: String, says: String) async throws {
        try await Harness.with { h in
            var pairs = [
                ("response_type", "code"), ("client_id", "sandbox-client"), ("redirect_uri", "http://localhost/cb"),
                ("scope", "offline_access"), ("state", "s"), ("code_challenge", PKCE.challenge),
                ("code_challenge_method", "S256"),
            ]
            let parts = change.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            pairs = pairs.map { $0.0 == parts[0] ? ($0.0, parts[1]) : $0 }
            let reply = try await h.send(.get, "/identity/connect/authorize?" + Form.encode(pairs))
            #expect(reply.status == 400)
            #expect(reply.header("Content-Type")?.hasPrefix("text/plain") == true)
            #expect(reply.text.contains(says))
        }
    }

    @Test func expiredRevokedAndMissingTokensGet401() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            h.clock.advance(1801)
            let expired = try await h.get("Items", token: token)
            #expect(expired.status == 401)
            let problem = try expired.json()
            #expect(problem["Type"] == .null)
            #expect(problem.text("Title") == "Unauthorized")
            #expect(problem["Status"] == .number("401"))
            #expect(problem.text("Detail")?.hasPrefix("TokenExpired: token expired at ") == true)

            let fresh = try await h.token()
            h.sandbox.expireAccessTokens()
            #expect(try await h.get("Items", token: fresh).status == 401)

            let other = try await h.token()
            h.sandbox.revokeGrants()
            let revoked = try await h.get("Items", token: other)
            #expect(revoked.status == 401)
            #expect(try revoked.json().text("Detail") == "AuthenticationUnsuccessful")

            let missing = try await h.send(
                .get, "/api.xro/2.0/Items", headers: [("xero-tenant-id", h.configuration.tenantID)])
            #expect(missing.status == 401)
            #expect(try await h.send(.get, "/connections").status == 401)
        }
    }

    @Test func revokingGrantsTurnsRefreshTokensIntoInvalidGrant() async throws {
        try await Harness.with { h in
            let refreshToken = try #require(
                try await exchange(h, code: try await authorize(h)).json().text("refresh_token"))
            h.sandbox.revokeGrants()
            #expect(try await refresh(h, refreshToken).json().text("error") == "invalid_grant")
        }
    }

    @Test func aWrongOrMissingTenantIs403() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let wrong = try await h.send(
                .get, "/api.xro/2.0/Items",
                headers: [
                    ("Authorization", "Bearer \(token)"), ("xero-tenant-id", "00000000-0000-0000-0000-000000000001"),
                ])
            #expect(wrong.status == 403)
            #expect(try wrong.json().text("Title") == "Forbidden")
            let missing = try await h.send(.get, "/api.xro/2.0/Items", headers: [("Authorization", "Bearer \(token)")])
            #expect(missing.status == 403)
        }
    }

    @Test func aScopeNotGrantedIs403() async throws {
        try await Harness.with { h in
            let reply = try await h.send(
                .post, "/connect/token", headers: [("Authorization", h.basic()), ("Content-Type", Form.type)],
                body: "grant_type=client_credentials&scope=accounting.transactions.read")
            let token = try #require(try reply.json().text("access_token"))
            #expect(try await h.get("Invoices", token: token).status == 200)
            #expect(try await h.get("Items", token: token).status == 403)
            let write = try await h.write(.put, "Invoices", #"{"Invoices":[]}"#, token: token)
            #expect(write.status == 403)
            #expect(try write.json().text("Detail") == "AuthorizationUnsuccessful")
        }
    }
}
