import ArgumentParser
import Foundation
import Logging
import StorefrontKit
import TrueUpSandbox
import TrueUpTestSupport
import XeroKit

/// Reads a large shop from the Magento sandbox over real HTTP, as a live run's fetch does: every
/// source item of the pair's sources, and every order. Prints the calls made next to the lower
/// bound for the work (one per page, plus the admin token), the wall time and records per second.
struct MagentoReadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "magento-read",
        abstract: "Benchmark a full read of source items and orders from the Magento sandbox."
    )

    @Option(help: "Source items in the shop (split over two sources).")
    var sourceItems = 50_000

    @Option(help: "Orders in the shop.")
    var orders = 20_000

    @Option(help: "The page size asked for (Magento's input limits allow at most 300).")
    var pageSize = 300

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trueup-bench-magento-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shop = LargeShop(sourceItems: sourceItems, orders: orders)
        try shop.write(to: folder)
        var configuration = MagentoSandboxConfiguration()
        configuration.maximumPageSize = max(300, pageSize)
        let sandbox = try MagentoSandbox(scenario: folder.path, configuration: configuration)
        var quiet = Logger(label: "bench")
        quiet.logLevel = .error
        let server = try await SandboxServer.start(magento: sandbox, logger: quiet)
        defer { Task { await server.stop() } }

        let transport = TimedTransport(AsyncHTTPTransport())
        let settings = MagentoSettings(
            baseURL: server.baseURL, auth: .admin(username: "admin", password: "admin123"),
            sources: LargeShop.sources, pageSize: pageSize, inventory: .msi)
        let storefront = try await MagentoStorefront.connect(
            MagentoClient(settings: settings, transport: transport, logger: quiet))

        let started = ContinuousClock.now
        let stock = try await storefront.readStock()
        let stockDone = ContinuousClock.now
        let read = try await storefront.readOrders(since: nil, lookback: nil)
        let ordersDone = ContinuousClock.now
        guard stock.records.count == sourceItems, read.records.count == orders else {
            throw ValidationError(
                "read \(stock.records.count) source items and \(read.records.count) orders, expected \(sourceItems) and \(orders)"
            )
        }
        print(
            "Full read from the Magento sandbox over HTTP: \(sourceItems) source items over \(LargeShop.sources.count) "
                + "sources and \(orders) orders, pageSize \(pageSize)")
        print("")
        print(
            pad("", 16) + pad("records", 10) + pad("calls", 8) + pad("lower bound", 13) + pad("wall s", 9) + "records/s"
        )
        for (name, count, calls, elapsed) in [
            ("source items", sourceItems, stock.calls, stockDone - started),
            ("orders", orders, read.calls, ordersDone - stockDone),
        ] {
            let secondsTaken = seconds(elapsed)
            print(
                pad(name, 16) + pad(String(count), 10) + pad(String(calls.made), 8) + pad(String(calls.lowerBound), 13)
                    + pad(fixed(secondsTaken, 3), 9) + String(Int(Double(count) / max(secondsTaken, 1e-9))))
        }
        let latencies = transport.latencies.sorted()
        let median = latencies.isEmpty ? .zero : latencies[latencies.count / 2]
        print("")
        print(
            "total \(fixed(seconds(ordersDone - started), 3)) s for \(latencies.count) calls; "
                + "median call latency \(fixed(seconds(median) * 1000, 1)) ms; peak RSS \(peakResidentMiB()) MiB")
    }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, atto) = duration.components
        return Double(whole) + Double(atto) / 1e18
    }
}
