/// A multimap from a key to record indices, kept as one dictionary of chain ends and one array of
/// links: no array per key, so a million keys cost two allocations, and adding is one hash probe.
/// Indices come back in the order they were added.
struct KeyChains<Key: Hashable> {
    struct Ends {
        var head: Int32
        var tail: Int32
    }

    private var ends: [Key: Ends] = [:]
    private var next: [Int32]

    init(capacity: Int, count: Int) {
        ends.reserveCapacity(capacity)
        next = Array(repeating: -1, count: count)
    }

    mutating func add(_ key: Key, _ index: Int32) {
        Self.link(&ends[key, default: Ends(head: -1, tail: -1)], index, &next)
    }

    private static func link(_ ends: inout Ends, _ index: Int32, _ next: inout [Int32]) {
        if ends.tail >= 0 { next[Int(ends.tail)] = index } else { ends.head = index }
        ends.tail = index
    }

    func first(_ key: Key) -> Int32? { ends[key]?.head }

    /// The indices under `key`, in the order added.
    func all(_ key: Key) -> ChainSequence { ChainSequence(current: ends[key]?.head ?? -1, links: next) }

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

extension KeyChains: Sendable where Key: Sendable {}
