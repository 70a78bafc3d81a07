public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore

/// What connecting a pair to its Magento shop found.
public struct MagentoConnected: Sendable {
    public var connection: MagentoConnection
    /// Whether the shop runs MSI (else the legacy stock items).
    public var usesMSI: Bool
}

/// `trueup connect magento`: checks that the shop answers with the login given, finds out which
/// stock system it runs, and stores the connection (the secret in the state, mode 0600).
public enum MagentoConnect {
    public static func connect(
        pair: String, connection: MagentoConnection, secret: String, store: StateStore,
        transport: any HTTPTransport, logger: Logger, now: Date = Date()
    ) async throws(TrueUpError) -> MagentoConnected {
        var connection = connection
        let settings = connection.settings(pair: PairSettings(), secret: secret)
        let client = MagentoClient(settings: settings, transport: transport, logger: logger)
        // The login and the stock system are checked before anything is stored: with `detect` the
        // probe of the source items does both, else one page of orders checks the login.
        let storefront = try await MagentoStorefront.connect(client)
        if connection.inventory != .detect {
            _ = try await storefront.readOrders(since: now, lookback: nil)
        }
        if connection.inventory == .detect {
            connection.inventory = storefront.usesLegacyInventory ? .legacy : .msi
        }
        try await store.saveStorefrontConnection(
            StoredStorefrontConnection(
                pair: pair, platform: "magento", settings: connection.json, secret: secret, connectedAt: now),
            at: now)
        return MagentoConnected(connection: connection, usesMSI: !storefront.usesLegacyInventory)
    }
}
