import Foundation
public import TrueUpStore
public import XeroKit

/// Keeps a pair's Xero tokens in the state database (a 0600 file): a rotated refresh token is
/// committed before the access token that came with it is used.
public struct StoredTokenStore: XeroTokenStore {
    public let pair: String
    let store: StateStore

    public init(pair: String, store: StateStore) {
        self.pair = pair
        self.store = store
    }

    public func load() async throws -> XeroTokens? {
        guard let connection = try await store.connection(pair: pair) else { return nil }
        return XeroTokens(
            accessToken: connection.accessToken, refreshToken: connection.refreshToken,
            expiresAt: connection.expiresAt, scope: connection.scope)
    }

    public func save(_ tokens: XeroTokens) async throws {
        try await store.saveTokens(
            pair: pair, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
            expiresAt: tokens.expiresAt, scope: tokens.scope, at: Date())
    }
}
