/// A tolerant tag scanner for OFX, SGML (1.x) and XML (2.x) alike: start tags, end tags and the text
/// between them, with line numbers.
///
/// It never reads a DTD or expands an entity: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and
/// character references become their characters, and any other `&name;` is left as written. The OFX
/// 1.x header lines before the first tag, processing instructions (`<?xml ...?>`, `<?OFX ...?>`),
/// comments and attributes are skipped; a markup declaration (`<!DOCTYPE`, `<!ENTITY`) is reported so
/// that the reader can refuse the file.
struct OFXScanner {
    enum Token {
        /// `<NAME>`, or `<NAME/>` when `closed`.
        case start(name: String, closed: Bool, line: Int)
        /// `</NAME>`.
        case end(name: String, line: Int)
        /// The text between two tags, entities decoded, ends trimmed; never empty.
        case text(String, line: Int)
        /// `<!DOCTYPE ...>`, `<!ENTITY ...>` and the like.
        case declaration(line: Int)
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(text: String) {
        bytes = Array(text.utf8)
    }

    /// Every tag name used in an end tag: in OFX 1.x the aggregates, which are closed, unlike the
    /// elements that hold a value.
    func closedNames() -> Set<String> {
        var names: Set<String> = []
        var position = 0
        while let open = nextIndex(of: UInt8(ascii: "<"), from: position) {
            position = open + 1
            guard position < bytes.count, bytes[position] == UInt8(ascii: "/") else { continue }
            let start = position + 1
            var end = start
            while end < bytes.count, !isNameEnd(bytes[end]) { end += 1 }
            names.insert(Self.name(bytes[start..<end]))
        }
        return names
    }

    mutating func next() -> Token? {
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                let startLine = line
                let end = nextIndex(of: UInt8(ascii: "<"), from: index) ?? bytes.count
                advance(to: end)
                let text = Self.decoded(bytes[start..<end])
                if !text.isEmpty { return .text(text, line: startLine) }
                continue
            }
            let tagLine = line
            if matches("<!--") {
                advance(to: endIndex(after: "-->", from: index + 4))
            } else if matches("<![CDATA[") {
                let contentStart = index + 9
                let close = firstIndex(of: "]]>", from: contentStart) ?? bytes.count
                advance(to: min(close + 3, bytes.count))
                let text = String(decoding: bytes[contentStart..<close], as: UTF8.self)
                    .trimmingCharacters(in: Self.space)
                if !text.isEmpty { return .text(text, line: tagLine) }
            } else if matches("<!") {
                return .declaration(line: tagLine)
            } else if matches("<?") {
                advance(to: endIndex(after: "?>", from: index + 2))
            } else if matches("</") {
                let start = index + 2
                var end = start
                while end < bytes.count, !isNameEnd(bytes[end]) { end += 1 }
                advance(to: endIndex(after: ">", from: end))
                return .end(name: Self.name(bytes[start..<end]), line: tagLine)
            } else {
                let start = index + 1
                var end = start
                while end < bytes.count, !isNameEnd(bytes[end]) { end += 1 }
                let close = tagEnd(from: end)
                let closed = close > start && bytes[close - 1] == UInt8(ascii: "/")
                advance(to: min(close + 1, bytes.count))
                if end > start { return .start(name: Self.name(bytes[start..<end]), closed: closed, line: tagLine) }
            }
        }
        return nil
    }

    /// Moves to `end`, counting the line breaks passed (LF, CR LF, or CR alone).
    private mutating func advance(to end: Int) {
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) { line += 1 }
            index += 1
        }
    }

    private func matches(_ text: String) -> Bool {
        TextBytes.hasPrefix(bytes[index...], text)
    }

    private func nextIndex(of byte: UInt8, from start: Int) -> Int? {
        var position = start
        while position < bytes.count {
            if bytes[position] == byte { return position }
            position += 1
        }
        return nil
    }

    private func firstIndex(of text: String, from start: Int) -> Int? {
        guard start <= bytes.count else { return nil }
        return TextBytes.firstIndex(of: text, in: bytes[start...])
    }

    /// The index after the next `text`, or the end of the file.
    private func endIndex(after text: String, from start: Int) -> Int {
        firstIndex(of: text, from: start).map { $0 + text.utf8.count } ?? bytes.count
    }

    /// The index of the `>` that ends a tag, skipping quoted attribute values; the end of the file
    /// when there is none.
    private func tagEnd(from start: Int) -> Int {
        var position = start
        var quote: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return position
            } else if byte == UInt8(ascii: "<") {
                // An unclosed tag: the next one starts here.
                return position - 1
            }
            position += 1
        }
        return bytes.count
    }

    private func isNameEnd(_ byte: UInt8) -> Bool {
        TextBytes.isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "<")
    }

    /// Tag names are read in upper case, as OFX writes them.
    private static func name(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(TextBytes.upper), as: UTF8.self)
    }

    private static let space: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]

    /// The text with the predefined entities and character references decoded, ends trimmed.
    static func decoded(_ bytes: ArraySlice<UInt8>) -> String {
        var text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: space)
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";"),
                let character = entity(after[..<semicolon])
            {
                result.append(character)
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after
            }
        }
        result += rest
        text = result
        return text
    }

    private static func entity(_ name: Substring) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }),
            let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
