import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpScenarios

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded synthetic shop as a scenario folder the sandbox can serve.",
        discussion: """
            Writes a month of a Magento shop and its Xero organisation in the scenario layout (DESIGN §8): \
            scenario.yaml, base.csv, xero/*.json, magento/*.json, a bank statement CSV and a Stripe payout \
            CSV. It is the generator behind fixtures/demo (the defaults write exactly that shop), with the \
            same deliberate problems at any size: bills Xero has and the shop has not seen, a stocktake in \
            the shop, a SKU moved on both sides, a mistyped SKU, an untracked gift card, payments and a \
            refund missing in Xero, unbooked payout fees, an unexplained bank credit, a double payment. \
            The same seed and sizes give byte-identical files.

            Then: trueup sandbox --scenario DIR, trueup demo --scenario DIR, or trueup plan --fixtures DIR.
            The benchmarks (make bench) serve shops from this generator too.

            The folder must be new or empty, unless --force: then the generator's files are replaced and \
            anything else in it is left alone.
            """
    )

    @Option(help: ArgumentHelp("The scenario folder to write.", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Storefront SKUs (at least \(DemoShop.minimumSKUs)).", valueName: "n"))
    var skus = DemoShop().skus

    @Option(help: ArgumentHelp("Orders over the month (at least \(DemoShop.minimumOrders)).", valueName: "n"))
    var orders = DemoShop().orders

    @Option(help: ArgumentHelp("The generator's seed.", valueName: "n"))
    var seed: UInt64 = DemoShop().seed

    @Flag(help: "Write into a folder that already has files in it.")
    var force = false

    func run() throws {
        do {
            try generate()
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(exitStatus(for: error))
        }
    }

    private func generate() throws(TrueUpError) {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
            throw .usage("\(out) is a file, not a folder; give --out a folder to write the scenario into")
        }
        if !existing.isEmpty, !force {
            throw .usage(
                "\(out) already has files in it (\(existing.sorted().prefix(3).joined(separator: ", "))…); "
                    + "choose a new folder, or pass --force to replace the generator's files there")
        }
        let shop = DemoShop(seed: seed, skus: skus, orders: orders)
        let started = ContinuousClock.now
        let files = try shop.files()
        do {
            try shop.write(files, to: URL(fileURLWithPath: out))
        } catch {
            throw .output("could not write the scenario to \(out): \(error.localizedDescription)")
        }
        let mebibytes = Double(files.map(\.bytes.count).reduce(0, +)) / 1_048_576
        let (seconds, attoseconds) = (ContinuousClock.now - started).components
        print(
            "Wrote \(files.count) files (" + String(format: "%.1f", mebibytes) + " MiB) to \(out): seed \(seed), "
                + "\(skus) SKUs, \(orders) orders, in "
                + String(format: "%.1f", Double(seconds) + Double(attoseconds) / 1e18) + " s.")
        print("Serve it with 'trueup sandbox --scenario \(out)', or run 'trueup demo --scenario \(out)'.")
    }
}
