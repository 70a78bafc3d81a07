import TrueUpCore

/// The records of one collection in the order they were made (a table's primary-key order),
/// with an index by key and, computed once per change, what searches need to be fast on tens of
/// thousands of records: each searched member's values as a typed column, each sort order, and
/// each record's JSON encoding.
///
/// Records are kept as seeded, duplicates included (a broken export can list one source item
/// twice); a change to a key changes every record that has it.
struct MagentoCollection {
    let resource: MagentoResource
    private(set) var records: [JSONObject] = []
    private var positions: [String: [Int]] = [:]
    /// The scalar members seen on any record: fields a search may use besides the resource's columns.
    private(set) var members: Set<String> = []
    /// Since the last change: each searched member's values, in record order.
    private var columns: [String: [MagentoValue]] = [:]
    /// Since the last change: sort orders by their description (`updated_at ASC,entity_id ASC`).
    private var sortedOrders: [String: [Int]] = [:]
    /// Each record's compact JSON, once written; `nil` after the record changes.
    private var encoded: [[UInt8]?] = []
    /// Since the last change: the positions each search matched, in its order.
    private var searches = RememberedSelections<MagentoSearchCriteria.Search>()

    init(_ resource: MagentoResource) {
        self.resource = resource
    }

    var count: Int { records.count }

    func record(_ key: String) -> JSONObject? {
        positions[key]?.first.map { records[$0] }
    }

    func contains(_ key: String) -> Bool { positions[key] != nil }

    /// Adds a record at the end.
    mutating func append(_ record: JSONObject) {
        if let key = resource.key(of: record) { positions[key, default: []].append(records.count) }
        for name in record.keys {
            switch record[name] {
            case .object?, .array?: continue
            default: members.insert(name)
            }
        }
        records.append(record)
        encoded.append(nil)
        forgetDerived()
    }

    /// Changes every record with this key; returns whether there was one. A change must keep the key.
    @discardableResult
    mutating func update(_ key: String, _ change: (inout JSONObject) -> Void) -> Bool {
        guard let indices = positions[key] else { return false }
        for index in indices {
            change(&records[index])
            encoded[index] = nil
        }
        forgetDerived()
        return true
    }

    private mutating func forgetDerived() {
        if !columns.isEmpty { columns.removeAll() }
        if !sortedOrders.isEmpty { sortedOrders.removeAll() }
        searches.forget()
    }

    /// The positions `key` matches, from `match` the first time it is asked for since the
    /// collection last changed.
    mutating func matches(
        search key: MagentoSearchCriteria.Search, _ match: (inout MagentoCollection) -> [Int]
    ) -> [Int] {
        if let known = searches.known(key) { return known }
        let found = match(&self)
        searches.remember(found, for: key)
        return found
    }

    /// Whether a search may filter or sort on `field`.
    func knows(_ field: String) -> Bool {
        resource.columns.contains(field) || members.contains(resource.member(forField: field))
    }

    /// A member's values in record order, as they compare.
    mutating func column(_ member: String) -> [MagentoValue] {
        if let column = columns[member] { return column }
        let column = records.map { MagentoValue($0[member]) }
        columns[member] = column
        return column
    }

    /// The positions of the records in the order `keys` give (ties in the order records were made).
    mutating func order(by keys: [MagentoSortKey]) -> [Int] {
        guard !keys.isEmpty else { return Array(records.indices) }
        let name = keys.map(\.description).joined(separator: ",")
        if let cached = sortedOrders[name] { return cached }
        let sortColumns = keys.map { column(resource.member(forField: $0.field)) }
        let sorted = Array(records.indices).sorted { left, right in
            for (column, key) in zip(sortColumns, keys) {
                switch MagentoValue.order(column[left], column[right]) {
                case .orderedSame: continue
                case .orderedAscending: return !key.descending
                case .orderedDescending: return key.descending
                }
            }
            return left < right
        }
        if sortedOrders.count >= 8 { sortedOrders.removeAll() }
        sortedOrders[name] = sorted
        return sorted
    }

    /// The compact JSON of the records at these positions, written once per change of each.
    mutating func encodings(_ indices: some Sequence<Int>) -> [[UInt8]] {
        indices.map { index in
            if let bytes = encoded[index] { return bytes }
            let bytes = JSONWriter.bytes(.object(records[index]))
            encoded[index] = bytes
            return bytes
        }
    }
}

/// One sort order of a search: a field and its direction.
struct MagentoSortKey: CustomStringConvertible {
    var field: String
    var descending: Bool

    var description: String { "\(field) \(descending ? "DESC" : "ASC")" }
}
