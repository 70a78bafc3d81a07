import ArgumentParser
import Foundation
import TrueUpTestSupport

/// Writes the demo shop's scenario from its seeded generator: `trueup-bench demo-fixtures --out
/// fixtures/demo`. The same seed and sizes give byte-identical files; the README beside them is
/// written by hand and left alone.
struct DemoFixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-fixtures",
        abstract: "Write the demo shop's scenario (fixtures/demo) from its seeded generator."
    )

    @Option(help: ArgumentHelp("The scenario folder to write.", valueName: "folder"))
    var out: String

    @Option(help: "The generator's seed.")
    var seed: UInt64 = DemoShop().seed

    @Option(help: "Storefront SKUs.")
    var skus = DemoShop().skus

    @Option(help: "Orders over the month.")
    var orders = DemoShop().orders

    func run() throws {
        let shop = DemoShop(seed: seed, skus: skus, orders: orders)
        let files = try shop.files()
        try shop.write(to: URL(fileURLWithPath: out))
        print("Wrote \(files.count) files of the demo shop (seed \(seed), \(skus) SKUs, \(orders) orders) to \(out)")
    }
}
