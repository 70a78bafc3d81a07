public import Foundation
import GRDB
public import TrueUpCore
public import TrueUpEngine

extension StateStore {
    public func conflicts(_ filter: ConflictFilter = ConflictFilter()) async throws(TrueUpError) -> [Conflict] {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let pair = filter.pair {
                conditions.append("pair = ?")
                arguments += [pair]
            }
            if let kind = filter.kind {
                conditions.append("kind = ?")
                arguments += [kind.rawValue]
            }
            if let status = filter.status {
                conditions.append("status = ?")
                arguments += [status.rawValue]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM conflict \(whereClause) ORDER BY id", arguments: arguments)
                .map(Conflict.init)
        }
    }

    public func conflict(_ id: Int64) async throws(TrueUpError) -> Conflict? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM conflict WHERE id = ?", arguments: [id]).map(Conflict.init)
        }
    }

    /// Records a person's decision; the next plan honours it and closes the conflict.
    ///
    /// `map CODE` and `ignore` also write the SKU map at once, so that the decision outlives the conflict.
    @discardableResult
    public func resolve(
        _ id: Int64, with resolution: Resolution, by person: String, note: String? = nil, at now: Date
    )
        async throws(TrueUpError) -> Conflict
    {
        try await write { db in
            let conflict = try Self.openConflict(id, in: db)
            try Self.check(resolution, fits: conflict)
            let (name, value): (String, String?) =
                switch resolution {
                case .takeXero: ("take-xero", nil)
                case .takeStore: ("take-store", nil)
                case .set(let quantity): ("set", quantity.description)
                case .map(let code): ("map", code)
                case .ignore: ("ignore", nil)
                }
            if conflict.subject.type == .sku {
                switch resolution {
                case .map(let code):
                    try Self.setMapping(
                        .code(code), pair: conflict.pair, sku: conflict.subject.key, by: person, at: now, in: db)
                case .ignore:
                    try Self.setMapping(
                        .ignored, pair: conflict.pair, sku: conflict.subject.key, by: person, at: now, in: db)
                default:
                    break
                }
            }
            try db.execute(
                sql: """
                    UPDATE conflict SET status = 'resolved', resolution = ?, resolution_value = ?, resolved_by = ?,
                        resolved_at = ?, note = ?, updated_at = ? WHERE id = ?
                    """, arguments: [name, value, person, StoreTime.text(now), note, StoreTime.text(now), id])
            return try Self.fetchConflict(id, in: db)
        }
    }

    /// Closes a conflict without acting on it; if the problem is still there, the next plan raises it again.
    @discardableResult
    public func dismiss(
        _ id: Int64, by person: String, note: String? = nil, at now: Date
    ) async throws(TrueUpError) -> Conflict {
        try await write { db in
            _ = try Self.openConflict(id, in: db)
            try db.execute(
                sql: """
                    UPDATE conflict SET status = 'dismissed', resolved_by = ?, resolved_at = ?, note = ?, updated_at = ?
                    WHERE id = ?
                    """, arguments: [person, StoreTime.text(now), note, StoreTime.text(now), id])
            return try Self.fetchConflict(id, in: db)
        }
    }

    /// Resolutions of SKU conflicts that no plan has honoured yet, the latest per SKU.
    public func pendingResolutions(pair: String) async throws(TrueUpError) -> [String: Resolution] {
        try await read { db in
            var resolutions: [String: Resolution] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT subject, resolution, resolution_value FROM conflict
                    WHERE pair = ? AND subject_type = 'sku' AND status = 'resolved' AND applied_in_run IS NULL
                        AND resolution IN ('take-xero', 'take-store', 'set', 'map', 'ignore')
                    ORDER BY resolved_at, id
                    """, arguments: [pair])
            for row in rows {
                let value: String? = row["resolution_value"]
                let resolution: Resolution? =
                    switch row["resolution"] as String {
                    case "take-xero": .takeXero
                    case "take-store": .takeStore
                    case "set": value.flatMap { try? Quantity(parsing: $0) }.map(Resolution.set)
                    case "map": value.map(Resolution.map)
                    default: .ignore
                    }
                resolutions[row["subject"]] = resolution
            }
            return resolutions
        }
    }

    static func openConflict(_ id: Int64, in db: Database) throws -> Conflict {
        guard
            let conflict = try Row.fetchOne(db, sql: "SELECT * FROM conflict WHERE id = ?", arguments: [id]).map(
                Conflict.init)
        else {
            throw TrueUpError.notFound("there is no conflict \(id); see 'trueup conflicts list'")
        }
        guard conflict.status == .open else {
            let how = [conflict.resolution, conflict.resolvedBy.map { "by \($0)" }].compactMap { $0 }.joined(
                separator: " ")
            throw TrueUpError.refused(
                "conflict \(id) is already \(conflict.status.rawValue)\(how.isEmpty ? "" : " (\(how))"); see 'trueup conflicts show \(id)'"
            )
        }
        return conflict
    }

    static func fetchConflict(_ id: Int64, in db: Database) throws -> Conflict {
        guard
            let conflict = try Row.fetchOne(db, sql: "SELECT * FROM conflict WHERE id = ?", arguments: [id]).map(
                Conflict.init)
        else { throw TrueUpError.notFound("there is no conflict \(id); see 'trueup conflicts list'") }
        return conflict
    }

    /// Which resolutions make sense for which conflicts.
    static func check(_ resolution: Resolution, fits conflict: Conflict) throws {
        let id = conflict.id
        switch resolution {
        case .ignore:
            guard conflict.subject.type == .sku else {
                throw TrueUpError.refused(
                    "conflict \(id) is about \(conflict.subject), which cannot be ignored: dismiss it instead")
            }
        case .map:
            guard conflict.kind == .mapping else {
                throw TrueUpError.refused(
                    "conflict \(id) is not a mapping conflict: resolve it with take-xero, take-store, set N or ignore")
            }
        case .takeXero, .takeStore, .set:
            switch conflict.kind {
            case .inventory, .anomaly:
                if case .set(let quantity) = resolution, quantity < .zero {
                    throw TrueUpError.refused("cannot set a negative quantity (\(quantity))")
                }
            case .mapping:
                throw TrueUpError.refused(
                    "conflict \(id) is a mapping conflict: resolve it with 'map CODE' (the Xero item code) or 'ignore'")
            case .api:
                throw TrueUpError.refused(
                    "conflict \(id) is about a record that could not be read: fix the record at its source, then "
                        + "'trueup conflicts dismiss \(id)' (or 'ignore' to leave the SKU out of sync)")
            case .payment:
                throw TrueUpError.refused(
                    "conflict \(id) is a payment conflict, which take-xero, take-store and set do not apply to")
            }
        }
    }
}

extension StateStore {
    /// The conflicts a period's report lists: those still open, and those closed within the period.
    public func conflictsForReport(
        pair: String, period: Period, timeZone: TimeZone
    ) async throws(TrueUpError) -> [Conflict] {
        let start = StoreTime.text(period.start(in: timeZone))
        let end = StoreTime.text(period.end(in: timeZone))
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM conflict WHERE pair = ?
                        AND (status = 'open' OR (resolved_at >= ? AND resolved_at < ?))
                    ORDER BY id
                    """, arguments: [pair, start, end]
            ).map(Conflict.init)
        }
    }
}
