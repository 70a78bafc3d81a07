public import Foundation
public import Logging
public import StorefrontKit
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore

/// What pushing a pair's storefront corrections did.
public struct StorefrontApplySummary: Sendable {
    /// Corrections the storefront now holds.
    public var acknowledged = 0
    /// Corrections refused (each is now a conflict).
    public var rejected = 0
    /// Corrections not done this run, to be sent again next run.
    public var failed = 0
    /// Corrections handed to the shop to carry out (a CSV feed's file): acknowledged once a later
    /// run reads the stock they set.
    public var awaiting = 0
    public var calls = CallTally()
    /// Why the writes stopped before the end (the shop could not be reached, the login was
    /// refused); the corrections not done stay in the outbox.
    public var stopped: TrueUpError?

    public init() {}

    public var counts: [String: Int] {
        [
            "store_acknowledged": acknowledged, "store_rejected": rejected, "store_failed": failed,
            "store_awaiting": awaiting,
            "store_calls": calls.made, "store_calls_lower_bound": calls.lowerBound,
        ]
    }
}

/// Stage 6 for the storefront (DESIGN §6): carries out the outbox's live storefront corrections
/// through the platform's connector.
///
/// A correction sets the SKU's total across the pair's sources. The change goes to one source
/// (``PairSettings/writeSource``), which is set to what the plan saw there plus the change to the
/// total, so units on the other sources stay where they are.
///
/// A correction that waited since an earlier run (its write failed, or its answer was lost) is
/// judged against the shop's latest stock read: unchanged since its plan, it is sent again (an
/// absolute set is idempotent); moved, it becomes a conflict, because whether it was carried out
/// cannot be told, and sending it again would undo the sales made since. A correction the latest
/// read already shows done was acknowledged when that run read it.
public struct StorefrontApplier: Sendable {
    public var pair: String
    public var settings: PairSettings
    let store: StateStore
    let storefront: any Storefront
    let logger: Logger
    /// Only the corrections this plan (run) recorded, when set (`trueup apply --plan ID`).
    public var plan: Int64?

    public init(pair: String, settings: PairSettings, store: StateStore, storefront: any Storefront, logger: Logger) {
        self.pair = pair
        self.settings = settings
        self.store = store
        self.storefront = storefront
        self.logger = logger
    }

