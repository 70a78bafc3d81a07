public import Foundation
public import Logging
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore
public import XeroKit

/// How one pair's run of a job ended.
public struct PairRunOutcome: Sendable, Hashable {
    public var pair: String
    /// The run recorded, when it got as far as beginning one.
    public var run: Int64?
    /// 0 done, 1 failed, 3 stopped early (Xero's daily limit, or work left to retry), 75 another
    /// run holds the pair's lease.
    public var exitCode: Int32
    public var error: String?
}

/// `trueup run nightly|intraday`: every stage of DESIGN §1 for each pair of a job, one pair at a
/// time. A pair is locked by a lease in the state for the whole run (renewed while it lasts, so a
/// killed run's lease expires and the next run takes it over); what each stage did is recorded on
/// the run for `trueup runs show`.
public struct JobRunner: Sendable {
    public var job: JobDefinition
    let store: StateStore
    let transport: any HTTPTransport
    let logger: Logger
    let display: ProgressDisplay
    /// Where the lines a person reads go (standard output in the command).
    let say: @Sendable (String) -> Void
    /// Where what went wrong goes (standard error, as `error: …`).
    let complain: @Sendable (String) -> Void
    let now: @Sendable () -> Date
    /// The tenant's limits the Xero client paces itself by.
    public var limits: XeroLimits = .standard
    /// How many SKUs needing attention the plan lists.
    public var rows = 20
    /// Where this run's reports go instead of the job's reports folder (`--out`).
    public var reportsOverride: String?

    public init(
        job: JobDefinition, store: StateStore, transport: any HTTPTransport, logger: Logger,
        display: ProgressDisplay = ProgressDisplay(), say: @escaping @Sendable (String) -> Void,
        complain: @escaping @Sendable (String) -> Void = {
            FileHandle.standardError.write(Data("error: \($0)\n".utf8))
        },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.job = job
        self.store = store
        self.transport = transport
        self.logger = logger
        self.display = display
        self.say = say
        self.complain = complain
        self.now = now
    }

    /// Runs the job for every pair, or the one named; a pair that fails does not stop the others.
    public func run(pair: String?, dryRun: Bool) async throws(TrueUpError) -> [PairRunOutcome] {
        var outcomes: [PairRunOutcome] = []
        for jobPair in try job.pairs(named: pair) {
            outcomes.append(await run(jobPair, dryRun: dryRun))
        }
        return outcomes
    }

    /// The exit status of a whole job: a failure wins, then a run stopped early, then a pair
    /// another run held.
    public static func exitCode(_ outcomes: [PairRunOutcome]) -> Int32 {
        let codes = Set(outcomes.map(\.exitCode))
        for code: Int32 in [1, 3, 75] where codes.contains(code) { return code }
        return 0
    }

    /// One pair: lock, run, unlock.
    func run(_ jobPair: JobPair, dryRun: Bool) async -> PairRunOutcome {
        let pair = jobPair.name.rawValue
        let holder = LeaseHolder.current()
        let ttl: Duration = .seconds(job.leaseSeconds)
        do {
            if let takeover = try await store.acquireLease(pair: pair, holder: holder, ttl: ttl, now: now()) {
                say("Pair \(pair): took over the lease of \(takeover.description), which had ended or expired.")
            }
        } catch {
            display.clear()
            complain(error.kind == .locked ? error.message : "pair \(pair): \(error.message)")
            return PairRunOutcome(pair: pair, run: nil, exitCode: error.kind == .locked ? 75 : 1, error: error.message)
        }
        let keeper = LeaseKeeper(store: store, pair: pair, holder: holder, ttl: ttl, logger: logger, now: now)
        await keeper.start()
        let outcome = await runLocked(jobPair, holder: holder, keeper: keeper, dryRun: dryRun)
        await keeper.stop()
        _ = try? await store.releaseLease(pair: pair, holder: holder)
        return outcome
    }

