import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore
import XeroKit

/// Where and how a pair reaches its Magento shop, as the state keeps it (the secret apart).
public struct MagentoConnection: Sendable, Hashable, Codable {
    /// `admin` (a username and password) or `bearer` (an integration's access token).
    public enum AuthKind: String, Sendable, Hashable, Codable {
        case admin
        case bearer
    }

    public var url: String
    public var storeCode: String
    public var auth: AuthKind
    public var username: String?
    public var inventory: MagentoSettings.InventoryMode

    public init(
        url: String, storeCode: String = "default", auth: AuthKind, username: String? = nil,
        inventory: MagentoSettings.InventoryMode = .detect
    ) {
        self.url = url
        self.storeCode = storeCode
        self.auth = auth
        self.username = username
        self.inventory = inventory
    }

    /// The connector's settings: this connection, the pair's sources and habits, and the secret.
    public func settings(pair: PairSettings, secret: String) -> MagentoSettings {
        MagentoSettings(
            baseURL: url, storeCode: storeCode,
            auth: auth == .admin ? .admin(username: username ?? "", password: secret) : .bearer(secret),
            sources: pair.sources, primarySource: pair.writeSource, refundsReturnToStock: pair.refundsReturnToStock,
            inventory: inventory, wholeUnits: pair.inventory.wholeUnits,
            origin: "the pair's Magento connection ('trueup connect magento')")
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Opens a pair's storefront connector from its settings and its stored connection.
public enum StorefrontConnector {
    /// The pair's connector, or an error that says how to set one up.
    public static func open(
        pair: String, settings: PairSettings, store: StateStore, transport: any HTTPTransport, logger: Logger
    ) async throws(TrueUpError) -> any Storefront {
        guard
            let storefront = try await openIfConfigured(
                pair: pair, settings: settings, store: store, transport: transport, logger: logger)
        else {
            throw .notFound(
                "pair \(pair) has no Magento connection; run 'trueup connect magento --pair \(pair) --url URL "
                    + "--username USER' first")
        }
        return storefront
    }

    /// The pair's connector, or `nil` when it has none (a pair planned from fixtures).
    public static func openIfConfigured(
        pair: String, settings: PairSettings, store: StateStore, transport: any HTTPTransport, logger: Logger
    ) async throws(TrueUpError) -> (any Storefront)? {
        switch settings.platform {
        case "csv":
            guard let feed = settings.csvFeed else {
                throw .badInput("pair \(pair) is a CSV feed but its settings have no storefront.csv section")
            }
            return try CSVFeedStorefront(settings: feed, logger: logger)
        default:
            guard let stored = try await store.storefrontConnection(pair: pair) else { return nil }
            guard stored.platform == "magento",
                let connection = try? JSONDecoder().decode(MagentoConnection.self, from: Data(stored.settings.utf8))
            else {
                throw .state(
                    "pair \(pair)'s storefront connection cannot be read; run 'trueup connect magento' again")
            }
            let client = MagentoClient(
                settings: connection.settings(pair: settings, secret: stored.secret ?? ""), transport: transport,
                logger: logger)
            return try await MagentoStorefront.connect(client)
        }
    }
}