    public func apply(
        run: Int64, now: @Sendable () -> Date = { Date() }
    ) async throws(TrueUpError)
        -> StorefrontApplySummary
    {
        var summary = StorefrontApplySummary()
        let before = storefront.calls
        let live = try await store.liveCorrections(pair: pair).filter {
            $0.correction.side == .store && (plan == nil || $0.runID == plan)
        }
        guard !live.isEmpty else { return summary }
        guard let mode = storefront.capabilities.stockWrite else {
            throw .refused(
                "the \(storefront.platform) connector cannot write stock, so \(live.count) storefront corrections wait "
                    + "in the outbox; set the shop's stock by hand and resolve them")
        }
        let source = settings.writeSource
        let sources = settings.sources.map(Set.init)
        let latestRun = try await store.latestStockRun(pair: pair)
        var writes: [(record: CorrectionRecord, write: StockWrite)] = []
        for (planRun, records) in Dictionary(grouping: live, by: \.runID).sorted(by: { $0.key < $1.key }) {
            let skus = Set(records.map(\.correction.sku))
            // What the shop held when last read: the plan's own read, or a later one.
            let readRun = latestRun.map { max($0, planRun) } ?? planRun
            let levels = try await store.snapshotStock(run: readRun, skus: skus)
            var atSource: [String: Quantity] = [:]
            for level in levels where level.source == source { atSource[level.sku] = level.quantity }
            let totals = Self.totals(levels, over: sources)
            for record in records.sorted(by: { $0.correction.sku < $1.correction.sku }) {
                let correction = record.correction
                if readRun != planRun, (totals[correction.sku] ?? .zero) != correction.observed {
                    let message =
                        "its stock of \(correction.sku) moved from \(correction.observed) to "
                        + "\(totals[correction.sku] ?? .zero) while this correction waited (\(record.state.rawValue)), "
                        + "and sending it again would undo what the shop did since; check the shop and resolve"
                    try await store.reject(
                        correction.id, message: message, reason: .unconfirmedWrite, run: run, at: now())
                    summary.rejected += 1
                    continue
                }
                let observed = atSource[correction.sku] ?? .zero
                guard let change = correction.quantity.subtracting(correction.observed),
                    let target = observed.adding(change)
                else {
                    try await store.reject(
                        correction.id, message: "the quantities are too large to write safely", run: run, at: now())
                    summary.rejected += 1
                    continue
                }
                guard target >= .zero else {
                    let message =
                        "setting \(correction.sku) to \(correction.quantity) in all means \(target) at source "
                        + "\(source), which held \(observed): the other sources hold more than the target"
                    try await store.reject(correction.id, message: message, run: run, at: now())
                    summary.rejected += 1
                    continue
                }
                if storefront.capabilities.wholeUnits, !target.isWhole {
                    try await store.reject(
                        correction.id,
                        message: "\(storefront.platform) keeps whole units and \(target) is not one", run: run,
                        at: now())
                    summary.rejected += 1
                    continue
                }
                writes.append(
                    (
                        record,
                        StockWrite(
                            correctionID: correction.id, sku: correction.sku, source: source, quantity: target,
                            observed: observed)
                    ))
            }
        }
        logger.info(
            "store.apply",
            metadata: [
                "pair": "\(pair)", "writes": "\(writes.count)", "mode": "\(mode.rawValue)", "source": "\(source)",
            ])
        let chunk = storefront.capabilities.stockWriteChunk
        var start = 0
        while start < writes.count {
            RunProgress.report(
                "storefront stock", done: start / max(1, chunk), total: (writes.count + chunk - 1) / max(1, chunk),
                unit: "batches")
            let batch = Array(writes[start..<min(start + chunk, writes.count)])
            start += batch.count
            for entry in batch { try await store.markSent(entry.record.correction.id, at: now()) }
            let results: [StockWriteResult]
            do {
                results = try await storefront.writeStock(batch.map(\.write))
            } catch {
                // Unknown whether this batch took effect; absolute sets are safe to send again next
                // run, and the batches not reached stay planned.
                for entry in batch {
                    try await store.markFailed(entry.record.correction.id, error: error.message, at: now())
                }
                logger.error("store.apply.stopped", metadata: ["pair": "\(pair)", "error": "\(error.message)"])
                summary.failed += writes.count - (start - batch.count)
                summary.stopped = error
                break
            }
            guard results.count == batch.count else {
                for entry in batch {
                    try await store.markFailed(
                        entry.record.correction.id,
                        error: "the connector answered for \(results.count) of \(batch.count) writes",
                        at: now())
                }
                summary.failed += batch.count
                continue
            }
            for (entry, result) in zip(batch, results) {
                let id = entry.record.correction.id
                switch result {
                case .applied:
                    try await store.acknowledge(id, run: run, at: now())
                    summary.acknowledged += 1
                case .rejected(let message):
                    try await store.reject(id, message: message, run: run, at: now())
                    summary.rejected += 1
                case .failed(let message):
                    try await store.markFailed(id, error: message, at: now())
                    summary.failed += 1
                case .awaitingConfirmation:
                    summary.awaiting += 1
                }
            }
        }
        summary.calls = storefront.calls.subtracting(before)
        return summary
    }
}

extension StorefrontApplier {
    /// Acknowledges the storefront corrections left `sent` (handed to the shop to import, or sent
    /// by a run that stopped before the answer was recorded) that `stock`, just read, shows done:
    /// the SKU's quantity over the pair's sources is the correction's target. Returns how many.
    public static func confirm(
        pair: String, stock: [StockLevel], sources: Set<String>?, store: StateStore, run: Int64, at now: Date
    ) async throws(TrueUpError) -> Int {
        let sent = try await store.liveCorrections(pair: pair).filter {
            $0.correction.side == .store && $0.state == .sent
        }
        guard !sent.isEmpty else { return 0 }
        let totals = totals(stock, over: sources)
        var confirmed = 0
        for record in sent where totals[record.correction.sku] == record.correction.quantity {
            try await store.acknowledge(record.correction.id, run: run, at: now)
            confirmed += 1
        }
        return confirmed
    }
}

extension StorefrontApplier {
    /// S of DESIGN §3 per SKU: the quantities of `sources` (every source when `nil`) summed; a
    /// SKU whose sum overflows has none.
    static func totals(_ levels: [StockLevel], over sources: Set<String>?) -> [String: Quantity] {
        var totals: [String: Quantity] = [:]
        var overflowed: Set<String> = []
        for level in levels where sources?.contains(level.source) ?? true && !overflowed.contains(level.sku) {
            guard let sum = (totals[level.sku] ?? .zero).adding(level.quantity) else {
                overflowed.insert(level.sku)
                totals[level.sku] = nil
                continue
            }
            totals[level.sku] = sum
        }
        return totals
    }
}

extension CallTally {
    /// The calls made since `earlier`.
    func subtracting(_ earlier: CallTally) -> CallTally {
        CallTally(made: made - earlier.made, lowerBound: lowerBound - earlier.lowerBound)
    }
}
