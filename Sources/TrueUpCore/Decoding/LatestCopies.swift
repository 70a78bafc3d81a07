public import Foundation

/// Keeps one copy of each record ID in a body. A repeated page gives the same record twice (Xero's
/// paging by `UpdatedDateUTC` can repeat one; Magento answers a page past the end with the last page
/// again): the copy updated last wins, and
/// identical copies are quietly merged. Copies that differ with the same (latest) update time
/// cannot be told apart: none is kept, and each distinct subject gets a problem.
public struct LatestCopies<Record: Hashable> {
    struct Copy {
        let path: String
        let record: Record
        let id: String
        let updatedAt: Date?
        let subject: InputProblem.Subject
    }

    /// How the ID and the update time are called in the body: `InvoiceID` and `UpdatedDateUTC`,
    /// `entity_id` and `updated_at`.
    public let idKey: String
    public let updatedKey: String
    private(set) var copies: [Copy] = []

    public init(idKey: String, updatedKey: String) {
        self.idKey = idKey
        self.updatedKey = updatedKey
    }

    public mutating func append(
        _ record: Record, path: String, id: String, updatedAt: Date?, subject: InputProblem.Subject
    ) {
        copies.append(Copy(path: path, record: record, id: id, updatedAt: updatedAt, subject: subject))
    }

    /// The kept records in the order their IDs first appear; problems for unresolvable repeats.
    public func resolve(source: String, problems: inout [InputProblem]) -> [Record] {
        var groups: [String: [Copy]] = [:]
        var idsInOrder: [String] = []
        for copy in copies {
            if groups[copy.id] == nil { idsInOrder.append(copy.id) }
            groups[copy.id, default: []].append(copy)
        }
        var kept: [Record] = []
        for id in idsInOrder {
            guard let group = groups[id] else { continue }
            var latest: Date?
            for copy in group {
                if let updatedAt = copy.updatedAt, latest.map({ updatedAt > $0 }) ?? true { latest = updatedAt }
            }
            let candidates = group.filter { $0.updatedAt == latest }
            if let winner = candidates.first, candidates.allSatisfy({ $0.record == winner.record }) {
                kept.append(winner.record)
                continue
            }
            let message =
                "\(listed(group.map(\.path))): \(idKey) \(id) appears \(group.count) times with different "
                + "contents and the same \(updatedKey); none of the copies is used"
            var reported: Set<InputProblem.Subject> = []
            for candidate in candidates where reported.insert(candidate.subject).inserted {
                problems.append(InputProblem(source: source, subject: candidate.subject, message: message))
            }
        }
        return kept
    }
}

/// `Items[1]`, `Items[1] and Items[4]`, `Items[1], Items[4] and Items[9]`.
public func listed(_ paths: [String]) -> String {
    guard paths.count > 1, let last = paths.last else { return paths.first ?? "" }
    return paths.dropLast().joined(separator: ", ") + " and " + last
}
