public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore
public import XeroKit

/// A plan made from a live pair, with what its reads cost.
public struct LivePlan: Sendable {
    public var planned: PlannedRun
    public var xeroCalls: Int
    public var xeroLowerBound: Int
    public var storefrontCalls: CallTally
    /// Working-set records let go of after the plan.
    public var settledRecords: Int
    /// Storefront corrections acknowledged because the stock read shows them done.
    public var confirmedStoreCorrections: Int
    /// The organisation and items as read, for the apply stage.
    public var catalogue: XeroCatalogue

    /// The figures a run records besides the plan's.
    public var counts: [String: Int] {
        [
            "fetch_xero_calls": xeroCalls, "fetch_xero_calls_lower_bound": xeroLowerBound,
            "fetch_store_calls": storefrontCalls.made, "fetch_store_calls_lower_bound": storefrontCalls.lowerBound,
            "working_set_settled": settledRecords, "store_confirmed": confirmedStoreCorrections,
        ]
    }

    /// The line a person reads about what the reads cost.
    public var fetchLine: String {
        "Read: Xero \(xeroCalls) API calls (at least \(xeroLowerBound) needed), storefront \(storefrontCalls.made) "
            + "(at least \(storefrontCalls.lowerBound))."
    }
}

/// Stages 1–5 of DESIGN §1 on a live pair: reads Xero (XeroKit) and the storefront (its connector),
/// merges the incremental reads into the pair's working set, snapshots the result and plans it
/// like any other snapshot. Cursors move, and settled records are let go of, only once the plan is
/// recorded, so a run that fails part-way reads the same records again next time.
public struct LivePlanner: Sendable {
    public var scenario: Scenario
    let store: StateStore
    let xero: XeroClient
    let storefront: any Storefront
    let logger: Logger
    let now: @Sendable () -> Date

    /// - Parameter scenario: the pair's settings (from its pair file); its `asOf` is the run's clock.
    public init(
        scenario: Scenario, store: StateStore, xero: XeroClient, storefront: any Storefront, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.scenario = scenario
        self.store = store
        self.xero = xero
        self.storefront = storefront
        self.logger = logger
        self.now = now
    }

    /// The source a live run records: which systems it read.
    public var source: String { "live:xero+\(storefront.platform)" }

    /// Begins a run of `kind`, fetches, plans and records the plan; the run is finished here when
    /// anything fails, else left for the caller (which may go on to apply).
    public func plan(kind: String, out: String?) async throws(TrueUpError) -> LivePlan {
        let runID = try await store.beginRun(
            pair: scenario.pair.rawValue, kind: kind, source: source, asOf: scenario.asOf, period: scenario.period,
            settings: scenario.settings.json, at: now())
        do throws(TrueUpError) {
            return try await plan(run: runID, out: out)
        } catch {
            try? await store.finishRun(
                runID, status: .failed, exitCode: 1, counts: [:], error: error.message, at: now())
            throw error
        }
    }

