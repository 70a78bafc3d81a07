public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore
public import XeroKit

/// Opens a job pair's connections: from the job file's `xero:` and `storefront:` sections when it
/// has them (secrets read from their environment variable or file on every run), else from what
/// `trueup connect` stored. A connection the state does not hold yet, or holds with other
/// details, is made (and stored) first.
public enum JobConnections {
    public static func xero(
        for pair: JobPair, store: StateStore, transport: any HTTPTransport, limits: XeroLimits, logger: Logger,
        now: Date = Date()
    ) async throws(TrueUpError) -> XeroClient {
        let name = pair.name.rawValue
        if let spec = pair.xero {
            let secret = try spec.clientSecret.resolve()
            let stored = try await store.connection(pair: name)
            let current =
                stored.map {
                    $0.grantType == XeroGrant.clientCredentials.rawValue && $0.clientID == spec.clientID
                        && $0.clientSecret == secret && $0.endpointBase == spec.url
                } ?? false
            if !current {
                logger.info("job.connect.xero", metadata: ["pair": "\(name)"])
                _ = try await XeroConnect(
                    pair: name, endpointBase: spec.url,
                    client: XeroClientCredentials(clientID: spec.clientID, clientSecret: secret), tenant: spec.tenant,
                    store: store, transport: transport, logger: logger
                ).connectCustom(now: now)
            }
        }
        return try await XeroSession.open(
            pair: name, store: store, transport: transport, limits: limits, logger: logger
        ).client
    }

    public static func storefront(
        for pair: JobPair, settings: PairSettings, store: StateStore, transport: any HTTPTransport, logger: Logger,
        now: Date = Date()
    ) async throws(TrueUpError) -> any Storefront {
        let name = pair.name.rawValue
        if let spec = pair.storefront {
            guard spec.platform == "magento" else {
                throw .badInput(
                    "pair \(name): the job's storefront section is for platform \(spec.platform); only magento "
                        + "connections are made from a job file (a CSV feed needs none)")
            }
            let connection: MagentoConnection
            let secret: String
            if let password = spec.password {
                connection = MagentoConnection(
                    url: spec.url, storeCode: spec.storeCode ?? "default", auth: .admin, username: spec.username)
                secret = try password.resolve()
            } else if let token = spec.token {
                connection = MagentoConnection(url: spec.url, storeCode: spec.storeCode ?? "default", auth: .bearer)
                secret = try token.resolve()
            } else {
                throw .badInput("pair \(name): the job's storefront section needs a password or a token")
            }
            let stored = try await store.storefrontConnection(pair: name)
            let known = stored.flatMap {
                try? JSONDecoder().decode(MagentoConnection.self, from: Data($0.settings.utf8))
            }
            let current =
                stored?.secret == secret
                && known.map {
                    $0.url == connection.url && $0.storeCode == connection.storeCode && $0.auth == connection.auth
                        && $0.username == connection.username
                } ?? false
            if !current {
                logger.info("job.connect.storefront", metadata: ["pair": "\(name)"])
                _ = try await MagentoConnect.connect(
                    pair: name, connection: connection, secret: secret, store: store, transport: transport,
                    logger: logger, now: now)
            }
        }
        return try await StorefrontConnector.open(
            pair: name, settings: settings, store: store, transport: transport, logger: logger)
    }
}
