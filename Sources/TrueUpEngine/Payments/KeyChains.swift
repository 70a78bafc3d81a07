/// A multimap from a key to record indices, kept as one dictionary of heads and one array of
/// links: no array per key, so a million keys cost two allocations. Indices come back in the order
/// they were added.
struct KeyChains<Key: Hashable> {
    private var heads: [Key: Int32] = [:]
    private var tails: [Key: Int32] = [:]
    private var next: [Int32]

    init(capacity: Int, count: Int) {
        heads.reserveCapacity(capacity)
        tails.reserveCapacity(capacity)
        next = Array(repeating: -1, count: count)
    }

    mutating func add(_ key: Key, _ index: Int32) {
        if let tail = tails.updateValue(index, forKey: key) {
            next[Int(tail)] = index
        } else {
            heads[key] = index
        }
    }

    func first(_ key: Key) -> Int32? { heads[key] }

    /// The indices under `key`, in the order added.
    func all(_ key: Key) -> ChainSequence { ChainSequence(current: heads[key] ?? -1, links: next) }

    struct ChainSequence: Sequence, IteratorProtocol {
        var current: Int32
        let links: [Int32]

        mutating func next() -> Int32? {
            guard current >= 0 else { return nil }
            defer { current = links[Int(current)] }
            return current
        }
    }
}
