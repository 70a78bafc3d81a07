import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import TrueUpStore

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Show what past runs did: stages, corrections, conflicts and API calls.",
        discussion: """
            Every plan, apply and run is recorded in the state with how it ended, what it counted and \
            how many API calls it made next to the fewest its work needed. 'runs list' gives the newest \
            first; 'runs show ID' gives one run stage by stage.

            Examples:
              trueup runs list --pair harbour-lane --limit 5
              trueup runs show 42
              trueup runs show 42 --json
            """,
        subcommands: [RunsList.self, RunsShow.self],
        defaultSubcommand: RunsList.self
    )
}

struct RunsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List runs, newest first.",
        discussion: """
            Columns: SENT counts the corrections Xero or the storefront answered (or may have carried \
            out) during the run, ACKED those they confirmed, CONFLICTS the conflicts the run opened, CALLS \
            the API calls it made and NEEDED the fewest that could have done the same work. JOB is the \
            job and the kind of run (nightly/run), or the kind alone for a run outside a job.

            Example: trueup runs list --pair harbour-lane --limit 5
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Only this pair.", valueName: "name"))
    var pair: String?

    @Option(name: .long, help: ArgumentHelp("Only runs of this job, such as nightly or intraday.", valueName: "name"))
    var job: String?

    @Option(name: .long, help: ArgumentHelp("List at most this many runs.", valueName: "count"))
    var limit = 20

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await runReportingErrors {
            let runs = try await global.openStore().runs(
                pair: try pair.map { try PairName($0).rawValue }, limit: limit, job: job)
            print(json ? RunPresenter.json(runs) : RunPresenter.table(runs), terminator: "")
        }
    }
}

struct RunsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: its stages, outcomes, corrections and API calls.",
        discussion: """
            Shows how the run ended, each stage with its timing and counts, the inventory outcomes and \
            payment statuses, what became of the corrections it planned (by outbox and state, as they \
            stand now), what its writes did, and its API calls next to the fewest its work needed.

            Example: trueup runs show 42
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The run's id, from 'trueup runs list'.")
    var id: Int64

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await runReportingErrors {
            let store = try global.openStore()
            guard let run = try await store.run(id) else {
                throw TrueUpError.notFound("there is no run \(id); see 'trueup runs list'")
            }
            let detail = RunPresenter.Detail(
                run: run, stages: try await store.stages(run: id),
                corrections: try await store.correctionStates(run: id),
                lease: try await store.lease(pair: run.pair))
            print(json ? RunPresenter.json(detail) : RunPresenter.detail(detail), terminator: "")
        }
    }
}
