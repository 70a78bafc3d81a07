/// Open-addressing tables keyed by a text's 64-bit fingerprint (``TextFingerprint``) that
/// hold no text: on a fingerprint hit the caller's `same` closure checks the key against the
/// record's own field, so building an index retains no strings and a probe touches one slot.
/// Sized once (a power of two at least twice the keys), so they never grow or fill.
enum TextTables {
    static func fingerprint(_ text: String) -> UInt64 {
        if let hash = text.utf8.withContiguousStorageIfAvailable({ TextFingerprint.of(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        var copy = text
        return copy.withUTF8 { TextFingerprint.of(UnsafeRawBufferPointer($0)) }
    }

    static func size(for keys: Int) -> Int {
        var size = 16
        while size < keys * 2 { size <<= 1 }
        return size
    }
}

/// A multimap from text to record indices in the order added: a chain per key, linked through one
/// array.
struct TextChains {
    struct Slot {
        var fingerprint: UInt64
        var head: Int32
        var tail: Int32
    }

    private var slots: [Slot]
    private var next: [Int32]
    private let mask: Int

    /// `keys` bounds the distinct keys; `count` bounds the indices added.
    init(keys: Int, count: Int) {
        let size = TextTables.size(for: keys)
        slots = Array(repeating: Slot(fingerprint: 0, head: -1, tail: -1), count: size)
        mask = size - 1
        next = Array(repeating: -1, count: count)
    }

    /// The slot holding `fingerprint`'s key, or the empty slot where it would go.
    @inline(__always)
    private func slot(_ fingerprint: UInt64, _ same: (Int32) -> Bool) -> Int {
        var position = Int(truncatingIfNeeded: fingerprint) & mask
        while true {
            let slot = slots[position]
            if slot.head < 0 { return position }
            if slot.fingerprint == fingerprint && same(slot.head) { return position }
            position = (position + 1) & mask
        }
    }

    /// Adds `index` under `text`; `same(i)` says whether record `i`'s key is `text`.
    @inline(__always)
    mutating func add(_ text: String, _ index: Int32, same: (Int32) -> Bool) {
        let fingerprint = TextTables.fingerprint(text)
        let position = slot(fingerprint, same)
        let tail = slots[position].tail
        if tail >= 0 {
            next[Int(tail)] = index
        } else {
            slots[position].fingerprint = fingerprint
            slots[position].head = index
        }
        slots[position].tail = index
    }

    @inline(__always)
    func first(_ text: String, same: (Int32) -> Bool) -> Int32? {
        let head = slots[slot(TextTables.fingerprint(text), same)].head
        return head >= 0 ? head : nil
    }

    /// The indices under `text`, in the order added.
    @inline(__always)
    func all(_ text: String, same: (Int32) -> Bool) -> KeyChains<Int32>.ChainSequence {
        KeyChains<Int32>.ChainSequence(current: slots[slot(TextTables.fingerprint(text), same)].head, links: next)
    }
}

/// A map from text to one record index.
struct TextMap {
    struct Slot {
        var fingerprint: UInt64
        var value: Int32
    }

    private var slots: [Slot]
    private let mask: Int

    init(keys: Int) {
        let size = TextTables.size(for: keys)
        slots = Array(repeating: Slot(fingerprint: 0, value: -1), count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ fingerprint: UInt64, _ same: (Int32) -> Bool) -> Int {
        var position = Int(truncatingIfNeeded: fingerprint) & mask
        while true {
            let slot = slots[position]
            if slot.value < 0 { return position }
            if slot.fingerprint == fingerprint && same(slot.value) { return position }
            position = (position + 1) & mask
        }
    }

    /// The index stored under `text`; `same(i)` says whether record `i`'s key is `text`.
    @inline(__always)
    func get(_ text: String, same: (Int32) -> Bool) -> Int32? {
        let value = slots[slot(TextTables.fingerprint(text), same)].value
        return value >= 0 ? value : nil
    }

    /// Stores `index` under `text`, replacing what was there.
    @inline(__always)
    mutating func set(_ text: String, _ index: Int32, same: (Int32) -> Bool) {
        let fingerprint = TextTables.fingerprint(text)
        let position = slot(fingerprint, same)
        slots[position] = Slot(fingerprint: fingerprint, value: index)
    }

    /// Stores `index` under `text` unless something is stored there; returns what is stored.
    @inline(__always)
    @discardableResult
    mutating func insertIfAbsent(_ text: String, _ index: Int32, same: (Int32) -> Bool) -> Int32 {
        let fingerprint = TextTables.fingerprint(text)
        let position = slot(fingerprint, same)
        if slots[position].value >= 0 { return slots[position].value }
        slots[position] = Slot(fingerprint: fingerprint, value: index)
        return index
    }
}
