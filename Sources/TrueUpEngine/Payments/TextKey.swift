/// Text as a dictionary key that hashes a 64-bit fingerprint taken once, eight bytes at a time,
/// instead of the whole text on every probe, and compares fingerprints before the text. The match
/// keys millions of identifiers (GUIDs, transaction ids, order numbers), where hashing whole
/// strings dominated its time. The fingerprint is seeded per process, so crafted identifiers
/// cannot be chosen to collide.
struct TextKey: Hashable {
    static let seed = UInt64.random(in: 1...UInt64.max)

    let fingerprint: UInt64
    let text: String

    init(_ text: String) {
        self.text = text
        var copy = text
        fingerprint = copy.withUTF8 { Self.fingerprint(UnsafeRawBufferPointer($0)) }
    }

    static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = seed ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* multiplier
        return hash ^ (hash >> 32)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    static func == (lhs: TextKey, rhs: TextKey) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.text == rhs.text
    }
}

/// A map from text to a record index, keyed by ``TextKey``.
struct TextIndex {
    private var storage: [TextKey: Int32] = [:]

    init(capacity: Int = 0) {
        storage.reserveCapacity(capacity)
    }

    subscript(_ text: String) -> Int32? {
        get { storage[TextKey(text)] }
        set { storage[TextKey(text)] = newValue }
    }

    /// Stores `index` under `text` unless something is stored there already; one probe.
    mutating func insertIfAbsent(_ text: String, _ index: Int32) {
        let key = TextKey(text)
        if storage[key] == nil { storage[key] = index }
    }
}

extension KeyChains where Key == TextKey {
    mutating func add(_ text: String, _ index: Int32) { add(TextKey(text), index) }
    func first(_ text: String) -> Int32? { first(TextKey(text)) }
    func all(_ text: String) -> ChainSequence { all(TextKey(text)) }
}
