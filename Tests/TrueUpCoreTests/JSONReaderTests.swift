import Testing
import TrueUpCore

@Suite("JSONReader")
struct JSONReaderTests {
    /// The error reading `text` with `body`, or nil if it read.
    static func failure(_ text: String, _ body: (inout JSONReader) throws(JSONSyntaxError) -> Void) -> JSONSyntaxError?
    {
        do {
            try JSONReader.read(Array(text.utf8), body)
            return nil
        } catch {
            return error
        }
    }

    @Test("Members come in document order, and what is not asked for is skipped whole")
    func membersAndSkipping() throws {
        let text =
            #"{"id": "a1", "skip": {"deep": [1, [2, {"x": null}], "s\"q"]}, "n": -12.50, "ok": true, "none": null, "list": [1, 2]}"#
        var names: [String] = []
        var id = ""
        var number = ""
        var ok = false
        var none = false
        var list: [String] = []
        try JSONReader.read(Array(text.utf8)) { reader throws(JSONSyntaxError) in
            try reader.object { reader, name throws(JSONSyntaxError) in
                names.append(name)
                switch name {
                case "id": id = try reader.string()
                case "n": number = try reader.numberText()
                case "ok": ok = try reader.bool()
                case "none": none = try reader.null()
                case "list": try reader.array { reader throws(JSONSyntaxError) in list.append(try reader.numberText()) }
                default: try reader.skipValue()
                }
            }
        }
        #expect(names == ["id", "skip", "n", "ok", "none", "list"])
        #expect(id == "a1" && number == "-12.50" && ok && none && list == ["1", "2"])
    }

    @Test("A value of the wrong kind says what was expected, what was found, and where")
    func wrongKind() {
        let error = Self.failure("{\n  \"id\": 12\n}") { reader throws(JSONSyntaxError) in
            try reader.object { reader, _ throws(JSONSyntaxError) in _ = try reader.string() }
        }
        #expect(error == JSONSyntaxError(message: "expected a string, found a number", line: 2, column: 9))
        #expect(Self.failure("[]") { reader throws(JSONSyntaxError) in _ = try reader.null() } != nil)
        var wasNull = false
        #expect(Self.failure("null") { reader throws(JSONSyntaxError) in wasNull = try reader.null() } == nil)
        #expect(wasNull)
    }

    @Test("What the strict parser refuses, the reader refuses too")
    func strictness() {
        let skip: (inout JSONReader) throws(JSONSyntaxError) -> Void = { reader throws(JSONSyntaxError) in
            try reader.skipValue()
        }
        for text in [
            #"{"a": 1,}"#, "[1,]", "[1 2]", #"{"a" 1}"#, #"{"a": 1 "b": 2}"#, "[01]", "NaN", #""\x""#, "[1] 2", "",
            #"{"a": [1, 2"#, String(repeating: "[", count: JSONParser.maximumDepth + 1),
        ] {
            #expect(Self.failure(text, skip) != nil, "\(text.prefix(20)) was read")
        }
        #expect(Self.failure(String(repeating: "[", count: 3) + String(repeating: "]", count: 3), skip) == nil)
        // Each proper prefix of a document is refused.
        let document = #"{"a": [1, {"b": "c"}], "d": false}"#
        for end in document.indices.dropFirst() where document[..<end] != document {
            #expect(Self.failure(String(document[..<end]), skip) != nil, "\(document[..<end]) was read")
        }
    }

    @Test("A value the record cannot use is reported at the value")
    func failureAtTheValue() {
        let error = Self.failure(#"{"kind":  "ODD"}"#) { reader throws(JSONSyntaxError) in
            try reader.object { reader, _ throws(JSONSyntaxError) in
                throw reader.failure("\"ODD\" is not a known value")
            }
        }
        #expect(error == JSONSyntaxError(message: "\"ODD\" is not a known value", line: 1, column: 11))
    }
}
