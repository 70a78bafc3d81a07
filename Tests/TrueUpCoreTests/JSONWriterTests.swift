import Testing
import TrueUpCore

@Suite struct JSONWriterTests {
    @Test func numbersLeaveExactlyAsWritten() throws {
        let text = #"{"Amount":12345678901234567.89,"Quantity":0.1000,"Small":-1e-3}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(JSONWriter.text(value) == text)
    }

    @Test func stringsAreEscapedAndRoundTrip() throws {
        let original = JSONValue.object(
            JSONObject(["Name": .string("Quote \" back\\slash\nnew\u{01}line é 🎉"), "Empty": .array([])]))
        let written = JSONWriter.bytes(original)
        #expect(String(decoding: written, as: UTF8.self).contains(#"\u0001"#))
        #expect(try JSONParser.parse(written) == original)
    }

    @Test func prettyOutputParsesToTheSameValue() throws {
        let value = try JSONParser.parse(Array(#"{"a":[1,{"b":null,"c":true}],"d":{}}"#.utf8))
        let pretty = JSONWriter.text(value, pretty: true)
        #expect(pretty.contains("\n  \"a\": [\n"))
        #expect(try JSONParser.parse(Array(pretty.utf8)) == value)
    }
}
