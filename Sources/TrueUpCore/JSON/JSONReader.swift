/// Reads a JSON document a value at a time, without building a tree: for records whose shape the
/// reader knows, which take each member as it comes and skip the rest.
///
/// It is as strict as ``JSONParser`` (which builds its trees with it): RFC 8259 and nothing more,
/// numbers kept as text, valid UTF-8, paired surrogates, nesting no deeper than
/// ``JSONParser/maximumDepth``. A value of the wrong kind is an error that says what was expected
/// and what was found. Errors carry the line and column.
public struct JSONReader {
    /// The kind of the next value.
    public enum Kind: Sendable, Equatable {
        case null, bool, number, string, array, object

        /// What a person would call this kind of value in an error message.
        public var name: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Where the name of the member being read began: duplicate names are reported there.
    private(set) var memberStart = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the one document `bytes` holds with `body`; anything but whitespace after the value
    /// `body` reads is an error. A UTF-8 byte order mark is tolerated, as spreadsheet exports and
    /// some proxies add one.
    public static func read<Result>(
        _ bytes: some Collection<UInt8>, _ body: (inout JSONReader) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Swift.Result { () throws(JSONSyntaxError) in try read(buffer, body) }
        }
        if let contiguous { return try contiguous.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try read(buffer, body) }
    }

    private static func read<Result>(
        _ buffer: UnsafeBufferPointer<UInt8>, _ body: (inout JSONReader) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        var reader = JSONReader(buffer)
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { reader.index = 3 }
        reader.skipWhitespace()
        guard reader.index < buffer.count else { throw reader.error("the document is empty") }
        let result = try body(&reader)
        reader.skipWhitespace()
        guard reader.index == buffer.count else {
            throw reader.error("unexpected \(reader.describeCurrent()) after the end of the document")
        }
        return result
    }

    // MARK: Values

    /// The kind of the next value, which is not consumed.
    public mutating func peek() throws(JSONSyntaxError) -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw error("the document ends where a value was expected (truncated?)") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    /// Reads an object, calling `member` with each member's name; `member` must read (or
    /// ``skipValue()``) the member's value.
    public mutating func object(
        _ member: (inout JSONReader, String) throws(JSONSyntaxError) -> Void
    ) throws(JSONSyntaxError) {
        try enterObject()
        var first = true
        while let name = try nextMember(first: &first) { try member(&self, name) }
    }

    /// Reads an array, calling `element` for each element, which it must read or skip.
    public mutating func array(_ element: (inout JSONReader) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try enterArray()
        var first = true
        while try nextElement(first: &first) { try element(&self) }
    }

    /// Steps into an object; ``nextMember(first:)`` then names each member in turn.
    mutating func enterObject() throws(JSONSyntaxError) {
        try expect(.object)
        try enter()
        index += 1
    }

    /// The name of the next member, whose value comes next, or `nil` once the object has ended.
    /// `first` starts `true` for each object.
    mutating func nextMember(first: inout Bool) throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        guard index < bytes.count else { throw error("the document ends inside an object (truncated?)") }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else {
                throw error("expected ',' or '}' in an object, found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("the document ends inside an object (truncated?)") }
        }
        first = false
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw error("expected a member name in quotes, found \(describeCurrent())")
        }
        let start = index
        let name = try scanString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw error("expected ':' after member name \"\(name.prefix(40))\"")
        }
        index += 1
        memberStart = start
        return name
    }

    /// Steps into an array; ``nextElement(first:)`` then says whether another element comes.
    mutating func enterArray() throws(JSONSyntaxError) {
        try expect(.array)
        try enter()
        index += 1
    }

    /// Whether another element comes (and is next to read); `false` once the array has ended.
    /// `first` starts `true` for each array.
    mutating func nextElement(first: inout Bool) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("the document ends inside an array (truncated?)") }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else {
                throw error("expected ',' or ']' in an array, found \(describeCurrent())")
            }
            index += 1
        }
        first = false
        return true
    }

    public mutating func string() throws(JSONSyntaxError) -> String {
        try expect(.string)
        return try scanString()
    }

    /// A number exactly as written, such as `-12.50` or `1e3`.
    public mutating func numberText() throws(JSONSyntaxError) -> String {
        try expect(.number)
        return try scanNumber()
    }

    public mutating func bool() throws(JSONSyntaxError) -> Bool {
        try expect(.bool)
        if bytes[index] == UInt8(ascii: "t") {
            try expectLiteral("true")
            return true
        }
        try expectLiteral("false")
        return false
    }

    /// Reads a `null` if one comes next, and says whether it did.
    public mutating func null() throws(JSONSyntaxError) -> Bool {
        guard try peek() == .null else { return false }
        try expectLiteral("null")
        return true
    }

    /// Reads the next value, whatever it is, and lets it go.
    public mutating func skipValue() throws(JSONSyntaxError) {
        switch try peek() {
        case .object: try object { reader, _ throws(JSONSyntaxError) in try reader.skipValue() }
        case .array: try array { reader throws(JSONSyntaxError) in try reader.skipValue() }
        case .string: _ = try scanString()
        case .number: _ = try scanNumber()
        case .bool: _ = try bool()
        case .null: _ = try null()
        }
    }

    /// An error at the next value, for a value that is well formed but not what the record needs.
    public mutating func failure(_ message: String) -> JSONSyntaxError {
        skipWhitespace()
        return error(message, at: index)
    }

    // MARK: Scanning

    private mutating func expect(_ kind: Kind) throws(JSONSyntaxError) {
        let found = try peek()
        guard found == kind else { throw error("expected \(kind.name), found \(found.name)") }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= JSONParser.maximumDepth else {
            throw error("nesting is deeper than \(JSONParser.maximumDepth) levels")
        }
    }

    private mutating func scanNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs digits after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("a number may not have leading zeros", at: start)
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs digits after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("a number needs digits in its exponent")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        guard index - start <= 400 else { throw error("a number is longer than 400 characters", at: start) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func scanString() throws(JSONSyntaxError) -> String {
        let quote = index
        index += 1
        let start = index
        // Fast path: no escapes, plain UTF-8 up to the closing quote.
        var bits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // ASCII (the common case) is valid UTF-8 as it stands.
                if bits < 0x80 { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8", at: quote)
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("a string contains an unescaped control character") }
            bits |= byte
            index += 1
        }
        guard index < bytes.count else { throw error("the document ends inside a string (truncated?)", at: quote) }
        // Slow path: decode escapes into a byte buffer, then validate the whole as UTF-8.
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let text = String(validating: decoded, as: UTF8.self) else {
                    throw error("a string is not valid UTF-8", at: quote)
                }
                return text
            }
            if byte < 0x20 { throw error("a string contains an unescaped control character") }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try scanHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw error("a string has an unpaired surrogate escape") }
                    index += 2
                    let low = try scanHex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw error("a string has an unpaired surrogate escape")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("a string has an unpaired surrogate escape")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw error("a string has an invalid \\u escape") }
                decoded.append(contentsOf: String(Character(unicode)).utf8)
            default:
                throw error("a string has an invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: index - 2)
            }
        }
        throw error("the document ends inside a string (truncated?)", at: quote)
    }

    private mutating func scanHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let matches =
            index + count <= bytes.count
            && literal.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
        guard matches else { throw error("expected a value, found \(describeCurrent())") }
        index += count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the document" }
        let byte = bytes[index]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }

    /// An error at byte `offset` (the current one when `nil`), with its line and column.
    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let position = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<position where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONSyntaxError(message: message, line: line, column: position - lineStart + 1)
    }
}
