import Foundation
import TrueUpCore
public import TrueUpStore

/// How `trueup conflicts` shows the queue.
public enum ConflictPresenter {
    public static func table(_ conflicts: [Conflict]) -> String {
        guard !conflicts.isEmpty else { return "No conflicts.\n" }
        let headers = ["ID", "PAIR", "KIND", "SUBJECT", "REASON", "STATUS", "SEEN", "MESSAGE"]
        let rows = conflicts.map { conflict in
            [
                String(conflict.id), conflict.pair, conflict.kind.rawValue, conflict.subject.key, conflict.reason,
                conflict.status.rawValue, String(conflict.timesSeen), conflict.message,
            ]
        }
        let table = TextTable(headers: headers, maximumWidth: 32, freeLastColumn: true)
        return table.render(rows).joined(separator: "\n") + "\n"
    }

    public static func detail(_ conflict: Conflict) -> String {
        var lines = [
            "Conflict \(conflict.id) (\(conflict.status.rawValue))",
            "  pair:        \(conflict.pair)",
            "  kind:        \(conflict.kind.rawValue)",
            "  subject:     \(conflict.subject)",
            "  reason:      \(conflict.reason)",
            "  message:     \(conflict.message)",
        ]
        if let value = conflict.xeroValue { lines.append("  xero:        \(value)") }
        if let value = conflict.storeValue { lines.append("  storefront:  \(value)") }
        if !conflict.details.isEmpty {
            lines.append("  figures:     " + conflict.details.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
        }
        if !conflict.suggestions.isEmpty {
            lines.append("  suggestions: " + conflict.suggestions.joined(separator: " | "))
        }
        let seen = conflict.timesSeen == 1 ? "once" : "\(conflict.timesSeen) times"
        lines.append(
            "  raised:      run \(conflict.raisedInRun), last seen in run \(conflict.lastSeenRun) (seen \(seen))")
        if let resolution = conflict.resolution {
            let who = conflict.resolvedBy.map { " by \($0)" } ?? ""
            let when = conflict.resolvedAt.map { " at \(ISOTimestamp.format($0))" } ?? ""
            let applied = conflict.appliedInRun.map { ", carried out in run \($0)" } ?? ", waiting for the next plan"
            lines.append("  resolution:  \(resolution)\(who)\(when)\(applied)")
        } else if conflict.status == .dismissed {
            lines.append("  dismissed:   by \(conflict.resolvedBy ?? "?")")
        }
        if let note = conflict.note { lines.append("  note:        \(note)") }
        if conflict.status == .open {
            lines.append("")
            lines.append(
                "Resolve with: trueup conflicts resolve \(conflict.id) <take-xero|take-store|set N|map CODE|ignore>")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ conflicts: [Conflict]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOTimestamp.format(date))
        }
        guard let data = try? encoder.encode(conflicts) else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
