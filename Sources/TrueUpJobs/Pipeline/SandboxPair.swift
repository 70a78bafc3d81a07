public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
public import TrueUpEngine
public import TrueUpStore
public import XeroKit

/// A pair set up against the embedded sandbox, as `trueup demo` and the nightly benchmark start
/// one: the scenario's base seeded as the last agreed quantities (the shop has run TrueUp before),
/// then Xero connected through a Custom Connection and Magento with its admin login.
public struct SandboxPair: Sendable {
    public var xero: StoredXeroConnection
    public var shop: MagentoConnected

    /// The Magento sandbox's admin login.
    public static let magentoUser = "admin"
    public static let magentoPassword = "admin123"

    public static func prepare(
        store: StateStore, scenario: Scenario, bases: [BaseUpdate]?, source: String, baseURL: String,
        xeroClient: XeroClientCredentials, transport: any HTTPTransport, logger: Logger,
        now: @escaping @Sendable () -> Date
    ) async throws(TrueUpError) -> SandboxPair {
        let pair = scenario.pair.rawValue
        if let bases {
            let seed = try await store.beginRun(
                pair: pair, kind: "seed", source: "fixtures:\(source)/base.csv", asOf: scenario.asOf,
                period: scenario.period, settings: scenario.settings.json, at: now())
            try await store.seedBases(bases, pair: pair, run: seed, at: now())
            try await store.finishRun(
                seed, status: .ok, exitCode: 0, counts: ["bases": bases.count], error: nil, at: now())
        }
        let xero = try await XeroConnect(
            pair: pair, endpointBase: baseURL, client: xeroClient, tenant: nil, store: store, transport: transport,
            logger: logger
        ).connectCustom(now: now())
        let shop = try await MagentoConnect.connect(
            pair: pair, connection: MagentoConnection(url: baseURL, auth: .admin, username: magentoUser),
            secret: magentoPassword, store: store, transport: transport, logger: logger, now: now())
        return SandboxPair(xero: xero, shop: shop)
    }
}