    private func runLocked(
        _ jobPair: JobPair, holder: LeaseHolder, keeper: LeaseKeeper, dryRun: Bool
    ) async -> PairRunOutcome {
        let pair = jobPair.name.rawValue
        var scenario = jobPair.scenario
        scenario.pair = jobPair.name
        scenario.asOf = now()
        if scenario.settings.firstReadDays == nil { scenario.settings.firstReadDays = job.lookbackDays }
        let started = now()
        let runID: Int64
        do {
            runID = try await store.beginRun(
                pair: pair, kind: job.kind.rawValue, source: "live", asOf: scenario.asOf, period: scenario.period,
                settings: scenario.settings.json, at: started)
            try await store.setRunJob(run: runID, job: job.name, holder: holder.id)
            try await store.setLeaseRun(pair: pair, holder: holder, run: runID)
        } catch {
            complain("pair \(pair): \(error.message)")
            return PairRunOutcome(pair: pair, run: nil, exitCode: 1, error: error.message)
        }
        say("\(job.name) run \(runID) of pair \(pair)\(dryRun ? " (dry run: nothing is sent)" : "")")
        let stages = RunStages(run: runID, store: store, display: display, now: now)
        var counts: [String: Int] = [:]
        do throws(TrueUpError) {
            stages.start("connect")
            let xero = try await JobConnections.xero(
                for: jobPair, store: store, transport: transport, limits: limits, logger: logger, now: now())
            let storefront = try await JobConnections.storefront(
                for: jobPair, settings: scenario.settings, store: store, transport: transport, logger: logger,
                now: now())
            try await stages.finish()
            let planner = LivePlanner(
                scenario: scenario, store: store, xero: xero, storefront: storefront, logger: logger, now: now)
            let payments = job.runs(.payments)
            let live = try await display.showing { () async throws(TrueUpError) in
                try await planner.plan(run: runID, out: nil, payments: payments, stages: stages)
            }
            display.clear()
            let planned = live.planned
            counts = Planner.counts(planned.plan, planned.recording).merging(live.counts) { _, new in new }
            if let result = planned.payments, let recording = planned.paymentRecording {
                counts.merge(Planner.counts(result, recording)) { _, new in new }
            }
            say(PlanPresenter.summary(planned, attention: rows))
            say(live.fetchLine)
            var xeroLowerBound = live.xeroLowerBound
            var storeLowerBound = live.storefrontCalls.lowerBound
            var storeCalls = live.storefrontCalls.made
            var exitCode: Int32 = 0
            var runError: String?
            if dryRun {
                try await stages.skip("apply", because: "dry run")
            } else if job.runs(.apply) {
                // Nothing is written for a pair whose lease another run has taken over.
                try await keeper.check()
                stages.start("apply")
                var applier = PairApplier(
                    pair: pair, settings: planned.scenario.settings, store: store, xero: xero, storefront: storefront,
                    logger: logger)
                applier.catalogue = live.catalogue
                let summary = try await display.showing { () async throws(TrueUpError) in
                    try await applier.apply(run: runID, now: now)
                }
                display.clear()
                for line in summary.lines(pair: pair) { say(line) }
                counts.merge(summary.counts) { _, new in new }
                xeroLowerBound += summary.xero.lowerBound + summary.payments.lowerBound
                storeLowerBound += summary.storefront?.calls.lowerBound ?? 0
                storeCalls += summary.storefront?.calls.made ?? 0
                if let stop = summary.xero.stoppedAtDayLimit ?? summary.payments.stoppedAtDayLimit {
                    exitCode = 3
                    runError = stop.description
                } else if !summary.complete {
                    exitCode = 3
                    runError =
                        summary.storefrontError?.message ?? "some corrections were not done; they are retried next run"
                }
                try await stages.finish(counts: summary.counts, status: exitCode == 0 ? .ok : .partial, note: runError)
            } else {
                try await stages.skip("apply", because: "not a stage of job \(job.name)")
            }
            if job.runs(.reports), !dryRun {
                stages.start("reports")
                let written = try await writeReports(pair: pair, run: runID, period: planned.scenario.period)
                try await stages.finish(counts: ["files": written])
            }
            let waits = await xero.rateLimitWaits
            counts["rate_limit_waits"] = waits.count
            counts["rate_limit_wait_ms"] = Int(waits.total.wholeMilliseconds)
            say(
                "API calls: Xero \(xero.callsMade) (at least \(xeroLowerBound) needed), storefront "
                    + "\(storeCalls) (at least \(storeLowerBound))"
                    + (waits.count > 0
                        ? "; waited \(waits.count) times for Xero's limits, "
                            + "\(waits.total.wholeMilliseconds / 1000) s in all" : "")
                    + ".")
            try await store.finishRun(
                runID, status: exitCode == 0 ? .ok : .partial, exitCode: exitCode, counts: counts, error: runError,
                at: now())
            let seconds = now().timeIntervalSince(started)
            say(
                "Run \(runID) \(exitCode == 0 ? "done" : "stopped early: \(runError ?? "")") in "
                    + String(format: "%.1f", seconds) + " s; see 'trueup runs show \(runID)'.")
            return PairRunOutcome(pair: pair, run: runID, exitCode: exitCode, error: runError)
        } catch {
            display.clear()
            await stages.fail(error)
            let exitCode: Int32 = error.kind == .partial ? 3 : 1
            try? await store.finishRun(
                runID, status: exitCode == 3 ? .partial : .failed, exitCode: exitCode, counts: counts,
                error: error.message, at: now())
            complain("pair \(pair): run \(runID) failed: \(error.message)")
            return PairRunOutcome(pair: pair, run: runID, exitCode: exitCode, error: error.message)
        }
    }

    /// The current period's reports, and, in the first days of a month, the previous period's close
    /// pack. Returns how many files were written.
    private func writeReports(pair: String, run: Int64, period: Period) async throws(TrueUpError) -> Int {
        let folder = { (period: Period) in
            job.reportsFolder.map { "\($0)/\(pair)/\(period)" }
        }
        let reporter = Reporter(store: store, now: now)
        let files = try await reporter.write(runID: run, out: reportsOverride ?? folder(period))
        say("Reports for \(period): \(files.first.map { ($0 as NSString).deletingLastPathComponent } ?? "-")")
        var written = files.count
        let zone = (try await store.pairSettings(pair)).flatMap(PairSettings.fromJSON)?.zone ?? .gmt
        for earlier in job.reportPeriods(at: now(), in: zone) where earlier < period {
            let pack = try await ClosePack(store: store, now: now).write(
                pair: pair, period: earlier, out: folder(earlier))
            written += pack.files.count
            say("Close pack for \(earlier): \(pack.folder)")
            for warning in pack.warnings { say("  note: \(warning)") }
        }
        return written
    }
}