    /// Fetches, plans and records the plan within a run already begun, recording the `fetch` and
    /// `plan` stages on `stages` when given. The run is left for the caller to finish, however
    /// this ends.
    ///
    /// - Parameter payments: whether to read what the payments match works on and run it.
    public func plan(
        run runID: Int64, out: String?, payments matchPayments: Bool = true, stages: RunStages? = nil
    ) async throws(TrueUpError) -> LivePlan {
        var scenario = scenario
        let pair = scenario.pair.rawValue
        stages?.start("fetch")
        do throws(TrueUpError) {
            let xeroFetch = XeroFetch(pair: pair, store: store, client: xero)
            let storeFetch = StorefrontFetch(
                pair: pair, store: store, storefront: storefront, firstReadDays: scenario.settings.firstReadWindow)
            logger.info("live.fetch.xero", metadata: ["pair": "\(pair)"])
            let fromXero = try await xeroFetch.fetch(payments: matchPayments)
            logger.info("live.fetch.storefront", metadata: ["pair": "\(pair)", "platform": "\(storefront.platform)"])
            let fromStore = try await storeFetch.fetch(payments: matchPayments)
            logger.info(
                "live.fetched",
                metadata: [
                    "items": "\(fromXero.items.records.count)", "invoices": "\(fromXero.invoices.records.count)",
                    "stock": "\(fromStore.stock.records.count)", "orders": "\(fromStore.orders.records.count)",
                    "refunds": "\(fromStore.refunds.records.count)", "xero.calls": "\(fromXero.calls)",
                    "store.calls": "\(fromStore.calls.made)",
                ])

            try await stages?.finish(
                counts: [
                    "xero_calls": fromXero.calls, "xero_calls_lower_bound": fromXero.lowerBound,
                    "store_calls": fromStore.calls.made, "store_calls_lower_bound": fromStore.calls.lowerBound,
                    "items": fromXero.items.records.count, "stock": fromStore.stock.records.count,
                    "orders": fromStore.orders.records.count, "refunds": fromStore.refunds.records.count,
                    "invoices": fromXero.invoices.records.count, "payments": fromXero.payments.records.count,
                ])
            stages?.start("plan")

            // The organisation decides the calendar and the currency stock is valued in.
            if scenario.settings.baseCurrency == nil {
                scenario.settings.baseCurrency = fromXero.organisation.baseCurrency
            }
            if let zone = try? fromXero.organisation.timezone.timeZone() {
                scenario.settings.timeZone = zone.identifier
            }

            // Corrections a shop was left to carry out count as done once its stock shows them.
            let confirmed = try await StorefrontApplier.confirm(
                pair: pair, stock: fromStore.stock.records, sources: scenario.settings.sources.map(Set.init),
                store: store, run: runID, at: now())
            if confirmed > 0 { logger.info("live.store.confirmed", metadata: ["corrections": "\(confirmed)"]) }

            // What this run read joins the working set, which is then read whole; what was just
            // read is not decoded back from the state.
            var read = WorkingSet()
            read.orders = fromStore.orders.records
            read.refunds = fromStore.refunds.records
            read.invoices = fromXero.invoices.records
            read.creditNotes = fromXero.creditNotes.records
            read.payments = fromXero.payments.records
            read.bankTransactions = fromXero.bankTransactions.records
            read.storePayments = fromStore.payments.records
            try await WorkingSet.merge(
                orders: read.orders, refunds: read.refunds, invoices: read.invoices, creditNotes: read.creditNotes,
                payments: read.payments, bankTransactions: read.bankTransactions, storePayments: read.storePayments,
                pair: pair, store: store, at: now())
            let working = try await WorkingSet.load(pair: pair, store: store, reusing: read)
            let snapshot = InventorySnapshot(
                items: fromXero.items.records, stock: fromStore.stock.records, orders: working.orders,
                refunds: working.refunds, invoices: working.invoices, creditNotes: working.creditNotes,
                problems: fromXero.items.problems + fromXero.invoices.problems + fromXero.creditNotes.problems
                    + fromStore.problems)
            var payments = PaymentsSnapshot()
            payments.payments = working.payments
            payments.bankTransactions = working.bankTransactions
            payments.storePayments = working.storePayments
            payments.problems =
                fromXero.payments.problems + fromXero.bankTransactions.problems + fromStore.payments.problems
            if matchPayments, let files = scenario.settings.paymentFiles {
                PaymentFileReader.read(files, into: &payments)
            }
            let planner = Planner(store: store, logger: logger, now: now)
            let planned = try await planner.plan(
                LoadedScenario(scenario: scenario, snapshot: snapshot, bases: nil, payments: payments), run: runID,
                source: source, out: out, matchPayments: matchPayments)
            try await xeroFetch.commit(fromXero, run: runID, at: now())
            try await storeFetch.commit(fromStore, run: runID, at: now())
            let settled = try await working.prune(pair: pair, store: store, asOf: scenario.asOf)
            var planCounts = Planner.counts(planned.plan, planned.recording)
            if let result = planned.payments, let recording = planned.paymentRecording {
                planCounts.merge(Planner.counts(result, recording)) { _, new in new }
            }
            try await stages?.finish(counts: planCounts)
            return LivePlan(
                planned: planned, xeroCalls: fromXero.calls, xeroLowerBound: fromXero.lowerBound,
                storefrontCalls: fromStore.calls, settledRecords: settled, confirmedStoreCorrections: confirmed,
                catalogue: XeroCatalogue(organisation: fromXero.organisation, items: fromXero.items.records))
        } catch {
            await stages?.fail(error)
            throw error
        }
    }
}
