public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore
public import XeroKit

/// A pair ready for a live run: its settings, its Xero client and its storefront connector.
public struct LivePair: Sendable {
    public var scenario: Scenario
    public var xero: XeroClient
    public var storefront: any Storefront

    /// Opens a pair's connections. The settings come from `config` (a pair file in the
    /// `scenario.yaml` format, `as_of` left out) when given, else from the pair's last run.
    public static func open(
        pair name: String, config: String?, store: StateStore, transport: any HTTPTransport, logger: Logger,
        now: Date
    ) async throws(TrueUpError) -> LivePair {
        let pair = try PairName(name)
        let scenario = try await settings(pair: pair, config: config, store: store, now: now)
        let xero = try await XeroSession.open(pair: pair.rawValue, store: store, transport: transport, logger: logger)
        let storefront = try await StorefrontConnector.open(
            pair: pair.rawValue, settings: scenario.settings, store: store, transport: transport, logger: logger)
        return LivePair(scenario: scenario, xero: xero.client, storefront: storefront)
    }

    /// The pair's settings at `now`: from its pair file, else as its last run stored them.
    public static func settings(
        pair: PairName, config: String?, store: StateStore, now: Date
    ) async throws(TrueUpError) -> Scenario {
        if let config {
            guard let bytes = try ScenarioLoader.read(config, required: true) else {
                throw .badInput("\(config) is missing")
            }
            let folder = URL(fileURLWithPath: config).deletingLastPathComponent().path
            var scenario = try Scenario(
                yaml: String(decoding: bytes, as: UTF8.self), file: config, folder: folder, clock: now)
            if scenario.declaresPair, scenario.pair != pair {
                throw .usage(
                    "\(config) is the pair file of \(scenario.pair), not \(pair); pass --pair \(scenario.pair)")
            }
            scenario.pair = pair
            return scenario
        }
        guard let text = try await store.pairSettings(pair.rawValue), let settings = PairSettings.fromJSON(text) else {
            throw .notFound(
                "pair \(pair) has no settings yet; pass --config with its pair file (the scenario.yaml format) once")
        }
        return Scenario(pair: pair, asOf: now, settings: settings, source: "state")
    }
}
