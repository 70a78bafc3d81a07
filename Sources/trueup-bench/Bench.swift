import ArgumentParser
import Foundation
import TrueUpEngine
import TrueUpTestSupport

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trueup-bench",
        abstract: "TrueUp's benchmarks (build with -c release).",
        subcommands: [
            EngineBench.self, XeroReadBench.self, MagentoReadBench.self, PaymentsBench.self, StoreBench.self,
            ReportsBench.self, NightlyBench.self, DemoFixturesCommand.self,
        ],
        defaultSubcommand: EngineBench.self
    )
}

/// Measures the inventory engine on seeded synthetic catalogues and prints one table: the
/// median of several runs with min and max, SKUs classified per second, and peak memory.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Benchmark the inventory engine."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Catalogue sizes, in SKUs.")
    var skus: [Int] = [10_000, 100_000, 1_000_000]

    @Option(name: .long, help: "Timed runs per size (after one warm-up).")
    var runs = 5

    @Option(name: .long, help: "The generator's seed.")
    var seed: UInt64 = 42

    func run() throws {
        print("TrueUp inventory engine: \(runs) runs per size after a warm-up, seed \(seed)")
        print("")
        print(
            pad("SKUs", 10) + pad("median s", 11) + pad("min s", 9) + pad("max s", 9) + pad("SKUs/s (median)", 17)
                + "peak RSS MiB")
        for size in skus {
            let data = SyntheticInventory(skus: size, seed: seed)
            let input = data.input
            _ = try InventoryEngine.plan(input)
            var seconds: [Double] = []
            var rows = 0
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let plan = try InventoryEngine.plan(input)
                seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                rows = plan.rows.count
            }
            guard rows == size else { throw ValidationError("the engine returned \(rows) rows for \(size) SKUs") }
            seconds.sort()
            let median = seconds[seconds.count / 2]
            print(
                pad(String(size), 10) + pad(fixed(median, 3), 11) + pad(fixed(seconds[0], 3), 9)
                    + pad(fixed(seconds[seconds.count - 1], 3), 9) + pad(String(Int(Double(size) / median)), 17)
                    + String(peakResidentMiB()))
        }
    }
}

func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(1, width - text.count))
}

func fixed(_ value: Double, _ places: Int) -> String {
    let scale = pow(10, Double(places))
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    let decimals = text.split(separator: ".").last.map(\.count) ?? 0
    if decimals < places { text += String(repeating: "0", count: places - decimals) }
    return text
}
