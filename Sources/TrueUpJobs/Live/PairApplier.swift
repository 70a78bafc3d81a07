public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore
public import XeroKit

/// What pushing a pair's corrections to both sides did.
public struct PairApplySummary: Sendable {
    public var xero: XeroApplySummary
    /// `nil` when the pair has no storefront connector configured: its corrections wait.
    public var storefront: StorefrontApplySummary?
    /// The payment corrections' outcome (``XeroApplySummary/storeWaiting`` counts orders the
    /// storefront could not mark paid).
    public var payments = XeroApplySummary()
    /// Why the storefront's writes stopped early, when they did.
    public var storefrontError: TrueUpError? { storefront?.stopped }

    public var counts: [String: Int] {
        xero.counts.merging(storefront?.counts ?? [:]) { _, new in new }.merging(payments.counts(prefix: "payments")) {
            _, new in new
        }
    }

    /// Whether everything planned was done.
    public var complete: Bool {
        xero.stoppedAtDayLimit == nil && xero.inDoubt == 0 && xero.failed == 0 && storefrontError == nil
            && (storefront.map { $0.failed == 0 } ?? true) && payments.stoppedAtDayLimit == nil
            && payments.inDoubt == 0 && payments.failed == 0
    }

    /// The lines a person reads after `apply` or `run`.
    public func lines(pair: String) -> [String] {
        var lines = [
            "Xero: \(xero.acknowledged) acknowledged (\(xero.foundAlreadyMade) found already made), "
                + "\(xero.rejected) refused (now conflicts), \(xero.failed) to retry, \(xero.inDoubt) in doubt; "
                + "\(xero.calls) API calls (at least \(xero.lowerBound) needed)."
        ]
        if let storefront {
            lines.append(
                "Storefront: \(storefront.acknowledged) set, \(storefront.rejected) refused (now conflicts), "
                    + "\(storefront.failed) to retry; \(storefront.calls.made) API calls "
                    + "(at least \(storefront.calls.lowerBound) needed).")
            if storefront.awaiting > 0 {
                lines.append(
                    "\(storefront.awaiting) stock corrections were handed to the shop to import; each is acknowledged "
                        + "when a later run reads the stock it sets.")
            }
        } else if xero.storeWaiting > 0 {
            lines.append(
                "\(xero.storeWaiting) storefront corrections stay in the outbox: pair \(pair) has no storefront "
                    + "connection (see 'trueup connect magento').")
        }
        if let storefrontError { lines.append("Storefront writes stopped: \(storefrontError.message)") }
        if payments != XeroApplySummary() {
            lines.append(
                "Payments: \(payments.acknowledged) done, \(payments.rejected) refused (now conflicts), "
                    + "\(payments.failed) to retry, \(payments.inDoubt) in doubt"
                    + (payments.storeWaiting > 0 ? ", \(payments.storeWaiting) waiting for the storefront" : "")
                    + "; \(payments.calls) Xero API calls.")
        }
        if xero.rejected > 0 || (storefront?.rejected ?? 0) > 0 || payments.rejected > 0 {
            lines.append("See 'trueup conflicts list --pair \(pair)' for what was refused.")
        }
        return lines
    }
}

/// Stage 6 of DESIGN §1 for both sides: Xero first (a refused Xero half withdraws its storefront
/// sibling), then the storefront through its connector.
public struct PairApplier: Sendable {
    public var pair: String
    public var settings: PairSettings
    let store: StateStore
    let xero: XeroClient
    let storefront: (any Storefront)?
    let logger: Logger
    /// What the run read of the organisation, so that applying does not read it again.
    public var catalogue: XeroCatalogue?
    /// Only the corrections this plan (run) recorded, when set (`trueup apply --plan ID`).
    public var plan: Int64?

    public init(
        pair: String, settings: PairSettings, store: StateStore, xero: XeroClient, storefront: (any Storefront)?,
        logger: Logger
    ) {
        self.pair = pair
        self.settings = settings
        self.store = store
        self.xero = xero
        self.storefront = storefront
        self.logger = logger
    }

    public func apply(
        run: Int64, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(TrueUpError)
        -> PairApplySummary
    {
        // A damaged state could lose the record of what is sent: nothing is sent until it is sound.
        try await store.requireIntact()
        var xeroApplier = XeroApplier(
            pair: pair, settings: settings.xeroAdjustments, store: store, client: xero, logger: logger)
        xeroApplier.catalogue = catalogue
        xeroApplier.plan = plan
        let xeroSummary = try await xeroApplier.apply(run: run, now: now)
        var summary = PairApplySummary(xero: xeroSummary, storefront: nil)
        if let storefront {
            var storefrontApplier = StorefrontApplier(
                pair: pair, settings: settings, store: store, storefront: storefront, logger: logger)
            storefrontApplier.plan = plan
            summary.storefront = try await storefrontApplier.apply(run: run, now: now)
        }
        guard xeroSummary.stoppedAtDayLimit == nil else { return summary }
        var paymentApplier = PaymentApplier(
            pair: pair, store: store, client: xero, storefront: storefront, logger: logger)
        paymentApplier.plan = plan
        summary.payments = try await paymentApplier.apply(run: run, now: now)
        return summary
    }
}

extension PairApplier {
    /// ``apply(run:now:)``, finishing `run` as failed (with `counts`) when it throws.
    public func apply(run: Int64, recording counts: [String: Int]) async throws(TrueUpError) -> PairApplySummary {
        do {
            return try await apply(run: run)
        } catch {
            try? await store.finishRun(
                run, status: .failed, exitCode: 1, counts: counts, error: error.message, at: Date())
            throw error
        }
    }

    /// Finishes `run` with how the apply went, `counts` beside the summary's, and throws what the
    /// command exits with when not everything was done: Xero's daily limit (exit 3), else a
    /// failure that says to run `again`.
    public func finish(
        _ summary: PairApplySummary, run: Int64, counts: [String: Int], again: String
    ) async throws(TrueUpError) {
        let counts = counts.merging(summary.counts) { _, new in new }
        if let stop = summary.xero.stoppedAtDayLimit ?? summary.payments.stoppedAtDayLimit {
            try await store.finishRun(
                run, status: .partial, exitCode: 3, counts: counts, error: stop.description, at: Date())
            throw stop.trueUpError
        }
        let status: RunStatus = summary.complete ? .ok : .partial
        try await store.finishRun(
            run, status: status, exitCode: status == .ok ? 0 : 1, counts: counts,
            error: summary.storefrontError?.message, at: Date())
        if status != .ok {
            throw TrueUpError(.remote, "some corrections were not done; run '\(again)' again")
        }
    }
}
