/// Byte-level helpers for the first look at a file: byte order marks, leading space, ASCII matches.
enum TextBytes {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The index after a UTF-8 byte order mark, if `bytes` starts with one.
    static func afterBOM(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.starts(with: byteOrderMark) ? bytes.startIndex + 3 : bytes.startIndex
    }

    /// The index of the first byte after a byte order mark and any spaces, tabs and line breaks.
    static func afterBOMAndSpace(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = afterBOM(bytes)
        while index < bytes.endIndex, isSpace(bytes[index]) { index += 1 }
        return index
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether `bytes` starts with the ASCII text `prefix`.
    static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: String, ignoringCase: Bool = false) -> Bool {
        let wanted = Array(prefix.utf8)
        guard bytes.count >= wanted.count else { return false }
        return zip(bytes, wanted).allSatisfy { same($0, $1, ignoringCase: ignoringCase) }
    }

    /// Whether the ASCII text `needle` occurs in `bytes`.
    static func contains(_ bytes: ArraySlice<UInt8>, _ needle: String, ignoringCase: Bool = false) -> Bool {
        firstIndex(of: needle, in: bytes, ignoringCase: ignoringCase) != nil
    }

    /// Where the ASCII text `needle` first occurs in `bytes`.
    static func firstIndex(of needle: String, in bytes: ArraySlice<UInt8>, ignoringCase: Bool = false) -> Int? {
        let wanted = Array(needle.utf8)
        guard let first = wanted.first, bytes.count >= wanted.count else { return nil }
        var index = bytes.startIndex
        let last = bytes.endIndex - wanted.count
        while index <= last {
            if same(bytes[index], first, ignoringCase: ignoringCase) {
                var offset = 1
                while offset < wanted.count, same(bytes[index + offset], wanted[offset], ignoringCase: ignoringCase) {
                    offset += 1
                }
                if offset == wanted.count { return index }
            }
            index += 1
        }
        return nil
    }

    private static func same(_ byte: UInt8, _ wanted: UInt8, ignoringCase: Bool) -> Bool {
        byte == wanted || (ignoringCase && upper(byte) == upper(wanted))
    }

    static func upper(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
    }

    /// The text of `bytes`: UTF-8 when they are valid UTF-8, else Windows-1252 (what OFX 1.x files
    /// declaring `CHARSET:1252` hold), byte order mark left out.
    static func decodeText(_ bytes: ArraySlice<UInt8>) -> String {
        let body = bytes[afterBOM(bytes)...]
        if let text = String(validating: body, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in body {
            if (0x80...0x9F).contains(byte), let mapped = Unicode.Scalar(windows1252[Int(byte - 0x80)]) {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Windows-1252's characters for 0x80...0x9F (undefined ones kept as the C1 control).
    private static let windows1252: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
