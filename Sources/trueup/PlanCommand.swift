import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan inventory corrections for a pair, without writing to Xero or the storefront.",
        discussion: """
            Reads a scenario folder of recorded API bodies (--fixtures; the layout is in DESIGN §8), \
            runs the three-way diff against the state's bases, and records the plan: the corrections \
            go to the outbox and the conflicts to the queue. Nothing is sent to either side.

            The scenario's base.csv and sku_map seed a state that has none yet; with --state, running \
            the same scenario again shows the bases the sides agreed on advancing.

            Example: trueup plan --fixtures fixtures/scenarios/demo --out reports/out/demo
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A scenario folder with scenario.yaml, xero/ and magento/ response bodies.", valueName: "folder"))
    var fixtures: String

    @Option(
        name: .long,
        help: ArgumentHelp("Write inventory.csv, conflicts.csv and reconciliation.xml here.", valueName: "folder"))
    var out: String?

    @Flag(name: .long, help: "Print the plan as JSON instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("List at most this many SKUs in the table.", valueName: "count"))
    var rows = 200

    func run() async throws {
        try await runReportingErrors {
            let planner = FixturePlanner(store: try global.openStore(), logger: global.logger("plan"))
            let planned = try await planner.plan(folder: fixtures, out: out)
            print(json ? PlanPresenter.json(planned) : PlanPresenter.table(planned, limit: rows), terminator: "")
        }
    }
}
