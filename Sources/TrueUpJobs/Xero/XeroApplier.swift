public import Foundation
public import Logging
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore
public import XeroKit

/// What pushing a pair's Xero corrections did.
public struct XeroApplySummary: Sendable, Equatable {
    /// Corrections Xero confirmed (new documents, or documents found from an earlier run).
    public var acknowledged = 0
    /// Of those, documents an earlier run had made whose answer was lost.
    public var foundAlreadyMade = 0
    /// Corrections Xero refused: each is now a conflict.
    public var rejected = 0
    /// Corrections not done this run, to be sent again next run.
    public var failed = 0
    /// Corrections whose outcome is unknown (the answer was lost after every retry): the next run
    /// looks for their documents before sending anything.
    public var inDoubt = 0
    /// Storefront corrections left in the outbox for the storefront's connector.
    public var storeWaiting = 0
    /// API calls made, and the fewest that could have done the same work.
    public var calls = 0
    public var lowerBound = 0
    /// Set when the run stopped early at Xero's daily limit.
    public var stoppedAtDayLimit: XeroError?

    public init() {}

    public var counts: [String: Int] { counts(prefix: "xero") }

    /// The figures a run records, each key starting with `prefix` (`xero`, `payments`).
    public func counts(prefix: String) -> [String: Int] {
        [
            "\(prefix)_acknowledged": acknowledged, "\(prefix)_found_already_made": foundAlreadyMade,
            "\(prefix)_rejected": rejected, "\(prefix)_failed": failed, "\(prefix)_in_doubt": inDoubt,
            "\(prefix)_calls": calls, "\(prefix)_calls_lower_bound": lowerBound,
        ]
    }
}

/// Stage 6 for the Xero side (DESIGN §6): carries out the outbox's live Xero corrections as
/// adjustment documents, idempotently and resumably.
///
/// 1. Corrections left `sent` by an earlier run may have been made: their documents are looked
///    up by reference, and those found are acknowledged without sending anything.
/// 2. The rest are valued at average cost from one `GET /Items` and sent 50 to a request, each
///    marked `sent` first. Xero's answer for each element acknowledges its correction (advancing
///    the base once both sides are done) or rejects it into a conflict with Xero's message.
/// 3. Xero's daily limit stops the work cleanly: what was done is recorded, the rest waits for the
///    next run.
/// The organisation and its items as a run read them.
public struct XeroCatalogue: Sendable {
    public var organisation: Organisation
    public var items: [Item]

    public init(organisation: Organisation, items: [Item]) {
        self.organisation = organisation
        self.items = items
    }
}

public struct XeroApplier: Sendable {
    public var pair: String
    public var settings: AdjustmentSettings
    let store: StateStore
    let client: XeroClient
    let logger: Logger
    /// The organisation and items this run has read already, when it has: the applier reads them
    /// itself otherwise.
    public var catalogue: XeroCatalogue?
    /// Only the corrections this plan (run) recorded, when set (`trueup apply --plan ID`).
    public var plan: Int64?
    /// How many references one lookup asks for, to keep the query string short.
    static let lookupChunk = 20

    public init(pair: String, settings: AdjustmentSettings, store: StateStore, client: XeroClient, logger: Logger) {
        self.pair = pair
        self.settings = settings
        self.store = store
        self.client = client
        self.logger = logger
    }

    public func apply(run: Int64, now: @Sendable () -> Date = { Date() }) async throws(TrueUpError) -> XeroApplySummary
    {
        let callsBefore = client.callsMade
        var summary = try await carryOut(run: run, now: now)
        summary.calls = client.callsMade - callsBefore
        return summary
    }

