import Foundation
import TrueUpCore

/// The records of one resource in insertion order, found by id (case-insensitively, as Xero
/// compares GUIDs) or by the resource's alternate key.
struct XeroCollection {
    let resource: XeroResource
    private(set) var records: [JSONObject] = []
    /// Each record's `UpdatedDateUTC`, read once when it is stored rather than on every query.
    private(set) var updated: [Date] = []
    /// Positions in `UpdatedDateUTC` order, ties in the order the records were made: what a paged
    /// read's `order=UpdatedDateUTC ASC` walks. Built by ``indexByUpdated()``, dropped on any change.
    private(set) var byUpdated: [Int]?
    private var positions: [String: Int] = [:]
    /// Since the last change: the positions each list query selected, in its order.
    private var selections = RememberedSelections<XeroListQuery.Selection>()

    init(_ resource: XeroResource, records: [JSONObject] = []) {
        self.resource = resource
        for record in records { upsert(record) }
    }

    /// The record with this id, or else with this alternate key (`INV-0042`, an item code).
    func record(_ key: String) -> JSONObject? {
        if let position = positions[key.lowercased()] { return records[position] }
        guard let alternate = resource.alternateKey else { return nil }
        return records.first { $0.text(alternate) == key }
    }

    /// Adds the record, or replaces the one with the same id in place.
    mutating func upsert(_ record: JSONObject) {
        let id = (record.text(resource.idField) ?? "").lowercased()
        let instant = XeroJSON.instant(record["UpdatedDateUTC"]) ?? .distantPast
        forgetDerived()
        if !id.isEmpty, let position = positions[id] {
            records[position] = record
            updated[position] = instant
        } else {
            if !id.isEmpty { positions[id] = records.count }
            records.append(record)
            updated.append(instant)
        }
    }

    /// Changes the record with this id in place; returns `false` when there is none.
    @discardableResult
    mutating func update(_ id: String, _ change: (inout JSONObject) -> Void) -> Bool {
        guard let position = positions[id.lowercased()] else { return false }
        change(&records[position])
        forgetDerived()
        updated[position] = XeroJSON.instant(records[position]["UpdatedDateUTC"]) ?? .distantPast
        return true
    }

    private mutating func forgetDerived() {
        byUpdated = nil
        selections.forget()
    }

    /// The positions `query` selects, from `select` the first time a query with the same filters
    /// and order is asked since the collection last changed.
    mutating func selection(
        _ query: XeroListQuery.Selection, _ select: (XeroCollection) -> [Int]
    ) -> [Int] {
        if let known = selections.known(query) { return known }
        let found = select(self)
        selections.remember(found, for: query)
        return found
    }

    /// Builds ``byUpdated`` unless it is there already.
    mutating func indexByUpdated() {
        guard byUpdated == nil else { return }
        byUpdated = records.indices.sorted { (updated[$0], $0) < (updated[$1], $1) }
    }
}
