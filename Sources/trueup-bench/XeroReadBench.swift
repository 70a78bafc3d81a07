import ArgumentParser
import Foundation
import Logging
import Synchronization
import TrueUpSandbox
import TrueUpTestSupport
import XeroKit

/// Reads a large organisation from the sandbox over real HTTP, counts the calls, measures each
/// call's latency, and computes from the pacing model how long the same read takes at Xero's
/// real limits (60 a minute, 5 at once), next to the lower bound for that work.
struct XeroReadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xero-read",
        abstract: "Benchmark a full read of Items and Invoices from the Xero sandbox."
    )

    @Option(help: "Items in the organisation.")
    var items = 10_000

    @Option(help: "Invoices in the organisation.")
    var invoices = 20_000

    @Option(help: "The page size asked for.")
    var pageSize = 1000

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trueup-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try LargeOrganisation(items: items, invoices: invoices).write(to: folder)
        var configuration = XeroSandboxConfiguration()
        // The sandbox's limits are lifted so the read runs at full speed; the real limits are
        // applied afterwards, by the pacing model, to the measured calls.
        configuration.limits = XeroRateLimits(perMinute: 1_000_000, perDay: 1_000_000, concurrent: 5)
        let sandbox = try XeroSandbox(scenario: folder.path, configuration: configuration)
        var quiet = Logger(label: "bench")
        quiet.logLevel = .error
        let server = try await SandboxServer.start(xero: sandbox, logger: quiet)
        defer { Task { await server.stop() } }

        let transport = TimedTransport(AsyncHTTPTransport())
        let endpoints = XeroEndpoints.at(server.baseURL)
        let credentials = XeroClientCredentials(
            clientID: configuration.clientID, clientSecret: configuration.clientSecret)
        let tokens = XeroTokenProvider(
            grant: .clientCredentials, client: credentials,
            endpoint: TokenEndpoint(url: endpoints.token, transport: AsyncHTTPTransport()), store: MemoryTokenStore())
        let client = XeroClient(
            endpoints: endpoints, tenantID: configuration.tenantID, transport: transport, tokens: tokens,
            pacer: XeroPacer(limits: XeroLimits(concurrent: 5, perMinute: 1_000_000, perDay: 1_000_000)),
            logger: quiet)

        let started = ContinuousClock.now
        let itemsBody = try await client.readWhole("/Items", query: [("unitdp", "4")])
        let read = try await client.readChanged(.invoices, since: nil, pageSize: pageSize)
        let elapsed = ContinuousClock.now - started
        let latencies = transport.latencies
        let itemsRead = try XeroItemsDecoder.decode(itemsBody, source: "GET /Items", baseCurrency: nil).records.count

        let servedPageSize = min(pageSize, 1000)
        let fewestCalls = 1 + (invoices + servedPageSize - 1) / servedPageSize
        let atXero = PacingModel.sequentialWallTime(latencies: latencies, limits: .standard)
        let bound = PacingModel.lowerBound(calls: fewestCalls, limits: .standard)
        print(
            "Full read from the Xero sandbox over HTTP: \(itemsRead) items (1 unpaged call) and \(read.records) invoices, pageSize \(pageSize)"
        )
        print("")
        print(pad("", 34) + pad("calls", 8) + "wall time")
        print(pad("measured, limits lifted", 34) + pad(String(latencies.count), 8) + seconds(elapsed))
        print(pad("computed at 60/min, 5 at once", 34) + pad(String(latencies.count), 8) + seconds(atXero))
        print(pad("lower bound for the work", 34) + pad(String(fewestCalls), 8) + seconds(bound) + " (+ latency)")
        print("")
        print("median call latency \(seconds(median(latencies))), invoice pages read \(read.pages)")
    }

    private func seconds(_ duration: Duration) -> String {
        let (whole, atto) = duration.components
        return fixed(Double(whole) + Double(atto) / 1e18, 3) + " s"
    }

    private func median(_ values: [Duration]) -> Duration {
        guard !values.isEmpty else { return .zero }
        return values.sorted()[values.count / 2]
    }
}

/// Times every request that passes through, with the URL it went to.
final class TimedTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let recorded = Mutex<[(url: String, latency: Duration)]>([])

    init(_ inner: any HTTPTransport) {
        self.inner = inner
    }

    /// Every call's latency, in the order the calls ended.
    var latencies: [Duration] { recorded.withLock { $0.map(\.latency) } }

    /// The latencies of the calls to Xero (not to the storefront's `/rest/` API).
    var xeroLatencies: [Duration] { recorded.withLock { $0.filter { !$0.url.contains("/rest/") }.map(\.latency) } }

    func reset() { recorded.withLock { $0 = [] } }

    func send(_ request: HTTPRequestSpec) async throws(TransportError) -> HTTPResult {
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            recorded.withLock { $0.append((request.url, elapsed)) }
        }
        return try await inner.send(request)
    }
}
