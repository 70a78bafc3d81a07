import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import TrueUpStore
import XeroKit

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job (nightly or intraday) for its pairs: read both sides, plan, push, report.",
        discussion: """
            Every stage of a run for each pair of the job, one pair at a time: lock the pair (a lease in the \
            state), read Xero and the storefront, plan inventory corrections with the three-way diff (and, \
            nightly, match payments), push the corrections to both sides, advance the bases for what was \
            acknowledged, write the reports, and record the run ('trueup runs show ID').

            JOB is nightly, intraday, or the path of a job file. A name is looked up as NAME.yaml in --jobs \
            DIR, else $TRUEUP_JOBS, else ./jobs, else /etc/trueup/jobs. See jobs/README.md for the file's keys.

            A nightly reads stock and Items in full and every transaction changed since the last run (the first \
            run reaching back lookback_days), matches payments, pushes, and writes the period's reports (and in \
            the first days of a month the previous month's close pack). An intraday reads stock and new orders \
            and refunds, pushes, and writes no reports.

            Without JOB, --pair P runs one pair as a nightly with the settings of --config PAIR.yaml (the \
            scenario.yaml format without as_of), else those of its last run, and the connections \
            'trueup connect' stored.

            Safe to run again at any time: an interrupted run resumes from the outbox and never repeats an \
            acknowledged write. A second run of a pair while one holds its lease exits 75 at once; a lease \
            left by a killed run expires (lease_seconds, 15 minutes by default) and is taken over.

            Exit status: 0 done; 1 a pair failed; 3 a pair stopped early (Xero's daily call limit, or writes \
            to retry): run again later to finish; 75 another run holds a pair's lease; 64 usage.

            Examples:
              trueup run nightly
              trueup run intraday --pair harbour-lane --dry-run
              trueup run --pair harbour-lane --config pairs/harbour-lane.yaml --out reports/out/harbour-lane
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("nightly, intraday, or a job file's path.", valueName: "job"))
    var job: String?

    @Option(help: ArgumentHelp("Run only this pair of the job.", valueName: "name"))
    var pair: String?

    @Option(help: ArgumentHelp("Where job files are (default: $TRUEUP_JOBS, else ./jobs).", valueName: "folder"))
    var jobs: String?

    @Option(help: ArgumentHelp("Without a job: the pair file (policy, sources, thresholds).", valueName: "path"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Write this run's reports here instead of the job's reports folder.", valueName: "folder"))
    var out: String?

    @Flag(help: "Plan only: send nothing to either side, write no reports.")
    var dryRun = false

    @Option(
        name: .long, help: ArgumentHelp("List at most this many SKUs needing attention.", valueName: "count"))
    var rows = 20

    func validate() throws {
        if job == nil, pair == nil {
            throw ValidationError("name a job ('trueup run nightly'), or a pair with --pair")
        }
        if job != nil, config != nil {
            throw ValidationError("--config is for a run without a job; a job file names its pairs' files")
        }
    }

    func run() async throws {
        try await runReportingErrors {
            let store = try global.openStore()
            let logger = global.logger("run")
            let definition = try await jobDefinition(store: store)
            var runner = JobRunner(
                job: definition, store: store, transport: AsyncHTTPTransport(), logger: logger,
                say: { line in
                    print(line)
                    flushStandardOutput()
                })
            runner.rows = rows
            runner.reportsOverride = out
            let outcomes = try await runner.run(pair: pair, dryRun: dryRun)
            let status = JobRunner.exitCode(outcomes)
            if status != 0 { throw ExitCode(status) }
        }
    }

    /// The job file named, or a one-pair nightly of `--pair` with its pair file or stored settings.
    private func jobDefinition(store: StateStore) async throws -> JobDefinition {
        if let job {
            return try JobDefinition.load(file: try JobDefinition.locate(job, jobsFolder: jobs))
        }
        let pairName = try PairName(pair ?? "")
        let scenario = try await LivePair.settings(pair: pairName, config: config, store: store, now: Date())
        return JobDefinition(
            name: "run", kind: .nightly, file: config ?? "the state",
            pairs: [JobPair(name: pairName, scenario: scenario)])
    }
}
