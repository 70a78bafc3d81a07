import Crypto
import Foundation
import TrueUpCore

/// Proof Key for Code Exchange (RFC 7636), S256: a random verifier kept here and its hash sent
/// with the authorisation request, so that a stolen code is useless without the verifier.
public struct PKCE: Sendable, Hashable {
    public let verifier: String
    public let challenge: String
    /// Ties the redirect to this request.
    public let state: String

    public init() {
        self.init(verifier: Self.randomText(length: 64), state: Self.randomText(length: 24))
    }

    public init(verifier: String, state: String) {
        self.verifier = verifier
        self.state = state
        challenge = Self.challenge(for: verifier)
    }

    /// base64url(SHA-256(verifier)) without padding.
    public static func challenge(for verifier: String) -> String {
        Base64URL.encode(SHA256.hash(data: Array(verifier.utf8)))
    }

    private static let unreserved = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func randomText(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in unreserved[Int.random(in: 0..<unreserved.count, using: &generator)] })
    }

    /// The page to send a person to, to grant access.
    public func authorizeURL(
        endpoints: XeroEndpoints, clientID: String, redirectURI: String, scopes: [String]
    ) -> String {
        var components = URLComponents(string: endpoints.authorize) ?? URLComponents()
        components.queryItems = [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "scope", value: scopes.joined(separator: " ")),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "code_challenge", value: challenge),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        return components.url?.absoluteString ?? endpoints.authorize
    }

    /// The scopes TrueUp asks for: read and write transactions, read settings and contacts, and
    /// `offline_access` for a refresh token.
    public static let defaultScopes = [
        "openid", "offline_access", "accounting.transactions", "accounting.settings.read", "accounting.contacts",
    ]
}
