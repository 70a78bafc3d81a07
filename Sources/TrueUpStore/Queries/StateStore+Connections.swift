public import Foundation
import GRDB
public import TrueUpCore

/// A pair's Xero connection as stored: who the app is, which organisation, and the live tokens.
/// Printing one shows no secret.
public struct StoredXeroConnection: Sendable, Hashable, CustomStringConvertible {
    public var pair: String
    /// `authorization_code` or `client_credentials`.
    public var grantType: String
    public var clientID: String
    public var clientSecret: String?
    public var tenantID: String
    public var tenantName: String
    /// `nil` for Xero itself; a sandbox's base URL.
    public var endpointBase: String?
    public var accessToken: String
    public var refreshToken: String?
    public var expiresAt: Date
    public var scope: String?
    public var connectedAt: Date

    public init(
        pair: String, grantType: String, clientID: String, clientSecret: String?, tenantID: String, tenantName: String,
        endpointBase: String?, accessToken: String, refreshToken: String?, expiresAt: Date, scope: String?,
        connectedAt: Date
    ) {
        self.pair = pair
        self.grantType = grantType
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.tenantID = tenantID
        self.tenantName = tenantName
        self.endpointBase = endpointBase
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
        self.connectedAt = connectedAt
    }

    public var description: String {
        "StoredXeroConnection(pair: \(pair), grant: \(grantType), client: \(clientID), tenant: \(tenantName) [\(tenantID)], secrets: [redacted])"
    }

    init(row: Row) {
        pair = row["pair"]
        grantType = row["grant_type"]
        clientID = row["client_id"]
        clientSecret = row["client_secret"]
        tenantID = row["tenant_id"]
        tenantName = row["tenant_name"]
        endpointBase = row["endpoint_base"]
        accessToken = row["access_token"]
        refreshToken = row["refresh_token"]
        expiresAt = StoreTime.date(row["expires_at"] as String) ?? Date(timeIntervalSince1970: 0)
        scope = row["scope"]
        connectedAt = StoreTime.date(row["connected_at"] as String) ?? Date(timeIntervalSince1970: 0)
    }
}

extension StateStore {
    /// Stores (or replaces) a pair's Xero connection.
    public func saveConnection(_ connection: StoredXeroConnection, at now: Date) async throws(TrueUpError) {
        try await durableWrite { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO xero_connection (pair, grant_type, client_id, client_secret, tenant_id,
                        tenant_name, endpoint_base, access_token, refresh_token, expires_at, scope, connected_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    connection.pair, connection.grantType, connection.clientID, connection.clientSecret,
                    connection.tenantID, connection.tenantName, connection.endpointBase, connection.accessToken,
                    connection.refreshToken, StoreTime.text(connection.expiresAt), connection.scope,
                    StoreTime.text(connection.connectedAt), StoreTime.text(now),
                ])
        }
    }

    /// A pair's Xero connection, or `nil` when it has none.
    public func connection(pair: String) async throws(TrueUpError) -> StoredXeroConnection? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM xero_connection WHERE pair = ?", arguments: [pair])
                .map(StoredXeroConnection.init)
        }
    }

    /// Replaces a connection's tokens; on disk when this returns, even across a power cut.
    public func saveTokens(
        pair: String, accessToken: String, refreshToken: String?, expiresAt: Date, scope: String?, at now: Date
    ) async throws(TrueUpError) {
        try await durableWrite { db in
            try db.execute(
                sql: """
                    UPDATE xero_connection SET access_token = ?, refresh_token = ?, expires_at = ?, scope = COALESCE(?, scope),
                        updated_at = ?
                    WHERE pair = ?
                    """,
                arguments: [accessToken, refreshToken, StoreTime.text(expiresAt), scope, StoreTime.text(now), pair])
            guard db.changesCount == 1 else {
                throw TrueUpError.notFound(
                    "pair \(pair) has no Xero connection; run 'trueup connect xero --pair \(pair)'")
            }
        }
    }
}
