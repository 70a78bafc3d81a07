import ArgumentParser
import Foundation
import TrueUpScenarios

/// `make bench`: every benchmark at each size, printed as one table, then the API cost of a
/// nightly and a no-change intraday next to the lower bound for their work.
struct AllBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every benchmark and print one table (what make bench runs).",
        discussion: """
            Rows: the inventory engine, the payments matcher, the state store's snapshot write and read, \
            the report writers, a whole nightly run against the in-process sandbox (rate limits lifted) \
            stage by stage, and the JSON parser on GET /Invoices bodies. Each figure is the median of --runs timed runs after a warm-up, with the min and \
            max; peak MiB is the process's peak resident set while that figure was measured. The nightly runs \
            once per shop, each on a fresh sandbox and state.
            """
    )

    @Option(
        parsing: .upToNextOption, help: "Sizes for the engine (SKUs), matcher (payments), store and reports (rows).")
    var sizes: [Int] = [10_000, 100_000, 1_000_000]

    @Option(help: "Timed runs per figure (after one warm-up).")
    var runs = 3

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Shops for the nightly, as SKUS:ORDERS; the first is also the API cost's.", valueName: "skus:orders"))
    var shops: [String] = ["10000:20000", "20000:40000"]

    @Option(help: "The synthetic generators' seed.")
    var seed: UInt64 = 42

    func run() async throws {
        let shopSizes = try shops.map(ShopSize.init(parsing:))
        let started = ContinuousClock.now
        print("TrueUp benchmarks: \(runs) timed runs per figure after a warm-up; \(machine())")
        print("")
        var rows = try engineRows(sizes: sizes, runs: runs, seed: seed)
        rows += paymentRows(sizes: sizes, runs: runs, seed: seed)
        rows += try await storeRows(sizes: sizes, runs: runs, seed: seed)
        rows += try await reportRows(sizes: sizes, runs: runs, seed: seed)
        let nightly = try await nightlyFigures(shops: shopSizes, runs: 1, seed: DemoShop().seed)
        rows += nightly.rows
        // Last: a parsed million-invoice body leaves the allocator gigabytes that later peaks would show.
        rows += try parseRows(sizes: sizes, runs: runs)
        BenchTable.print(rows)
        print("")
        for line in nightly.costLines { print(line) }
        print("")
        print("all benchmarks in \(fixed((ContinuousClock.now - started).seconds, 0)) s")
    }

    private func machine() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / 1_073_741_824
        return "\(cores) cores, \(memory) GiB, release build"
    }
}
