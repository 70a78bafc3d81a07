import Foundation
public import Logging
public import TrueUpCore
public import TrueUpSandbox
public import XeroKit

/// The Xero sandbox running on a free port, with clients for it: the end-to-end tests' Xero.
public struct LiveSandbox: Sendable {
    public let sandbox: XeroSandbox
    public let server: RunningSandbox
    public let transport: AsyncHTTPTransport

    public var endpoints: XeroEndpoints { .at(server.baseURL) }
    public var configuration: XeroSandboxConfiguration { sandbox.configuration }
    public var credentials: XeroClientCredentials {
        XeroClientCredentials(clientID: configuration.clientID, clientSecret: configuration.clientSecret)
    }

    /// Seeds a sandbox from `scenario` and serves it on 127.0.0.1.
    public static func start(
        scenario: String, configure: (inout XeroSandboxConfiguration) -> Void = { _ in }
    ) async throws -> LiveSandbox {
        var configuration = XeroSandboxConfiguration()
        if let log = ProcessInfo.processInfo.environment["TRUEUP_XERO_EXCHANGES"], !log.isEmpty {
            configuration.exchangeLog = log
        }
        configure(&configuration)
        let sandbox = try XeroSandbox(scenario: scenario, configuration: configuration)
        var logger = Logger(label: "sandbox")
        logger.logLevel = .warning
        let server = try await SandboxServer.start(xero: sandbox, logger: logger)
        return LiveSandbox(sandbox: sandbox, server: server, transport: AsyncHTTPTransport())
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
