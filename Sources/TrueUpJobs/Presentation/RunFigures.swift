import Foundation
import TrueUpEngine
public import TrueUpStore

/// The figures a run's counts add up to.
struct RunFigures {
    /// One kind of API call: made, and the fewest that could have done the same work.
    struct CallSource: Equatable {
        var key: String
        var label: String
        var made: Int
        var lowerBound: Int?
    }

    struct Calls {
        var sources: [CallSource]
        var isEmpty: Bool { sources.isEmpty }
        var made: Int { sources.map(\.made).reduce(0, +) }
        var lowerBound: Int { sources.compactMap(\.lowerBound).reduce(0, +) }
    }

    struct RateLimitWait {
        /// What waited (`xero`, `store`), or empty for the run as a whole.
        var scope: String
        var waits: Int?
        var milliseconds: Int?

        var text: String {
            var count: String?
            if let waits { count = waits == 1 ? "1 wait" : "\(waits) waits" }
            let time: String? = milliseconds.map(RunPresenter.millisecondsText)
            switch (count, time) {
            case (let count?, let time?): return "\(count), \(time) in all"
            case (let count?, nil): return count
            case (nil, let time?): return "\(time) in all"
            case (nil, nil): return "-"
            }
        }
    }

    let counts: [String: Int]
    /// Keys shown under a heading, left out of the other figures.
    private let shown: Set<String>

    init(_ counts: [String: Int]) {
        self.counts = counts
        shown = Set(counts.keys.filter(Self.hasHeading))
    }

    /// Whether a count is shown under a heading of its own rather than among the other figures.
    private static func hasHeading(_ key: String) -> Bool {
        if key.hasPrefix("outcome.") || key == "skus" || key == "payments.rows" { return true }
        if paymentStatusKeys.contains(key) || appliedKeys.contains(key) || plannedKeys.contains(key) { return true }
        if isCallKey(key) || key.hasSuffix("lower_bound") || key.contains("rate_limit_wait") { return true }
        return conflictEvents.contains { event in key.hasSuffix("conflicts." + event) }
    }

    private static let paymentStatusKeys = Set(PaymentStatus.allCases.map { "payments." + $0.rawValue })

    private static let appliedKeys = Set(
        writers.flatMap { writer in writeOutcomes.map { outcome in writer.prefix + "_" + outcome.key } })

    /// The writers whose outcomes a run counts, by key prefix: `xero_acknowledged`.
    private static let writers: [(prefix: String, label: String)] = [
        (prefix: "xero", label: "Xero stock"), (prefix: "store", label: "storefront stock"),
        (prefix: "payments", label: "payments"),
    ]

    private static let writeOutcomes: [(key: String, name: String)] = [
        (key: "acknowledged", name: "acknowledged"), (key: "found_already_made", name: "found already made"),
        (key: "rejected", name: "refused"), (key: "failed", name: "to retry"), (key: "in_doubt", name: "in doubt"),
        (key: "awaiting", name: "awaiting import"),
    ]

    private static let conflictEvents: [String] = ["opened", "updated", "cleared"]

    private static let plannedKeys: Set<String> = [
        "corrections.planned", "corrections.inserted", "corrections.held", "payments.corrections.planned",
        "payments.corrections.inserted",
    ]

    /// What the plan wrote to the outbox: `Planned: 5 stock corrections (5 new, 0 held), 2 payment
    /// corrections (2 new).`, or `nil` for a run that planned nothing.
    var planned: String? {
        var parts: [String] = []
        if let stock = counts["corrections.planned"] {
            var details: [String] = []
            if let inserted = counts["corrections.inserted"] { details.append("\(inserted) new") }
            if let held = counts["corrections.held"] { details.append("\(held) held") }
            parts.append(Self.plural(stock, "stock correction", details: details))
        }
        if let payments = counts["payments.corrections.planned"] {
            var details: [String] = []
            if let inserted = counts["payments.corrections.inserted"] { details.append("\(inserted) new") }
            parts.append(Self.plural(payments, "payment correction", details: details))
        }
        guard !parts.isEmpty else { return nil }
        return "Planned: \(parts.joined(separator: ", "))."
    }

    private static func plural(_ count: Int, _ noun: String, details: [String]) -> String {
        let text = count == 1 ? "\(count) \(noun)" : "\(count) \(noun)s"
        guard !details.isEmpty else { return text }
        return "\(text) (\(details.joined(separator: ", ")))"
    }

    /// Corrections a side answered (acknowledged or refused) or may have carried out (in doubt) this run.
    var sent: Int { written("acknowledged") + written("rejected") + written("in_doubt") }

    /// Corrections a side confirmed this run.
    var acknowledged: Int { written("acknowledged") }

    /// Conflicts the run opened, inventory and payments.
    var conflictsOpened: Int { total(suffix: "conflicts.opened") }

    private func written(_ outcome: String) -> Int {
        var total = 0
        for writer in Self.writers { total += counts[writer.prefix + "_" + outcome] ?? 0 }
        return total
    }

    private func total(suffix: String) -> Int {
        var total = 0
        for (key, value) in counts where key.hasSuffix(suffix) { total += value }
        return total
    }

