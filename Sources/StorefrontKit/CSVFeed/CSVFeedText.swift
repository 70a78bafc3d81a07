import TrueUpCore

/// Turns a feed file's bytes into text, in the encoding its settings name or, for `auto`, the one
/// its bytes show: a byte order mark first, then UTF-8 if the bytes are valid UTF-8, else
/// Windows-1252 (what Excel saves as "CSV" in Western Europe).
enum CSVFeedText {
    /// The file's text without its byte order mark, and the encoding it was read in.
    static func decode(
        _ bytes: [UInt8], encoding: CSVFeedSettings.Encoding, file: String
    ) throws(TrueUpError) -> (text: String, encoding: CSVFeedSettings.Encoding) {
        let mark = ByteOrderMark(bytes)
        switch encoding {
        case .auto:
            switch mark {
            case .utf8: return (try utf8(bytes[3...], file: file), .utf8)
            case .utf16LE: return (try utf16(bytes[2...], bigEndian: false, file: file), .utf16LE)
            case .utf16BE: return (try utf16(bytes[2...], bigEndian: true, file: file), .utf16BE)
            case nil:
                if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
                if bytes.contains(0) {
                    throw .badInput(
                        "\(file) has NUL bytes, as UTF-16 text without a byte order mark has: save it as "
                            + "\"CSV UTF-8\", or set encoding: utf-16le in the feed settings")
                }
                return (singleByte(bytes[...], windows1252: true), .windows1252)
            }
        case .utf8:
            return (try utf8(mark == .utf8 ? bytes[3...] : bytes[...], file: file), .utf8)
        case .utf16, .utf16LE, .utf16BE:
            if mark == .utf8 {
                throw .badInput("\(file) starts with a UTF-8 byte order mark but encoding is \(encoding.rawValue)")
            }
            let bigEndian = mark.map { $0 == .utf16BE } ?? (encoding == .utf16BE)
            if let mark, encoding != .utf16, bigEndian != (encoding == .utf16BE) {
                throw .badInput(
                    "\(file) has a \(mark == .utf16BE ? "big" : "little")-endian byte order mark but encoding is "
                        + "\(encoding.rawValue): set encoding: utf-16")
            }
            return (try utf16(mark == nil ? bytes[...] : bytes[2...], bigEndian: bigEndian, file: file), encoding)
        case .windows1252, .latin1:
            return (singleByte(bytes[...], windows1252: encoding == .windows1252), encoding)
        }
    }

    private enum ByteOrderMark {
        case utf8
        case utf16LE
        case utf16BE

        init?(_ bytes: [UInt8]) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                self = .utf8
            } else if bytes.starts(with: [0xFF, 0xFE]) {
                self = .utf16LE
            } else if bytes.starts(with: [0xFE, 0xFF]) {
                self = .utf16BE
            } else {
                return nil
            }
        }
    }

    private static func utf8(_ bytes: ArraySlice<UInt8>, file: String) throws(TrueUpError) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw .badInput(
            "\(file) line \(lineOfFirstInvalidUTF8(bytes)): not valid UTF-8; save the file as \"CSV UTF-8\", "
                + "or set encoding: windows-1252 (or auto) in the feed settings")
    }

    /// The physical line holding the first byte that is not part of valid UTF-8.
    private static func lineOfFirstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        var previousWasCR = false
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let byte = encoded.first ?? 0
                if byte == UInt8(ascii: "\n") {
                    if !previousWasCR { line += 1 }
                } else if byte == UInt8(ascii: "\r") {
                    line += 1
                }
                previousWasCR = byte == UInt8(ascii: "\r")
            case .error: return line
            case .emptyInput: return line
            }
        }
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, file: String) throws(TrueUpError) -> String {
        guard bytes.count % 2 == 0 else {
            throw .badInput("\(file) has an odd number of bytes, so it is not UTF-16 text: check its encoding")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        guard let text = String(validating: units, as: UTF16.self) else {
            throw .badInput("\(file) is not valid UTF-16 (it has an unpaired surrogate): check its encoding")
        }
        return text
    }

    /// Windows-1252 or ISO 8859-1 bytes as text. Windows-1252 leaves five bytes undefined; they
    /// are read as the C1 control characters of the same value, as browsers do.
    private static func singleByte(_ bytes: ArraySlice<UInt8>, windows1252: Bool) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                utf8.append(byte)
                continue
            }
            var scalar = UInt32(byte)
            if windows1252, byte < 0xA0 { scalar = UInt32(windows1252High[Int(byte - 0x80)]) }
            if scalar < 0x800 {
                utf8.append(UInt8(0xC0 | scalar >> 6))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            } else {
                utf8.append(UInt8(0xE0 | scalar >> 12))
                utf8.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                utf8.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The characters of Windows-1252's bytes 0x80 to 0x9F.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
