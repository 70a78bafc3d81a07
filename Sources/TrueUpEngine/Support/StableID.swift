import Crypto

/// A deterministic id for planned work: SHA-256 over length-prefixed fields, as 32 hex digits.
/// The same fields always give the same id, and no two different field lists share a preimage.
enum StableID {
    static func make(_ fields: [String]) -> String {
        var preimage: [UInt8] = []
        preimage.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count + 8 })
        for text in fields {
            preimage.append(contentsOf: String(text.utf8.count).utf8)
            preimage.append(UInt8(ascii: ":"))
            preimage.append(contentsOf: text.utf8)
            preimage.append(UInt8(ascii: "|"))
        }
        let digest = SHA256.hash(data: preimage)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(32)
        for byte in digest.prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