    var outcomes: [(name: String, count: Int)] {
        let known: [String] = InventoryOutcome.allCases.map(\.rawValue)
        var unknown: [String] = []
        for key in counts.keys where key.hasPrefix("outcome.") {
            let name = String(key.dropFirst("outcome.".count))
            if !known.contains(name) { unknown.append(name) }
        }
        var result: [(name: String, count: Int)] = []
        for name in known + unknown.sorted() {
            if let count = counts["outcome." + name] { result.append((name: name, count: count)) }
        }
        return result
    }

    var paymentStatuses: [(name: String, count: Int)] {
        PaymentStatus.allCases.compactMap { status in
            counts["payments.\(status.rawValue)"].map { (name: status.rawValue, count: $0) }
        }
    }

    /// What the run's writes did, per writer: `Xero stock 3 acknowledged, 1 refused`.
    var applied: [String] {
        var lines: [String] = []
        for writer in Self.writers {
            var recorded = false
            var figures: [String] = []
            for outcome in Self.writeOutcomes {
                guard let count = counts[writer.prefix + "_" + outcome.key] else { continue }
                recorded = true
                if count != 0 { figures.append("\(count) \(outcome.name)") }
            }
            guard recorded else { continue }
            let text = figures.isEmpty ? "nothing" : figures.joined(separator: ", ")
            lines.append(writer.label + " " + text)
        }
        return lines
    }

    var conflicts: [(name: String, count: Int)] {
        var result: [(name: String, count: Int)] = []
        for event in Self.conflictEvents {
            let suffix = "conflicts." + event
            guard counts.keys.contains(where: { $0.hasSuffix(suffix) }) else { continue }
            result.append((name: event, count: total(suffix: suffix)))
        }
        return result
    }

    var calls: Calls {
        let keys: [String] = counts.keys.filter(Self.isCallKey).sorted { Self.order($0) < Self.order($1) }
        var sources: [CallSource] = []
        for key in keys {
            let bound: Int? = Self.lowerBoundKeys(forCallKey: key).lazy.compactMap { counts[$0] }.first
            sources.append(
                CallSource(key: key, label: Self.label(forCallKey: key), made: counts[key] ?? 0, lowerBound: bound))
        }
        return Calls(sources: sources)
    }

    var rateLimitWaits: [RateLimitWait] {
        var byScope: [String: RateLimitWait] = [:]
        for (key, value) in counts {
            let scope: String
            if key.hasSuffix("rate_limit_waits") {
                scope = Self.scope(of: key, suffix: "rate_limit_waits")
                byScope[scope, default: RateLimitWait(scope: scope)].waits = value
            } else if key.hasSuffix("rate_limit_wait_ms") {
                scope = Self.scope(of: key, suffix: "rate_limit_wait_ms")
                byScope[scope, default: RateLimitWait(scope: scope)].milliseconds = value
            }
        }
        return byScope.keys.sorted().compactMap { byScope[$0] }
    }

    /// Counts no heading shows, by key.
    var otherCounts: [(key: String, value: Int)] {
        var result: [(key: String, value: Int)] = []
        for key in counts.keys.sorted() where !shown.contains(key) {
            result.append((key: key, value: counts[key] ?? 0))
        }
        return result
    }

    /// `fetch_xero_calls`, `xero_calls`, `xero.calls`; not their lower bounds.
    static func isCallKey(_ key: String) -> Bool {
        key == "calls" || key.hasSuffix("_calls") || key.hasSuffix(".calls")
    }

    /// Where a call count's lower bound is kept: `xero_calls_lower_bound`, or `xero.lower_bound`
    /// beside `xero.calls`.
    static func lowerBoundKeys(forCallKey key: String) -> [String] {
        let stem = key.dropLast("calls".count)
        return ["\(key)_lower_bound", "\(key).lower_bound", "\(stem)lower_bound", "\(stem)calls_lower_bound"]
    }

    private static let labels: [String: String] = [
        "fetch_xero_calls": "Xero reads", "fetch_store_calls": "storefront reads", "xero_calls": "Xero stock writes",
        "store_calls": "storefront stock writes", "payments_calls": "Xero payment writes",
    ]

    /// Reads first, then writes, then anything else by key.
    private static func order(_ key: String) -> String {
        let known: [String] = ["fetch_xero_calls", "fetch_store_calls", "xero_calls", "store_calls", "payments_calls"]
        guard let index = known.firstIndex(of: key) else { return "1" + key }
        return "0\(index)"
    }

    static func label(forCallKey key: String) -> String {
        if let label = labels[key] { return label }
        let stem: String = key.dropLast("calls".count).trimmingCharacters(in: CharacterSet(charactersIn: "._"))
        guard !stem.isEmpty else { return "all" }
        return stem.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: " ")
    }

    private static func scope(of key: String, suffix: String) -> String {
        String(key.dropLast(suffix.count)).trimmingCharacters(in: CharacterSet(charactersIn: "._"))
    }
}

/// One kind of API call a run made, with the fewest calls that could have done the same work.
public struct RunCallCount: Sendable, Hashable {
    public var label: String
    public var made: Int
    public var lowerBound: Int?
}

extension RunRecord {
    /// The API calls the run made, by kind (reads and each kind of write), as `trueup runs show` lists them.
    public var apiCalls: [RunCallCount] {
        RunFigures(counts).calls.sources.map {
            RunCallCount(label: $0.label, made: $0.made, lowerBound: $0.lowerBound)
        }
    }
}
