public import Foundation
import GRDB
import TrueUpCore
public import TrueUpEngine

/// A correction's life in the outbox (DESIGN §6).
public enum CorrectionState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Written, not yet sent.
    case planned
    /// Sent; the answer has not been recorded (it may have taken effect).
    case sent
    /// The side confirmed it.
    case acknowledged
    /// Sending failed in a way worth retrying.
    case failed
    /// The side refused it; it became a conflict.
    case rejected
    /// A later plan replaced it before it was sent.
    case superseded

    /// Planned, sent or failed: the correction may still take effect.
    public var isLive: Bool { self == .planned || self == .sent || self == .failed }
}

/// A correction as an outbox holds it: the correction (a stock correction, a payment correction)
/// and its life so far.
public struct OutboxEntry<Correction: Sendable & Hashable>: Sendable, Hashable {
    public var correction: Correction
    public var pair: String
    public var runID: Int64
    public var state: CorrectionState
    public var attempts: Int
    public var externalID: String?
    public var lastError: String?
    /// The Idempotency-Key of the batch it was last sent in, where the outbox keeps it.
    public var batchKey: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// The entry's life from its outbox row; the correction is read by the caller.
    init(_ correction: Correction, row: Row) {
        self.correction = correction
        pair = row["pair"]
        runID = row["run_id"]
        state = CorrectionState(rawValue: row["state"]) ?? .failed
        attempts = row["attempts"]
        externalID = row["external_id"]
        lastError = row["last_error"]
        batchKey = row.hasColumn("batch_key") ? row["batch_key"] : nil
        createdAt = StoreTime.date(row["created_at"] as String) ?? Date(timeIntervalSince1970: 0)
        updatedAt = StoreTime.date(row["updated_at"] as String) ?? Date(timeIntervalSince1970: 0)
    }
}

/// A stock correction as the outbox holds it.
public typealias CorrectionRecord = OutboxEntry<PlannedCorrection>

extension OutboxEntry where Correction == PlannedCorrection {
    init(row: Row) {
        var correction = PlannedCorrection(
            pair: row["pair"], side: Side(rawValue: row["side"]) ?? .xero, sku: row["sku"], itemCode: row["item_code"],
            quantity: Quantity(ticks: row["quantity"]), observed: Quantity(ticks: row["observed"]),
            agreedTarget: Quantity(ticks: row["agreed_target"]), heldBack: Quantity(ticks: row["held_back"]),
            basisRunID: row["basis_run_id"])
        correction.id = row["id"]
        self.init(correction, row: row)
    }
}
