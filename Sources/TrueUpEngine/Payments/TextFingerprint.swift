/// A text's 64-bit fingerprint, taken eight bytes at a time: what the match's identifier tables
/// (``TextTables``) key on instead of hashing whole strings on every probe. Seeded per process,
/// so crafted identifiers cannot be chosen to collide; a collision is harmless anyway, since the
/// tables compare the text itself on a hit.
enum TextFingerprint {
    static let seed = UInt64.random(in: 1...UInt64.max)

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
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
}
