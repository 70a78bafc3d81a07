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
            AllBench.self, EngineBench.self, XeroReadBench.self, MagentoReadBench.self, PaymentsBench.self,
            StoreBench.self,
            ReportsBench.self, ParseBench.self, NightlyBench.self,
        ],
        defaultSubcommand: AllBench.self
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

    @OptionGroup var options: BenchRuns

    func run() throws {
        let (runs, seed) = (options.runs, options.seed)
        print("TrueUp inventory engine: \(runs) runs per size after a warm-up, seed \(seed)")
        print("")
        BenchTable.print(try engineRows(sizes: skus, runs: runs, seed: seed))
    }
}

/// `InventoryEngine.plan` over seeded synthetic catalogues of each size (generating them is not
/// timed): SKUs classified per second, against the target of two million.
func engineRows(sizes: [Int], runs: Int, seed: UInt64) throws -> [BenchRow] {
    var rows: [BenchRow] = []
    for size in sizes {
        let input = SyntheticInventory(skus: size, seed: seed).input
        resetPeakResident()
        let (seconds, plan) = try timed(runs: runs) { try InventoryEngine.plan(input) }
        guard plan.rows.count == size else {
            throw ValidationError("the engine returned \(plan.rows.count) rows for \(size) SKUs")
        }
        rows.append(
            BenchRow(
                figure: "inventory engine", size: "\(compact(size)) SKUs", seconds: seconds, work: size, unit: "SKUs/s",
                peakMiB: peakResidentMiB(), growthMiB: peakGrowthMiB(),
                note: "\(plan.corrections.count) corrections, \(plan.conflicts.count) conflicts",
                target: 2_000_000))
        rows.append(tableFloorRow(skus: input.snapshot.stock.map(\.sku), runs: runs))
    }
    return rows
}

/// The least any plan keyed by SKU text does: number the storefront's SKUs in a dictionary and
/// look each up once, with no classification at all. What the engine's target is measured against.
private func tableFloorRow(skus: [String], runs: Int) -> BenchRow {
    resetPeakResident()
    let (seconds, found) = timed(runs: runs) { () -> Int in
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(skus.count)
        for (number, sku) in skus.enumerated() { numbers[sku] = number }
        var found = 0
        for sku in skus where numbers[sku] != nil { found += 1 }
        return found
    }
    return BenchRow(
        figure: "  floor: SKU dictionary", size: "\(compact(skus.count)) SKUs", seconds: seconds, work: skus.count,
        unit: "SKUs/s", peakMiB: peakResidentMiB(), growthMiB: peakGrowthMiB(),
        note: "one insert and one lookup per SKU, \(found) found; nothing classified")
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
