public import Foundation
public import Logging
public import TrueUpCore
public import TrueUpEngine
import TrueUpReports
public import TrueUpStore

/// A plan over a scenario folder, recorded in the state.
public struct PlannedRun: Sendable {
    public var runID: Int64
    public var scenario: Scenario
    public var plan: InventoryPlan
    public var recording: PlanRecording
    /// The payments match, when the run read anything it works on.
    public var payments: PaymentMatchResult?
    public var paymentRecording: PaymentRecording?
    /// The report files written, when a folder was given.
    public var reports: [String]
    public var source: String
}

/// Stages 3–5 (and the reports of stage 8) of DESIGN §1 over what a run read: recorded API bodies
/// (`trueup plan --fixtures`) or a live pair's fetch (`trueup plan --pair`).
public struct Planner: Sendable {
    public let store: StateStore
    public let logger: Logger
    /// The wall clock, for when things were recorded and written; the run's own clock is the scenario's `as_of`.
    public let now: @Sendable () -> Date

    public init(store: StateStore, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.logger = logger
        self.now = now
    }

    /// Plans the scenario in `folder` against the state, records the plan, and writes the reports
    /// into `out` when given.
    public func plan(folder: String, out: String?) async throws(TrueUpError) -> PlannedRun {
        try await plan(try ScenarioLoader.load(folder: folder), out: out)
    }

    /// Plans a scenario already read (and perhaps changed, as a test changes what a side holds).
    public func plan(_ loaded: LoadedScenario, out: String?) async throws(TrueUpError) -> PlannedRun {
        let scenario = loaded.scenario
        let source = "fixtures:\(scenario.folder)"
        let runID = try await store.beginRun(
            pair: scenario.pair.rawValue, kind: "plan", source: source, asOf: scenario.asOf, period: scenario.period,
            settings: scenario.settings.json, at: now())
        do throws(TrueUpError) {
            let planned = try await plan(loaded, run: runID, source: source, out: out)
            try await finish(planned)
            return planned
        } catch {
            try? await store.finishRun(
                runID, status: .failed, exitCode: 1, counts: [:], error: error.message, at: now())
            throw error
        }
    }

    /// Records a successful plan's counts on its run.
    public func finish(_ planned: PlannedRun, extra: [String: Int] = [:]) async throws(TrueUpError) {
        var counts = Self.counts(planned.plan, planned.recording)
        if let payments = planned.payments, let recording = planned.paymentRecording {
            counts.merge(Self.counts(payments, recording)) { _, new in new }
        }
        counts.merge(extra) { _, new in new }
        try await store.finishRun(planned.runID, status: .ok, exitCode: 0, counts: counts, error: nil, at: now())
    }

    /// Plans what `loaded` holds within a run already begun (a live run fetches first), records the
    /// plan and writes the reports. The run is left for the caller to finish.
    ///
    /// - Parameter matchPayments: whether to run the payments match (an intraday run does not: its
    ///   payment rows and conflicts stay as the last nightly left them).
    public func plan(
        _ loaded: LoadedScenario, run runID: Int64, source: String, out: String?, matchPayments: Bool = true
    ) async throws(TrueUpError) -> PlannedRun {
        let scenario = loaded.scenario
        let pair = scenario.pair.rawValue
        logger.info(
            "plan.loaded",
            metadata: [
                "pair": "\(pair)", "items": "\(loaded.snapshot.items.count)", "stock": "\(loaded.snapshot.stock.count)",
                "orders": "\(loaded.snapshot.orders.count)", "problems": "\(loaded.snapshot.problems.count)",
            ])
        // A scenario's base and mappings seed a state that has none of its own; after that the
        // state has moved on and wins.
        var bases = try await store.bases(pair: pair)
        if let seed = loaded.bases, bases.isEmpty {
            try await store.seedBases(seed, pair: pair, run: runID, at: now())
            bases = try await store.bases(pair: pair)
        }
        var mappings = try await store.mappings(pair: pair)
        for (sku, mapping) in scenario.skuMap.sorted(by: { $0.key < $1.key }) where mappings[sku] == nil {
            try await store.setMapping(mapping, pair: pair, sku: sku, by: "scenario.yaml", at: now())
            mappings[sku] = mapping
        }
        var history = scenario.history
        for (sku, changes) in try await store.history(pair: pair) { history[sku, default: []] += changes }

        let input = InventoryInput(
            pair: pair, snapshot: loaded.snapshot, bases: bases, mappings: mappings, history: history,
            resolutions: try await store.pendingResolutions(pair: pair),
            sources: scenario.settings.sources.map(Set.init),
            settings: scenario.settings.inventory)
        let plan: InventoryPlan
        do {
            plan = try InventoryEngine.plan(input)
        } catch {
            throw TrueUpError.badInput(error.description)
        }
        let recording = try await store.recordInventoryPlan(
            plan, snapshot: loaded.snapshot, pair: pair, run: runID, at: now())
        logger.info(
            "plan.recorded",
            metadata: [
                "run": "\(runID)", "corrections": "\(recording.outbox.inserted)",
                "conflicts.opened": "\(recording.conflictsOpened)", "bases.advanced": "\(recording.basesAdvanced)",
            ])
        var payments: PaymentMatchResult?
        var paymentRecording: PaymentRecording?
        if matchPayments, let (input, problems) = PaymentsStage.input(loaded, asOf: scenario.asOf) {
            var result = PaymentMatcher.match(input)
            result.conflicts += PaymentsStage.conflicts(for: problems)
            paymentRecording = try await store.recordPaymentPlan(result, pair: pair, run: runID, at: now())
            payments = result
            logger.info(
                "plan.payments",
                metadata: [
                    "run": "\(runID)", "rows": "\(result.matches.count)",
                    "corrections": "\(paymentRecording?.correctionsInserted ?? 0)",
                    "conflicts": "\(result.conflicts.count)",
                ])
        }
        var reports: [String] = []
        if let out {
            reports = try await Reporter(store: store, now: now).write(runID: runID, out: out)
        }
        return PlannedRun(
            runID: runID, scenario: scenario, plan: plan, recording: recording, payments: payments,
            paymentRecording: paymentRecording, reports: reports, source: source)
    }

    public static func counts(_ result: PaymentMatchResult, _ recording: PaymentRecording) -> [String: Int] {
        var counts: [String: Int] = ["payments.rows": result.matches.count]
        for (status, count) in result.statusCounts { counts["payments.\(status.rawValue)"] = count }
        counts["payments.corrections.planned"] = result.corrections.count
        counts["payments.corrections.inserted"] = recording.correctionsInserted
        counts["payments.conflicts.opened"] = recording.conflictsOpened
        counts["payments.conflicts.updated"] = recording.conflictsUpdated
        counts["payments.conflicts.cleared"] = recording.conflictsCleared
        return counts
    }

    public static func counts(_ plan: InventoryPlan, _ recording: PlanRecording) -> [String: Int] {
        var counts: [String: Int] = ["skus": plan.rows.count, "corrections.planned": plan.corrections.count]
        for (outcome, count) in plan.outcomeCounts { counts["outcome.\(outcome.rawValue)"] = count }
        counts["corrections.inserted"] = recording.outbox.inserted
        counts["corrections.held"] = recording.outbox.held.count
        counts["conflicts.opened"] = recording.conflictsOpened
        counts["conflicts.updated"] = recording.conflictsUpdated
        counts["conflicts.cleared"] = recording.conflictsCleared
        return counts
    }
}
