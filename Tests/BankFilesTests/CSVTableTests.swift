import CSV
import Foundation
import Testing

@testable import BankFiles

/// How a record's cells are split once the scan has found its quotes well-formed.
@Suite struct CSVTableTests {
    static func cells(_ record: String, delimiter: Character = ",") throws -> [String]? {
        let table = try CSVTable(
            bytes: Array("h\n\(record)\n".utf8), delimiter: try CSVTable.delimiterByte(delimiter), file: "test.csv")
        guard let first = table.records.first, first.defect == nil else { return nil }
        return first.cells
    }

    @Test func paddingQuotesAndDelimitersInsideQuotes() throws {
        #expect(try Self.cells("a,b,c") == ["a", "b", "c"])
        #expect(try Self.cells("  a  , b b ,c\t") == ["a", "b b", "c"])
        #expect(try Self.cells(#""a, b" , "say ""hi""",x"#) == ["a, b", #"say "hi""#, "x"])
        #expect(try Self.cells(#"" kept inside ",z"#) == [" kept inside ", "z"])
        #expect(try Self.cells(#"a"b,c"#) == [#"a"b"#, "c"])
        #expect(try Self.cells("a,") == ["a", ""])
        #expect(try Self.cells("\"two\r\nlines\",é,日本") == ["two\r\nlines", "é", "日本"])
        #expect(try Self.cells("a\t b \t c", delimiter: "\t") == ["a", "b", "c"])
        #expect(try Self.cells(#""a" b,c"#) == nil)
    }

    /// Records over an alphabet of the awkward characters split as CSV.swift's reader, which
    /// split them before, splits them.
    @Test func randomRecordsSplitAsCSVReaderSplitsThem() throws {
        let alphabet: [String] = ["a", "b", " ", "\t", "\"", ",", "é", "\"\""]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var compared = 0
        for _ in 0..<3000 {
            let record = (0..<next(24)).map { _ in alphabet[next(alphabet.count)] }.joined()
            guard let cells = try Self.cells(record) else { continue }
            let reader = try CSVReader(
                string: record, trimFields: true, delimiter: ",", whitespaces: CharacterSet(charactersIn: " \t"))
            let expected = reader.next() ?? []
            guard expected.contains(where: { !$0.isEmpty }) else { continue }
            #expect(cells == expected, "\(record.debugDescription)")
            compared += 1
        }
        #expect(compared > 1000)
    }
}
