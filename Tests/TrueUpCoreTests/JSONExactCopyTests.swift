import Testing
import TrueUpCore

@Suite struct JSONExactCopyTests {
    static let documents = [
        #"{"a":1,"b":[true,null,"x"],"c":{"d":-1.50}}"#, #"{"b":[true,null,"x"],"a":1,"c":{"d":-1.50}}"#,
        #"{"a":1,"b":[true,null,"x"],"c":{"d":-1.5}}"#, #"{"a":"1","b":[true,null,"x"],"c":{"d":-1.50}}"#,
        #"{"a":1,"b":[null,true,"x"],"c":{"d":-1.50}}"#, #"{"a":1,"b":[true,null,"x"]}"#,
        #"{"name":"Caf\u00e9"}"#, #"{"name":"Cafe\u0301"}"#, #"[]"#, #"{}"#, #"null"#, #"false"#,
    ]

    /// Two values are the same copy exactly when they are written to the same bytes.
    @Test func sameCopyExactlyWhenWrittenTheSame() throws {
        let values = try Self.documents.map { try JSONParser.parse(Array($0.utf8)) }
        for left in values {
            for right in values {
                let sameBytes = JSONWriter.bytes(left) == JSONWriter.bytes(right)
                #expect((JSONExactCopy(left) == JSONExactCopy(right)) == sameBytes)
                if sameBytes { #expect(JSONExactCopy(left).hashValue == JSONExactCopy(right).hashValue) }
            }
        }
        #expect(Set(values.map(JSONExactCopy.init)).count == values.count)
    }

    /// Canonically equivalent strings are `==` as Swift compares them, but not the same copy.
    @Test func canonicallyEquivalentTextIsNotTheSameCopy() throws {
        let composed = try JSONParser.parse(Array(#"{"name":"Caf\u00e9"}"#.utf8))
        let decomposed = try JSONParser.parse(Array(#"{"name":"Cafe\u0301"}"#.utf8))
        #expect(composed == decomposed)
        #expect(JSONExactCopy(composed) != JSONExactCopy(decomposed))
    }
}
