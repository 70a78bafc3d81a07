import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import TrueUpStore
import XeroKit

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Read a live pair, plan its inventory corrections and push them to both sides.",
        discussion: """
            One run of DESIGN §1 for one pair: reads Xero and the storefront (stock in full, orders, \
            refunds and Xero documents from where the last run left off), runs the three-way diff, records \
            the plan, then pushes the corrections: Xero adjustments as batched, idempotent documents, and \
            storefront stock through its connector. Bases advance only for what both sides acknowledged; \
            what needs a person goes to the conflict queue.

            --config names the pair file (the scenario.yaml format without as_of); without it the settings \
            of the pair's last run are used. --dry-run stops after the plan, like 'trueup plan --pair'.

            Safe to run again at any time: an interrupted run resumes from the outbox and never repeats an \
            acknowledged write.

            Exit status: 0 done, 3 stopped at Xero's daily call limit (run again later to finish), 1 otherwise.

            Example: trueup run --pair harbour-lane --config pairs/harbour-lane.yaml --out reports/out/harbour-lane
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pair to run.", valueName: "name"))
    var pair: String

    @Option(help: ArgumentHelp("The pair file: policy, sources, thresholds.", valueName: "path"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Write inventory.csv, conflicts.csv and reconciliation.xml here.", valueName: "folder"))
    var out: String?

    @Flag(help: "Plan only: send nothing to either side.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("List at most this many SKUs in the table.", valueName: "count"))
    var rows = 200

    func run() async throws {
        try await runReportingErrors {
            let store = try global.openStore()
            let logger = global.logger("run")
            let live = try await LivePair.open(
                pair: pair, config: config, store: store, transport: AsyncHTTPTransport(), logger: logger, now: Date())
            let planner = Planner(store: store, logger: logger)
            let result = try await LivePlanner(
                scenario: live.scenario, store: store, xero: live.xero, storefront: live.storefront, logger: logger
            ).plan(kind: dryRun ? "plan" : "run", out: out)
            let planned = result.planned
            print(PlanPresenter.table(planned, limit: rows), terminator: "")
            print(result.fetchLine)
            flushStandardOutput()
            guard !dryRun else {
                try await planner.finish(planned, extra: result.counts)
                return
            }
            let applier = PairApplier(
                pair: planned.scenario.pair.rawValue, settings: planned.scenario.settings, store: store,
                xero: live.xero, storefront: live.storefront, logger: logger)
            let counts = Planner.counts(planned.plan, planned.recording).merging(result.counts) { _, new in new }
            let summary = try await applier.apply(run: planned.runID, recording: counts)
            for line in summary.lines(pair: planned.scenario.pair.rawValue) { print(line) }
            try await applier.finish(summary, run: planned.runID, counts: counts, again: "trueup run --pair \(pair)")
        }
    }
}
