import Foundation
public import Logging
public import TrueUpCore
public import TrueUpSandbox
public import XeroKit

/// The Xero sandbox running on a free port, with clients for it: the end-to-end tests' Xero, and
/// when asked for, their Magento shop on the same port.
///
/// When the environment names a file in `TRUEUP_SANDBOX_EXCHANGES` (as `make test` does), both
/// sandboxes append every exchange to it, for the conformance checks.
public struct LiveSandbox: Sendable {
    public let sandbox: XeroSandbox
    /// The Magento shop, when ``start(scenario:configure:magento:)`` was asked for one.
    public let magento: MagentoSandbox?
    public let server: RunningSandbox
    public let transport: AsyncHTTPTransport

    public var endpoints: XeroEndpoints { .at(server.baseURL) }
    public var configuration: XeroSandboxConfiguration { sandbox.configuration }
    public var credentials: XeroClientCredentials {
        XeroClientCredentials(clientID: configuration.clientID, clientSecret: configuration.clientSecret)
    }

    /// `http://127.0.0.1:PORT/rest/default`: where a Magento client reaches the shop (its
    /// calls then go to `…/V1/…`).
    public var magentoBaseURL: String { server.baseURL + "/rest/default" }

    /// The file named in `TRUEUP_SANDBOX_EXCHANGES`, if any.
    public static var exchangeLogFromEnvironment: String? {
        guard let path = ProcessInfo.processInfo.environment["TRUEUP_SANDBOX_EXCHANGES"], !path.isEmpty else {
            return nil
        }
        return path
    }

    /// Seeds a Xero sandbox from `scenario` and serves it on 127.0.0.1; with `magento`, seeds a
    /// Magento sandbox from the same scenario (`magento/*.json`), configured by that closure,
    /// and serves it on the same port.
    public static func start(
        scenario: String, configure: (inout XeroSandboxConfiguration) -> Void = { _ in },
        magento configureMagento: ((inout MagentoSandboxConfiguration) -> Void)? = nil
    ) async throws -> LiveSandbox {
        var configuration = XeroSandboxConfiguration()
        configuration.exchangeLog = exchangeLogFromEnvironment
        configure(&configuration)
        let sandbox = try XeroSandbox(scenario: scenario, configuration: configuration)
        var magento: MagentoSandbox? = nil
        if let configureMagento {
            var magentoConfiguration = MagentoSandboxConfiguration()
            magentoConfiguration.exchangeLog = exchangeLogFromEnvironment
            configureMagento(&magentoConfiguration)
            magento = try MagentoSandbox(scenario: scenario, configuration: magentoConfiguration)
        }
        var logger = Logger(label: "sandbox")
        logger.logLevel = .warning
        let server = try await SandboxServer.start(xero: sandbox, magento: magento, logger: logger)
        return LiveSandbox(sandbox: sandbox, magento: magento, server: server, transport: AsyncHTTPTransport())
    }

    /// A client on a Custom Connection (client credentials), paced by `limits`.
    public func client(
        limits: XeroLimits = .standard,
        retry: RetryPolicy = RetryPolicy(
            attempts: 4, initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200)),
        timeout: Duration = .seconds(10), logger: Logger = Logger(label: "xero"),
        transport: (any HTTPTransport)? = nil
    ) -> XeroClient {
        let transport = transport ?? self.transport
        let tokens = XeroTokenProvider(
            grant: .clientCredentials, client: credentials,
            endpoint: TokenEndpoint(url: endpoints.token, transport: transport), store: MemoryTokenStore())
        return XeroClient(
            endpoints: endpoints, tenantID: configuration.tenantID, transport: transport, tokens: tokens,
            pacer: XeroPacer(limits: limits), retry: retry, timeout: timeout, logger: logger)
    }

    /// An item's `QuantityOnHand` in the sandbox now, or `nil` when there is no such item.
    public func quantityOnHand(_ code: String) -> Quantity? {
        guard case .number(let text)? = sandbox.item(code: code)?["QuantityOnHand"] else { return nil }
        return try? Quantity(parsing: text)
    }

    /// The references of the adjustment documents in the sandbox, one per document: a sales
    /// invoice's `Reference` or a bill's `InvoiceNumber` that starts with `prefix`.
    public func adjustmentReferences(prefix: String = AdjustmentSettings().referencePrefix) -> [String] {
        sandbox.invoices().compactMap { invoice in
            [invoice.text("Reference"), invoice.text("InvoiceNumber")].compactMap { $0 }.first { $0.hasPrefix(prefix) }
        }
    }

    public func stop() async {
        await server.stop()
    }
}
