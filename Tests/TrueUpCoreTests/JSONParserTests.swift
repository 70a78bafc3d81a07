import PropertyBased
import Testing
import TrueUpCore

@Suite("JSONParser")
struct JSONParserTests {
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// The error for bytes that must not parse, or nil if they parsed.
    static func failure(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    static func failure(_ text: String) -> JSONSyntaxError? { failure(Array(text.utf8)) }

    // MARK: Values

    @Test("Every JSON type is read")
    func everyType() throws {
        #expect(try Self.parse("null") == .null)
        #expect(try Self.parse("true") == .bool(true))
        #expect(try Self.parse("false") == .bool(false))
        #expect(try Self.parse("12") == .number("12"))
        #expect(try Self.parse(#""text""#) == .string("text"))
        #expect(try Self.parse("[]") == .array([]))
        #expect(try Self.parse("{}") == .object(JSONObject()))
        let document = #"{"a": [1, "two", null, true, false, {"b": {}}, []], "c": -0.5}"#
        let expected = JSONValue.object(
            JSONObject([
                "a": .array([
                    .number("1"), .string("two"), .null, .bool(true), .bool(false),
                    .object(JSONObject(["b": .object(JSONObject())])), .array([]),
                ]),
                "c": .number("-0.5"),
            ]))
        #expect(try Self.parse(document) == expected)
    }

    @Test("Object members keep document order")
    func memberOrder() throws {
        guard case .object(let object) = try Self.parse(#"{"z": 1, "a": 2, "m": 3}"#) else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.count == 3)
        #expect(object["a"] == .number("2"))
        #expect(object["b"] == nil)
    }

    @Test("Whitespace of all four JSON kinds is allowed around and between tokens")
    func whitespace() throws {
        #expect(try Self.parse(" \t\r\n[ 1 ,\r\n\t2 ] \n") == .array([.number("1"), .number("2")]))
        #expect(try Self.parse("{ \"a\" :\n1 }") == .object(JSONObject(["a": .number("1")])))
    }

    @Test(
        "Numbers are kept as their exact literal text",
        arguments: [
            "12.50", "1E+2", "1e2", "1E-2", "-0", "0", "-0.0e-0", "0.1", "12345678901234567890.123456789", "1e400",
            "-9223372036854775809", "100", "0e0", "5E5",
        ]
    )
    func numbers(literal: String) throws {
        #expect(try Self.parse(literal) == .number(literal))
        #expect(try Self.parse("[\(literal)]") == .array([.number(literal)]))
        #expect(try Self.parse(#"{"n":\#(literal)}"#) == .object(JSONObject(["n": .number(literal)])))
    }

    @Test("A number of 400 characters is accepted; a longer one is refused")
    func numberLength() throws {
        let longest = String(repeating: "9", count: 400)
        #expect(try Self.parse(longest) == .number(longest))
        let error = try #require(Self.failure("[" + longest + "9]"))
        #expect(error.message == "a number is longer than 400 characters")
        #expect(error.column == 2)
    }

    // MARK: Strings

    @Test(
        "Escapes decode to the characters they stand for",
        arguments: [
            (#""\"\\\/""#, "\"\\/"), (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"), (#""\u00e9""#, "é"), (#""\u00E9""#, "é"),
            (#""caf\u00e9 au lait""#, "café au lait"), (#""\ud83d\ude00""#, "😀"), (#""\uD83D\uDE00!""#, "😀!"),
            (#""\u0000""#, "\u{0}"), (#""\u20AC""#, "€"), (#""a\nb""#, "a\nb"), ("\"é😀日本\"", "é😀日本"),
            ("\"e\u{301}\"", "e\u{301}"), ("\"\u{7F}\"", "\u{7F}"), (#""\/\/""#, "//"),
        ] as [(String, String)]
    )
    func strings(json: String, expected: String) throws {
        let value = try Self.parse(json)
        #expect(value == .string(expected))
        guard case .string(let text) = value else { return }
        // Compare scalars too: String equality is canonical, and "é" must not become "e" + U+0301.
        #expect(Array(text.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test("Member names are decoded like strings")
    func escapedKeys() throws {
        #expect(try Self.parse(#"{"caf\u00e9": 1}"#) == .object(JSONObject(["café": .number("1")])))
    }

    // MARK: Refusals

    @Test(
        "What a lenient parser would guess at is refused, with the line and column",
        arguments: [
            ("[1,2,]", "expected a value, found ']'", 1, 6),
            (#"{"a":1,}"#, "expected a member name in quotes, found '}'", 1, 8),
            ("// comment\n1", "expected a value, found '/'", 1, 1),
            ("[1 /* c */]", "expected ',' or ']' in an array, found '/'", 1, 4),
            ("{'a':1}", "expected a member name in quotes, found '''", 1, 2),
            ("'a'", "expected a value, found '''", 1, 1),
            ("01", "a number may not have leading zeros", 1, 1),
            ("[-012]", "a number may not have leading zeros", 1, 2),
            ("NaN", "expected a value, found 'N'", 1, 1),
            ("Infinity", "expected a value, found 'I'", 1, 1),
            ("-Infinity", "a number needs digits after '-'", 1, 2),
            ("+1", "expected a value, found '+'", 1, 1),
            (".5", "expected a value, found '.'", 1, 1),
            ("1.", "a number needs digits after '.'", 1, 3),
            ("1.e5", "a number needs digits after '.'", 1, 3),
            ("1e", "a number needs digits in its exponent", 1, 3),
            ("1e+", "a number needs digits in its exponent", 1, 4),
            ("0x10", "unexpected 'x' after the end of the document", 1, 2),
            (#"{"a":1,"a":2}"#, "member \"a\" appears twice in one object", 1, 8),
            ("1 2", "unexpected '2' after the end of the document", 1, 3),
            ("{} x", "unexpected 'x' after the end of the document", 1, 4),
            ("", "the document is empty", 1, 1),
            ("  \n ", "the document is empty", 2, 2),
            ("tru", "expected a value, found 't'", 1, 1),
            ("True", "expected a value, found 'T'", 1, 1),
            ("nul", "expected a value, found 'n'", 1, 1),
            ("[1,2", "the document ends inside an array (truncated?)", 1, 5),
            ("[1 2]", "expected ',' or ']' in an array, found '2'", 1, 4),
            (#"{"a" 1}"#, "expected ':' after member name \"a\"", 1, 6),
            (#"{"a":1 "b":2}"#, "expected ',' or '}' in an object, found '\"'", 1, 8),
            ("{a:1}", "expected a member name in quotes, found 'a'", 1, 2),
            (#"{"a":"#, "the document ends where a value was expected (truncated?)", 1, 6),
            (#"{"a":1"#, "the document ends inside an object (truncated?)", 1, 7),
            (#""abc"#, "the document ends inside a string (truncated?)", 1, 1),
            (#"["ab\"#, "the document ends inside a string (truncated?)", 1, 2),
            (#""a\x""#, "a string has an invalid escape '\\x'", 1, 3),
            (#""\u12""#, "a \\u escape needs four hex digits", 1, 4),
            (#""\u12G4""#, "a \\u escape needs four hex digits", 1, 6),
            (#""\ud800""#, "a string has an unpaired surrogate escape", 1, 8),
            (#""\ud800x""#, "a string has an unpaired surrogate escape", 1, 8),
            (#""\ud800\u0041""#, "a string has an unpaired surrogate escape", 1, 14),
            (#""\ud800\ud800""#, "a string has an unpaired surrogate escape", 1, 14),
            (#""\udc00""#, "a string has an unpaired surrogate escape", 1, 8),
            ("\"a\tb\"", "a string contains an unescaped control character", 1, 3),
            ("\"a\nb\"", "a string contains an unescaped control character", 1, 3),
            ("\"\\n\u{1}\"", "a string contains an unescaped control character", 1, 4),
            ("\u{C}1", "expected a value, found byte 0x0C", 1, 1),
            ("\u{A0}1", "expected a value, found byte 0xC2", 1, 1),
            ("[1]\u{0}", "unexpected byte 0x00 after the end of the document", 1, 4),
        ] as [(String, String, Int, Int)]
    )
    func refusals(json: String, message: String, line: Int, column: Int) throws {
        let error = try #require(Self.failure(json))
        #expect(error.message == message)
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.description == "line \(line), column \(column): \(message)")
    }

    @Test(
        "Invalid UTF-8 is refused, inside strings and out",
        arguments: [
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0x80, 0x22], [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xFF, 0x22],
            [0x5B, 0x22, 0x61, 0x22, 0x2C, 0x22, 0xC3, 0x22, 0x5D],
        ] as [[UInt8]]
    )
    func invalidUTF8InStrings(bytes: [UInt8]) throws {
        let error = try #require(Self.failure(bytes))
        #expect(error.message == "a string is not valid UTF-8")
        // The error points at the opening quote of the string.
        #expect(bytes[error.column - 1] == UInt8(ascii: "\""))
    }

    @Test("A stray byte outside a string is refused")
    func invalidUTF8Outside() throws {
        let error = try #require(Self.failure([0x5B, 0xFF, 0x5D]))
        #expect(error.message == "expected a value, found byte 0xFF")
        #expect(error.column == 2)
    }

    @Test("The line and column point at the fault in a multi-line document, counting bytes")
    func positions() throws {
        let document = """
            {
              "Items": [
                {"Code": "A", "Qty": 1},
                {"Code": "B", "Qty": 01}
              ]
            }
            """
        let error = try #require(Self.failure(document))
        #expect(error.message == "a number may not have leading zeros")
        #expect(error.line == 4)
        #expect(error.column == 26)

        let duplicate = "{\n  \"a\": 1,\r\n  \"a\": 2\n}"
        let second = try #require(Self.failure(duplicate))
        #expect((second.line, second.column) == (3, 3))

        // Columns are in bytes: "é" takes two.
        let accented = try #require(Self.failure(#"["é", x]"#))
        #expect((accented.line, accented.column) == (1, 8))

        let truncated = try #require(Self.failure("[\n1,\n2,\n"))
        #expect(truncated.message == "the document ends where a value was expected (truncated?)")
        #expect((truncated.line, truncated.column) == (4, 1))
    }

    // MARK: Byte order mark and depth

    @Test("A UTF-8 byte order mark at the start is accepted, and only there")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONParser.parse(bom + Array(#"{"a": 1}"#.utf8)) == .object(JSONObject(["a": .number("1")])))
        #expect(try JSONParser.parse(bom + Array(" 7 ".utf8)) == .number("7"))
        #expect(Self.failure(bom)?.message == "the document is empty")
        #expect(Self.failure(bom + bom + Array("1".utf8))?.message == "expected a value, found byte 0xEF")
        #expect(Self.failure(Array(" ".utf8) + bom + Array("1".utf8))?.message == "expected a value, found byte 0xEF")
        #expect(Self.failure(Array("[1,".utf8) + bom + Array("2]".utf8)) != nil)
    }

    @Test("Nesting exactly at the maximum depth is accepted; one more level is refused")
    func depth() throws {
        let maximum = JSONParser.maximumDepth
        #expect(maximum == 256)
        let arrays = String(repeating: "[", count: maximum) + String(repeating: "]", count: maximum)
        #expect(Self.failure(arrays) == nil)
        let tooDeep = String(repeating: "[", count: maximum + 1) + String(repeating: "]", count: maximum + 1)
        let error = try #require(Self.failure(tooDeep))
        #expect(error.message == "nesting is deeper than 256 levels")
        #expect(error.column == maximum + 1)

        let objects = String(repeating: #"{"a":"#, count: maximum) + "1" + String(repeating: "}", count: maximum)
        #expect(Self.failure(objects) == nil)
        let deepObjects =
            String(repeating: #"{"a":"#, count: maximum + 1) + "1" + String(repeating: "}", count: maximum + 1)
        #expect(Self.failure(deepObjects)?.message == "nesting is deeper than 256 levels")

        // Depth counts open containers, not all containers: many siblings at the maximum are fine.
        let inner = String(repeating: "[", count: maximum - 1) + String(repeating: "]", count: maximum - 1)
        #expect(Self.failure("[" + Array(repeating: inner, count: 3).joined(separator: ",") + "]") == nil)

        // A hostile document far deeper than the maximum is refused without exhausting the stack.
        #expect(Self.failure(String(repeating: "[", count: 100_000))?.message == "nesting is deeper than 256 levels")
    }

    @Test("Any Collection of bytes is accepted as input")
    func collections() throws {
        let text = "[1, 2]"
        #expect(try JSONParser.parse(text.utf8) == .array([.number("1"), .number("2")]))
        #expect(try JSONParser.parse(Array(text.utf8)[1...1]) == .number("1"))
    }

    // MARK: JSONValue and JSONObject

    @Test("kindName and preview describe values for error messages")
    func previews() {
        #expect(JSONValue.null.kindName == "null")
        #expect(JSONValue.bool(true).kindName == "a boolean")
        #expect(JSONValue.number("1").kindName == "a number")
        #expect(JSONValue.string("").kindName == "a string")
        #expect(JSONValue.array([]).kindName == "an array")
        #expect(JSONValue.object(JSONObject()).kindName == "an object")
        #expect(JSONValue.null.preview == "null")
        #expect(JSONValue.bool(false).preview == "false")
        #expect(JSONValue.number("12.50").preview == "12.50")
        #expect(JSONValue.number(String(repeating: "9", count: 50)).preview == String(repeating: "9", count: 40))
        #expect(JSONValue.string("abc").preview == #""abc""#)
        let forty = String(repeating: "x", count: 40)
        #expect(JSONValue.string(forty).preview == "\"\(forty)\"")
        #expect(JSONValue.string(forty + "y").preview == "\"\(forty)…\"")
        #expect(JSONValue.array([.null]).preview == "an array")
        #expect(JSONValue.object(JSONObject()).preview == "an object")
    }

    @Test("JSONObject keeps insertion order; setting nil removes; setting again keeps the position")
    func objectEditing() {
        var object = JSONObject(["b": .number("1"), "a": .number("2")])
        #expect(object.keys == ["b", "a"])
        object["c"] = .null
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["c"] == .null)
        object["b"] = .string("x")
        #expect(object.keys == ["b", "a", "c"])
        #expect(object["b"] == .string("x"))
        object["a"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object["a"] == nil)
        #expect(object.count == 2)
        object["missing"] = nil
        #expect(object.keys == ["b", "c"])
        #expect(object["missing"] == nil)
        // Order is part of equality.
        #expect(JSONObject(["a": .null, "b": .null]) != JSONObject(["b": .null, "a": .null]))
    }

    // MARK: Properties

    /// Builds a document from random seeds, so that the generator shrinks like an array of integers.
    struct Builder {
        let seeds: [Int]
        var position = 0

        static let strings = [
            "", "a", "Widget \"Pro\"", "back\\slash", "tab\tnew\nline", "é", "😀", "日本", "\u{0}", "\u{1F}", "/",
            "12.50", "\u{7F}", "\u{2028}", "e\u{301}",
        ]
        static let keys = ["Code", "Qty", "é", "😀", "a\"b", "", "Items", "x\\y"]
        static let integers = ["0", "7", "12", "900", "12345678901234567890"]
        static let fractions = ["", ".5", ".50", ".0001"]
        static let exponents = ["", "e3", "E+2", "e-07", "E0"]

        mutating func next(_ bound: Int) -> Int {
            defer { position += 1 }
            guard !seeds.isEmpty else { return 0 }
            return seeds[position % seeds.count] % bound
        }

        mutating func value(depth: Int) -> JSONValue {
            switch next(depth >= 4 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2:
                let sign = next(2) == 0 ? "" : "-"
                return .number(
                    sign + Self.integers[next(Self.integers.count)] + Self.fractions[next(Self.fractions.count)]
                        + Self.exponents[next(Self.exponents.count)])
            case 3, 4: return .string(Self.strings[next(Self.strings.count)])
            case 5: return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
            default:
                var object = JSONObject()
                for _ in 0..<next(4) {
                    let key = Self.keys[next(Self.keys.count)]
                    if object[key] == nil { object[key] = value(depth: depth + 1) }
                }
                return .object(object)
            }
        }
    }

    /// Writes a value as JSON text: compact or spaced, with non-ASCII characters raw or as \u escapes.
    static func render(_ value: JSONValue, spaced: Bool, escapeNonASCII: Bool) -> String {
        let space = spaced ? " " : ""
        let newline = spaced ? "\n" : ""
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return quote(text, escapeNonASCII: escapeNonASCII)
        case .array(let elements):
            let inner = elements.map { render($0, spaced: spaced, escapeNonASCII: escapeNonASCII) }
            return "[" + newline + inner.joined(separator: "," + newline + space) + "]"
        case .object(let object):
            let inner = object.keys.map { key in
                quote(key, escapeNonASCII: escapeNonASCII) + space + ":" + space
                    + render(object[key] ?? .null, spaced: spaced, escapeNonASCII: escapeNonASCII)
            }
            return "{" + space + inner.joined(separator: "," + newline) + space + "}"
        }
    }

    static func quote(_ text: String, escapeNonASCII: Bool) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || (escapeNonASCII && scalar.value > 0x7E):
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    static let documents = zip(Gen.int(in: 0...1_000_000).array(of: 1...40), Gen.bool, Gen.bool)
        .map { seeds, spaced, escape -> (value: JSONValue, text: String) in
            var builder = Builder(seeds: seeds)
            let value = builder.value(depth: 0)
            return (value, render(value, spaced: spaced, escapeNonASCII: escape))
        }

    /// The byte offset a line and column point at.
    static func offset(of error: JSONSyntaxError, in bytes: [UInt8]) -> Int {
        var line = 1
        var lineStart = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A && line < error.line {
            line += 1
            lineStart = index + 1
        }
        return lineStart + error.column - 1
    }

    @Test("Generated documents parse back to the value they were written from")
    func roundTrip() async throws {
        await propertyCheck(count: 500, input: Self.documents) { document in
            let parsed = try Self.parse(document.text)
            #expect(parsed == document.value, "\(document.text)")
        }
    }

    @Test("Every proper prefix of a document is refused, unless the document is a number and the prefix one too")
    func truncation() async throws {
        await propertyCheck(count: 300, input: Self.documents) { document in
            let bytes = Array(document.text.utf8)
            for cut in 0..<bytes.count {
                let prefix = Array(bytes[..<cut])
                do throws(JSONSyntaxError) {
                    let value = try JSONParser.parse(prefix)
                    guard case .number = document.value else {
                        Issue.record("prefix \(String(decoding: prefix, as: UTF8.self)) of \(document.text) parsed")
                        continue
                    }
                    #expect(value == .number(String(decoding: prefix, as: UTF8.self)))
                } catch {
                    #expect(error.line >= 1 && error.column >= 1)
                    #expect(Self.offset(of: error, in: prefix) <= prefix.count, "\(error)")
                }
            }
        }
    }

    @Test("Corrupted documents never crash the parser, and errors point inside the text")
    func corruption() async throws {
        let edits = zip(Gen.int(in: 0...10_000), Gen.uint8(in: 0...255), Gen.int(in: 0...2))
        await propertyCheck(count: 500, input: Self.documents, edits.array(of: 1...4)) { document, edits in
            var bytes = Array(document.text.utf8)
            for (position, byte, kind) in edits {
                let index = position % (bytes.count + 1)
                switch kind {
                case 0 where index < bytes.count: bytes[index] = byte
                case 1 where index < bytes.count: bytes.remove(at: index)
                default: bytes.insert(byte, at: index)
                }
            }
            if let error = Self.failure(bytes) {
                #expect(error.line >= 1 && error.column >= 1)
                #expect(Self.offset(of: error, in: bytes) <= bytes.count, "\(error)")
            }
        }
    }

    @Test("Random bytes never crash the parser")
    func randomBytes() async {
        await propertyCheck(count: 1_000, input: Gen.uint8(in: 0...255).array(of: 0...32)) { bytes in
            if let error = Self.failure(bytes) {
                #expect(Self.offset(of: error, in: bytes) <= bytes.count)
            }
        }
    }
}
