import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import XeroKit

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan inventory corrections for a pair, without writing to Xero or the storefront.",
        discussion: """
            Reads both sides, runs the three-way diff against the state's bases, and records the plan: the \
            corrections go to the outbox and the conflicts to the queue. Nothing is sent to either side \
            ('trueup apply' does that, and 'trueup run' plans and applies in one go).

            With --pair, reads the pair live: Xero through its connection ('trueup connect xero') and the \
            storefront through its connector ('trueup connect magento', or a CSV feed in the pair file). \
            Stock is read in full; orders, refunds and Xero documents from where the last run left off. \
            --config names the pair file (the scenario.yaml format without as_of); without it the settings \
            of the pair's last run are used.

            With --fixtures, reads a scenario folder of recorded API bodies instead (the layout is in DESIGN \
            §8). The scenario's base.csv and sku_map seed a state that has none yet; with --state, running \
            the same scenario again shows the bases the sides agreed on advancing.

            Examples:
              trueup plan --pair harbour-lane --config pairs/harbour-lane.yaml --out reports/out/harbour-lane
              trueup plan --fixtures fixtures/scenarios/demo --out reports/out/demo
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A scenario folder with scenario.yaml, xero/ and magento/ response bodies.", valueName: "folder"))
    var fixtures: String?

    @Option(help: ArgumentHelp("Plan this pair from its live Xero organisation and storefront.", valueName: "name"))
    var pair: String?

    @Option(
        help: ArgumentHelp("The pair file (with --pair): policy, sources, thresholds.", valueName: "path"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Write inventory.csv, conflicts.csv and reconciliation.xml here.", valueName: "folder"))
    var out: String?

    @Flag(name: .long, help: "Print the plan as JSON instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("List at most this many SKUs in the table.", valueName: "count"))
    var rows = 200

    func validate() throws {
        guard (fixtures == nil) != (pair == nil) else {
            throw ValidationError("pass either --pair NAME (a live pair) or --fixtures FOLDER (recorded bodies)")
        }
        if config != nil, pair == nil { throw ValidationError("--config goes with --pair") }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try global.openStore()
            let logger = global.logger("plan")
            let planned: PlannedRun
            if let pair {
                let live = try await LivePair.open(
                    pair: pair, config: config, store: store, transport: AsyncHTTPTransport(), logger: logger,
                    now: Date())
                let result = try await LivePlanner(
                    scenario: live.scenario, store: store, xero: live.xero, storefront: live.storefront, logger: logger
                ).plan(kind: "plan", out: out)
                try await Planner(store: store, logger: logger).finish(result.planned, extra: result.counts)
                planned = result.planned
            } else {
                planned = try await Planner(store: store, logger: logger).plan(folder: fixtures ?? "", out: out)
            }
            print(json ? PlanPresenter.json(planned) : PlanPresenter.table(planned, limit: rows), terminator: "")
        }
    }
}