    private func carryOut(run: Int64, now: @Sendable () -> Date) async throws(TrueUpError) -> XeroApplySummary {
        var summary = XeroApplySummary()
        let all = try await store.liveCorrections(pair: pair).filter { plan == nil || $0.runID == plan }
        summary.storeWaiting = all.filter { $0.correction.side == .store }.count
        let live = all.filter { $0.correction.side == .xero }
        guard !live.isEmpty else { return summary }
        do {
            let organisation: Organisation
            if let catalogue {
                organisation = catalogue.organisation
            } else {
                organisation = try await client.organisation()
                summary.lowerBound += 1
            }
            var pending = live
            let inDoubt = live.filter { $0.state == .sent }
            if !inDoubt.isEmpty {
                summary.lowerBound += (inDoubt.count + Self.lookupChunk - 1) / Self.lookupChunk
                let found = try await findMade(inDoubt)
                for record in inDoubt {
                    guard let invoiceID = found[settings.reference(for: record.correction.id)] else { continue }
                    try await store.acknowledge(record.correction.id, externalID: invoiceID, run: run, at: now())
                    summary.acknowledged += 1
                    summary.foundAlreadyMade += 1
                }
                pending.removeAll { found[settings.reference(for: $0.correction.id)] != nil }
            }
            guard !pending.isEmpty else { return summary }
            let items: [Item]
            if let catalogue {
                items = catalogue.items
            } else {
                items = try await client.items(baseCurrency: organisation.baseCurrency).records
                summary.lowerBound += 1
            }
            let byCode = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            let documents = AdjustmentDocuments(
                settings: settings, currency: organisation.baseCurrency,
                date: LocalDate(now(), in: (try? organisation.timezone.timeZone()) ?? .gmt))
            let batches = (pending.count + XeroClient.batchLimit - 1) / XeroClient.batchLimit
            summary.lowerBound += batches
            var remaining = pending[...]
            var sent = 0
            while !remaining.isEmpty {
                let batch = Array(remaining.prefix(XeroClient.batchLimit))
                remaining = remaining.dropFirst(batch.count)
                sent += 1
                logger.info(
                    "xero.apply.batch",
                    metadata: ["batch": "\(sent)/\(batches)", "documents": "\(batch.count)", "pair": "\(pair)"])
                RunProgress.report("Xero adjustments", done: sent - 1, total: batches, unit: "batches")
                do {
                    try await send(batch, documents: documents, items: byCode, run: run, now: now, summary: &summary)
                } catch let error as XeroError {
                    if case .dayLimitReached = error {
                        for record in batch + remaining {
                            try await store.markFailed(
                                record.correction.id, error: "not sent: Xero's daily limit was reached", at: now())
                        }
                        summary.failed += batch.count + remaining.count
                        summary.stoppedAtDayLimit = error
                        return summary
                    }
                    throw error
                }
            }
        } catch let error as XeroError {
            if case .dayLimitReached = error {
                summary.stoppedAtDayLimit = error
                return summary
            }
            throw error.trueUpError
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
        return summary
    }

    /// Sends one batch and records each element's outcome.
    private func send(
        _ batch: [CorrectionRecord], documents: AdjustmentDocuments, items: [String: Item], run: Int64,
        now: @Sendable () -> Date, summary: inout XeroApplySummary
    ) async throws {
        for record in batch { try await store.markSent(record.correction.id, at: now()) }
        let elements = batch.map { record in
            documents.document(
                for: StockAdjustment(
                    id: record.correction.id, itemCode: record.correction.itemCode, change: record.correction.quantity),
                item: items[record.correction.itemCode])
        }
        let answer: Result<[XeroElementOutcome], XeroError>
        do {
            answer = .success(try await client.writeBatch("PUT", .invoices, elements))
        } catch {
            answer = .failure(error)
        }
        let outcomes: [XeroElementOutcome]
        switch answer {
        case .success(let received):
            outcomes = received
        case .failure(.refused(let status, let message)):
            // The request as a whole was refused, so nothing in it was made: try again next run.
            for record in batch {
                try await store.markFailed(record.correction.id, error: "HTTP \(status): \(message)", at: now())
            }
            summary.failed += batch.count
            logger.error("xero refused a batch", metadata: ["status": "\(status)", "message": "\(message)"])
            return
        case .failure(.unavailable(let message)), .failure(.badResponse(let message)):
            // Unknown whether it was made: stays `sent`, looked up next run.
            summary.inDoubt += batch.count
            logger.error("xero batch outcome unknown", metadata: ["message": "\(message)"])
            return
        case .failure(let other):
            throw other
        }
        for (record, outcome) in zip(batch, outcomes) {
            switch outcome {
            case .saved(let id, _):
                try await store.acknowledge(record.correction.id, externalID: id, run: run, at: now())
                summary.acknowledged += 1
            case .refused(let messages):
                try await store.reject(
                    record.correction.id, message: messages.joined(separator: "; "), run: run, at: now())
                summary.rejected += 1
            }
        }
    }

    /// The documents already made for these corrections, by reference: bills carry it as their
    /// number, sales invoices as their reference. Voided and deleted ones do not count.
    private func findMade(_ records: [CorrectionRecord]) async throws(XeroError) -> [String: String] {
        var found: [String: String] = [:]
        var start = 0
        while start < records.count {
            let chunk = records[start..<min(start + Self.lookupChunk, records.count)]
            start += chunk.count
            let clauses = chunk.map { record -> String in
                let reference = settings.reference(for: record.correction.id)
                return "Reference==\"\(reference)\" OR InvoiceNumber==\"\(reference)\""
            }
            let result = try await client.send(
                "GET", "/Invoices", query: [("where", clauses.joined(separator: " OR ")), ("page", "1")])
            let invoices: [Invoice]
            do {
                invoices = try XeroInvoicesDecoder.decode(result.body, source: "GET /Invoices (lookup)").records
            } catch {
                throw .badResponse(error.description)
            }
            for invoice in invoices where invoice.status != .voided && invoice.status != .deleted {
                let key = invoice.kind == .accpay ? invoice.number : invoice.reference
                if let key { found[key] = invoice.id }
            }
        }
        return found
    }
}
