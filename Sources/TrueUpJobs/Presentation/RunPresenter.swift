import Foundation
import TrueUpCore
import TrueUpEngine
public import TrueUpStore

/// How `trueup runs` shows run history: a table of runs, one run in detail, or JSON for programs.
///
/// A run's figures come from the counts it recorded: the plan's (`outcome.*`, `payments.*`,
/// `conflicts.opened`), the reads' (`fetch_xero_calls` with `fetch_xero_calls_lower_bound`) and
/// the writes' (`xero_acknowledged`, `store_calls`, `payments_calls_lower_bound`).
public enum RunPresenter {
    /// Everything `trueup runs show` tells about one run.
    public struct Detail: Sendable {
        public var run: RunRecord
        public var stages: [RunStageRecord]
        /// What became of the corrections the run planned (``StateStore/correctionStates(run:)``).
        public var corrections: [String: [String: Int]]
        /// The pair's lease, shown when it names this run.
        public var lease: LeaseRecord?

        public init(
            run: RunRecord, stages: [RunStageRecord], corrections: [String: [String: Int]], lease: LeaseRecord?
        ) {
            self.run = run
            self.stages = stages
            self.corrections = corrections
            self.lease = lease
        }
    }

    public static func table(_ runs: [RunRecord]) -> String {
        guard !runs.isEmpty else { return "No runs.\n" }
        let headers = [
            "ID", "PAIR", "JOB", "STARTED", "DURATION", "STATUS", "EXIT", "SENT", "ACKED", "CONFLICTS", "CALLS",
            "NEEDED",
        ]
        let rows: [[String]] = runs.map { run in
            let figures = RunFigures(run.counts)
            let calls = figures.calls
            let made = calls.isEmpty ? "-" : String(calls.made)
            let needed = calls.isEmpty ? "-" : String(calls.lowerBound)
            return [
                String(run.id), run.pair, jobText(run), ISOTimestamp.format(run.startedAt), durationText(run),
                run.status.rawValue, run.exitCode.map { String($0) } ?? "-", String(figures.sent),
                String(figures.acknowledged), String(figures.conflictsOpened), made, needed,
            ]
        }
        let table = TextTable(headers: headers, rightAligned: [0, 4, 6, 7, 8, 9, 10, 11], maximumWidth: 32)
        return table.render(rows).joined(separator: "\n") + "\n"
    }

