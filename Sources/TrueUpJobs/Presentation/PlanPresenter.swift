import Foundation
import TrueUpCore
import TrueUpEngine
import TrueUpStore

/// How `trueup plan` shows a plan: a table people read in a terminal, or JSON for programs.
public enum PlanPresenter {
    /// The plan as a table, followed by its totals. At most `limit` rows are listed; the reports
    /// and `--json` hold every row.
    public static func table(_ run: PlannedRun, limit: Int) -> String {
        render(run, rows: run.plan.rows, limit: limit, more: "SKUs (see inventory.csv, or --json)")
    }

    /// The plan as a scheduled job shows it: only the SKUs that need something done or someone to
    /// look (at most `attention` of them), then the totals.
    public static func summary(_ run: PlannedRun, attention: Int) -> String {
        let quiet: Set<InventoryOutcome> = [.inSync, .untracked]
        let rows = run.plan.rows.filter { !quiet.contains($0.outcome) }
        return render(run, rows: rows, limit: attention, more: "SKUs needing attention (see inventory.csv)")
    }

    private static func render(_ run: PlannedRun, rows: [InventoryRow], limit: Int, more: String) -> String {
        let scenario = run.scenario
        var lines: [String] = []
        lines.append(
            "Plan \(run.runID) for pair \(scenario.pair) as of \(ISOTimestamp.format(scenario.asOf)) "
                + "(period \(scenario.period), \(scenario.settings.timeZone))")
        lines.append("Source: \(run.source)")
        lines.append("")
        let headers = [
            "SKU", "ITEM", "XERO", "IN-FLIGHT", "PROJECTED", "STORE", "BASE", "OUTCOME", "SET STORE", "ADJUST XERO",
            "REASON",
        ]
        let numeric: Set<Int> = [2, 3, 4, 5, 6, 8, 9]
        func text(_ quantity: Quantity?) -> String { quantity.map(\.description) ?? "-" }
        let shown = rows.prefix(limit)
        let cells: [[String]] = shown.map { row in
            [
                row.sku, row.itemCode ?? "-", text(row.xeroQuantity), text(row.inFlight), text(row.projected),
                text(row.storeQuantity), text(row.base), row.outcome.rawValue, row.storeTarget.map(\.description) ?? "",
                row.xeroAdjustment.map { $0 > .zero ? "+\($0)" : "\($0)" } ?? "", row.conflictReason?.rawValue ?? "",
            ]
        }
        if !shown.isEmpty { lines += TextTable(headers: headers, rightAligned: numeric).render(cells) }
        if rows.count > shown.count {
            lines.append("… and \(rows.count - shown.count) more \(more)")
        }
        lines.append("")
        let counts = run.plan.outcomeCounts
        let outcomes = InventoryOutcome.allCases.compactMap { outcome in
            counts[outcome].map { "\($0) \(outcome.rawValue)" }
        }
        lines.append(
            "SKUs: \(run.plan.rows.count)" + (outcomes.isEmpty ? "" : " (\(outcomes.joined(separator: ", ")))"))
        let xero = run.plan.corrections.filter { $0.side == .xero }.count
        let store = run.plan.corrections.count - xero
        let outbox = run.recording.outbox
        var corrections =
            "Corrections: \(run.plan.corrections.count) planned (\(xero) Xero adjustments, \(store) storefront sets)"
        corrections += "; outbox: \(outbox.inserted) new, \(outbox.unchanged) already planned"
        if outbox.superseded > 0 { corrections += ", \(outbox.superseded) superseded" }
        if !outbox.held.isEmpty { corrections += ", \(outbox.held.count) SKUs waiting for earlier corrections" }
        lines.append(corrections)
        let recording = run.recording
        lines.append(
            "Conflicts: \(run.plan.conflicts.count + run.plan.unattributedProblems.count) raised (\(recording.conflictsOpened) new, "
                + "\(recording.conflictsUpdated) updated), \(recording.conflictsCleared) cleared, "
                + "\(recording.resolutionsHonoured) resolutions honoured; see 'trueup conflicts list'")
        lines.append("Bases: \(recording.basesAdvanced) advanced where the sides agree")
        if let payments = run.payments, let paymentRecording = run.paymentRecording {
            let counts = payments.statusCounts
            let statuses = PaymentStatus.allCases.compactMap { status in
                counts[status].map { "\($0) \(status.rawValue)" }
            }
            lines.append(
                "Payments: \(payments.matches.count) \(payments.matches.count == 1 ? "row" : "rows")"
                    + (statuses.isEmpty ? "" : " (\(statuses.joined(separator: ", ")))"))
            var actions: [PaymentCorrection.Action: Int] = [:]
            for correction in payments.corrections { actions[correction.action, default: 0] += 1 }
            let planned = PaymentCorrection.Action.allCases.compactMap { action in
                actions[action].map { "\($0) \(action.rawValue)" }
            }
            lines.append(
                "Payment corrections: \(payments.corrections.count) planned"
                    + (planned.isEmpty ? "" : " (\(planned.joined(separator: ", ")))")
                    + "; outbox: \(paymentRecording.correctionsInserted) new; payment conflicts: "
                    + "\(payments.conflicts.count) raised, \(paymentRecording.conflictsCleared) cleared")
        }
        if !run.reports.isEmpty {
            lines.append("Reports:")
            for path in run.reports { lines.append("  \(path)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The whole plan as JSON: quantities as exact decimal strings.
    public static func json(_ run: PlannedRun) -> String {
        let document = PlanDocument(run)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The JSON shape of a plan.
struct PlanDocument: Encodable {
    struct Row: Encodable {
        let sku: String
        let itemCode: String?
        let xeroQoh: Quantity?
        let storeQty: Quantity?
        let inFlight: Quantity
        let projected: Quantity?
        let base: Quantity?
        let deltaXero: Quantity?
        let deltaStore: Quantity?
        let outcome: String
        let storeTarget: Quantity?
        let xeroAdjustment: Quantity?
        let conflictReason: String?
        let note: String?
    }

    struct Correction: Encodable {
        let id: String
        let side: String
        let action: String
        let sku: String
        let itemCode: String
        let quantity: Quantity
        let observed: Quantity
        let agreedTarget: Quantity
    }

    struct Conflict: Encodable {
        let kind: String
        let subjectType: String
        let subject: String
        let reason: String
        let message: String
        let suggestions: [String]
    }

    let pair: String
    let run: Int64
    let asOf: String
    let period: String
    let timezone: String
    let source: String
    let outcomes: [String: Int]
    let rows: [Row]
    let corrections: [Correction]
    let conflicts: [Conflict]
    let outbox: [String: Int]
    let held: [String]
    let payments: Payments?
    let reports: [String]

    struct Payments: Encodable {
        let rows: Int
        let statuses: [String: Int]
        let corrections: [PaymentCorrectionEntry]
        let conflicts: [Conflict]
    }

    struct PaymentCorrectionEntry: Encodable {
        let id: String
        let action: String
        let subject: String
        let amount: String
        let currency: String
        let allocate: String?
        let date: String
        let account: String?
        let reference: String?
    }

    init(_ run: PlannedRun) {
        pair = run.scenario.pair.rawValue
        self.run = run.runID
        asOf = ISOTimestamp.format(run.scenario.asOf)
        period = run.scenario.period.description
        timezone = run.scenario.settings.timeZone
        source = run.source
        outcomes = Dictionary(uniqueKeysWithValues: run.plan.outcomeCounts.map { ($0.key.rawValue, $0.value) })
        rows = run.plan.rows.map { row in
            Row(
                sku: row.sku, itemCode: row.itemCode, xeroQoh: row.xeroQuantity, storeQty: row.storeQuantity,
                inFlight: row.inFlight, projected: row.projected, base: row.base, deltaXero: row.deltaXero,
                deltaStore: row.deltaStore, outcome: row.outcome.rawValue, storeTarget: row.storeTarget,
                xeroAdjustment: row.xeroAdjustment, conflictReason: row.conflictReason?.rawValue, note: row.note)
        }
        corrections = run.plan.corrections.map { correction in
            Correction(
                id: correction.id, side: correction.side.rawValue, action: correction.action.rawValue,
                sku: correction.sku,
                itemCode: correction.itemCode, quantity: correction.quantity, observed: correction.observed,
                agreedTarget: correction.agreedTarget)
        }
        conflicts =
            run.plan.conflicts.map { conflict in
                Conflict(
                    kind: conflict.kind.rawValue, subjectType: conflict.subject.type.rawValue,
                    subject: conflict.subject.key,
                    reason: conflict.reason, message: conflict.message, suggestions: conflict.suggestions)
            }
            + run.plan.unattributedProblems.map { problem in
                Conflict(
                    kind: ConflictKind.api.rawValue, subjectType: "record", subject: problem.source,
                    reason: "invalid_data",
                    message: problem.description, suggestions: [])
            }
        let outbox = run.recording.outbox
        self.outbox = ["inserted": outbox.inserted, "unchanged": outbox.unchanged, "superseded": outbox.superseded]
        held = outbox.held
        payments = run.payments.map { result in
            Payments(
                rows: result.matches.count,
                statuses: Dictionary(uniqueKeysWithValues: result.statusCounts.map { ($0.key.rawValue, $0.value) }),
                corrections: result.corrections.map { correction in
                    PaymentCorrectionEntry(
                        id: correction.id, action: correction.action.rawValue, subject: correction.subject,
                        amount: correction.amount.amount, currency: correction.amount.currency.code,
                        allocate: correction.allocate?.amount, date: correction.date.description,
                        account: correction.account, reference: correction.reference)
                },
                conflicts: result.conflicts.map { conflict in
                    Conflict(
                        kind: conflict.kind.rawValue, subjectType: conflict.subject.type.rawValue,
                        subject: conflict.subject.key, reason: conflict.reason, message: conflict.message,
                        suggestions: conflict.suggestions)
                })
        }
        reports = run.reports
    }
}
