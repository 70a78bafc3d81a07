public import Foundation
import GRDB
import TrueUpCore
public import TrueUpEngine

/// An entry of the conflict queue (DESIGN §5).
public struct Conflict: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open, resolved, dismissed
    }

    public var id: Int64
    public var pair: String
    public var kind: ConflictKind
    public var subject: ConflictSubject
    public var reason: String
    public var message: String
    public var xeroValue: String?
    public var storeValue: String?
    public var details: [ConflictDraft.Detail]
    public var suggestions: [String]
    public var status: Status
    /// What a person (or TrueUp, for `cleared`) decided: `take-xero`, `set 12`, `map ABC`, `ignore`,
    /// `cleared` when the sides came to agree by themselves.
    public var resolution: String?
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var note: String?
    public var raisedInRun: Int64
    public var lastSeenRun: Int64
    /// The run that honoured the resolution; `nil` while it waits for the next plan.
    public var appliedInRun: Int64?
    public var timesSeen: Int
    public var createdAt: Date
    public var updatedAt: Date

    init(row: Row) throws {
        id = row["id"]
        pair = row["pair"]
        kind = ConflictKind(rawValue: row["kind"]) ?? .api
        subject = ConflictSubject(ConflictSubject.SubjectType(rawValue: row["subject_type"]) ?? .record, row["subject"])
        reason = row["reason"]
        message = row["message"]
        xeroValue = row["xero_value"]
        storeValue = row["store_value"]
        let decoder = JSONDecoder()
        details = (try? decoder.decode([ConflictDraft.Detail].self, from: Data((row["details"] as String).utf8))) ?? []
        suggestions = (try? decoder.decode([String].self, from: Data((row["suggestions"] as String).utf8))) ?? []
        status = Status(rawValue: row["status"]) ?? .open
        let resolutionName: String? = row["resolution"]
        let resolutionValue: String? = row["resolution_value"]
        resolution = resolutionName.map { name in resolutionValue.map { "\(name) \($0)" } ?? name }
        resolvedBy = row["resolved_by"]
        resolvedAt = (row["resolved_at"] as String?).flatMap(StoreTime.date)
        note = row["note"]
        raisedInRun = row["raised_in_run"]
        lastSeenRun = row["last_seen_run"]
        appliedInRun = row["applied_in_run"]
        timesSeen = row["times_seen"]
        createdAt = StoreTime.date(row["created_at"] as String) ?? Date(timeIntervalSince1970: 0)
        updatedAt = StoreTime.date(row["updated_at"] as String) ?? Date(timeIntervalSince1970: 0)
    }
}

/// Which conflicts to list.
public struct ConflictFilter: Sendable {
    public var pair: String?
    public var kind: ConflictKind?
    public var status: Conflict.Status?

    public init(pair: String? = nil, kind: ConflictKind? = nil, status: Conflict.Status? = nil) {
        self.pair = pair
        self.kind = kind
        self.status = status
    }
}