    public static func detail(_ detail: Detail) -> String {
        let run = detail.run
        let figures = RunFigures(run.counts)
        var lines = ["Run \(run.id) (\(run.status.rawValue))"]
        func field(_ name: String, _ value: String) {
            lines.append("  " + (name + ":").padding(toLength: 11, withPad: " ", startingAt: 0) + " " + value)
        }
        field("pair", run.pair)
        field("job", run.job.map { $0 == run.kind ? $0 : "\($0) (\(run.kind))" } ?? run.kind)
        field("source", run.source)
        field("as of", "\(ISOTimestamp.format(run.asOf)) (period \(run.period))")
        field("started", ISOTimestamp.format(run.startedAt))
        if let finished = run.finishedAt {
            field("finished", "\(ISOTimestamp.format(finished)) (\(durationText(run)))")
        } else {
            field("finished", "not yet")
        }
        field("exit", run.exitCode.map { "\($0) (\(run.status.rawValue))" } ?? "-")
        if let holder = run.holder { field("holder", holder) }
        if let lease = detail.lease, lease.runID == run.id {
            field("lease", "held by \(lease.holderDescription) until \(ISOTimestamp.format(lease.expiresAt))")
        }
        if let error = run.error { field("error", error) }

        if !detail.stages.isEmpty {
            lines.append("")
            lines.append("Stages:")
            let rows: [[String]] = detail.stages.map { stage in
                [
                    String(stage.seq), stage.stage, stage.startedAt.map(ISOTimestamp.format) ?? "-",
                    durationText(from: stage.startedAt, to: stage.finishedAt), stage.status.rawValue,
                    stageDetails(stage),
                ]
            }
            let table = TextTable(
                headers: ["#", "STAGE", "STARTED", "DURATION", "STATUS", "COUNTS AND NOTE"], rightAligned: [0, 3],
                freeLastColumn: true)
            lines += table.render(rows).map { "  " + $0 }
        }

        let outcomes = figures.outcomes
        let payments = figures.paymentStatuses
        if !outcomes.isEmpty || !payments.isEmpty { lines.append("") }
        if !outcomes.isEmpty {
            let skus = run.counts["skus"].map { "\($0) SKUs: " } ?? ""
            lines.append("Inventory: " + skus + listText(outcomes))
        }
        if !payments.isEmpty {
            let rows = run.counts["payments.rows"].map { "\($0) rows: " } ?? ""
            lines.append("Payments: " + rows + listText(payments))
        }

        lines.append("")
        if let planned = figures.planned { lines.append(planned) }
        lines.append("Corrections this run planned, by state now:")
        if detail.corrections.isEmpty {
            lines.append("  none")
        } else {
            let rows: [[String]] = detail.corrections.keys.sorted().map { outbox in
                [outbox, listText(stateList(detail.corrections[outbox] ?? [:]))]
            }
            lines += TextTable(headers: ["OUTBOX", "STATES"], freeLastColumn: true).render(rows).map { "  " + $0 }
        }
        let applied = figures.applied
        let conflicts = figures.conflicts
        if !applied.isEmpty || !conflicts.isEmpty { lines.append("") }
        if !applied.isEmpty {
            lines.append("Sent this run: " + applied.joined(separator: "; "))
        }
        if !conflicts.isEmpty {
            lines.append("Conflicts: " + listText(conflicts))
        }

        let calls = figures.calls
        if !calls.isEmpty {
            lines.append("")
            lines.append("API calls (made, and the fewest the work needed):")
            var rows: [[String]] = calls.sources.map { source in
                [source.label, String(source.made), source.lowerBound.map { String($0) } ?? "-"]
            }
            rows.append(["total", String(calls.made), String(calls.lowerBound)])
            let table = TextTable(headers: ["CALLS", "MADE", "NEEDED"], rightAligned: [1, 2])
            lines += table.render(rows).map { "  " + $0 }
        }
        for wait in figures.rateLimitWaits {
            let scope = wait.scope.isEmpty ? "" : " (\(wait.scope))"
            lines.append("Rate-limit waits" + scope + ": " + wait.text)
        }
        let rest = figures.otherCounts
        if !rest.isEmpty {
            lines.append("")
            let texts: [String] = rest.map { "\($0.key) \($0.value)" }
            lines.append("Other figures: " + texts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The runs as JSON: an array of objects with snake_case keys and ISO 8601 UTC times.
    public static func json(_ runs: [RunRecord]) -> String {
        encode(runs.map { RunView($0, detail: nil) }, empty: "[]")
    }

    /// One run as JSON, with its stages and corrections.
    public static func json(_ detail: Detail) -> String {
        encode(RunView(detail.run, detail: detail), empty: "{}")
    }

    private static func encode(_ value: some Encodable, empty: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOTimestamp.format(date))
        }
        guard let data = try? encoder.encode(value) else { return empty + "\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - Text

    /// `nightly/run` for a job's run, else the run's kind.
    static func jobText(_ run: RunRecord) -> String {
        guard let job = run.job, job != run.kind else { return run.kind }
        return job + "/" + run.kind
    }

    static func durationText(_ run: RunRecord) -> String {
        durationText(from: run.startedAt, to: run.finishedAt)
    }

    /// `0.4s`, `12.0s`, `3m 05s`, `1h 02m`; `-` when either end is unknown.
    static func durationText(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "-" }
        return millisecondsText(milliseconds(from: start, to: end))
    }

    static func milliseconds(from start: Date, to end: Date) -> Int {
        max(0, Int((end.timeIntervalSince(start) * 1000).rounded()))
    }

    static func millisecondsText(_ milliseconds: Int) -> String {
        if milliseconds < 60_000 {
            return "\(milliseconds / 1000).\(milliseconds % 1000 / 100)s"
        }
        let seconds = milliseconds / 1000
        if seconds < 3600 {
            return "\(seconds / 60)m " + twoDigits(seconds % 60) + "s"
        }
        return "\(seconds / 3600)h " + twoDigits(seconds / 60 % 60) + "m"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func stageDetails(_ stage: RunStageRecord) -> String {
        let texts: [String] = stage.counts.keys.sorted().map { key in "\(key) \(stage.counts[key] ?? 0)" }
        let counts = texts.joined(separator: ", ")
        guard let note = stage.note else { return counts }
        return counts.isEmpty ? note : counts + "; " + note
    }

    private static func listText(_ entries: [(name: String, count: Int)]) -> String {
        let texts: [String] = entries.map { "\($0.count) \($0.name)" }
        return texts.joined(separator: ", ")
    }

    /// A state's counts in the order of a correction's life, then any others by name.
    private static func stateList(_ states: [String: Int]) -> [(name: String, count: Int)] {
        let order: [String] = CorrectionState.allCases.map(\.rawValue)
        var result: [(name: String, count: Int)] = []
        for state in order + states.keys.filter({ !order.contains($0) }).sorted() {
            if let count = states[state] { result.append((name: state, count: count)) }
        }
        return result
    }
}
