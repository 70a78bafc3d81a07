import BankFiles
import Testing
import TrueUpCore

@Suite("Statement format detection")
struct StatementFormatTests {
    @Test(
        "the format is found from the content when none is given",
        arguments: [
            ("camt053-001-02.xml", 5),
            ("camt053-001-08.xml", 2),
            ("ofx102-checking.ofx", 4),
            ("ofx220-creditcard.ofx", 3),
        ])
    func detected(name: String, lines: Int) throws {
        let file = try BankStatementReader.read(path: Fixtures.path(name), format: nil, csv: nil)
        #expect(file.lines.count == lines)
        let same = try BankStatementReader.read(bytes: try Fixtures.bytes(name), name: name, format: nil, csv: nil)
        #expect(same.lines.map(\.amount) == file.lines.map(\.amount))
        #expect(same.lines.map(\.id) == file.lines.map(\.id))
    }

    @Test("text that is neither XML nor OFX is CSV, read with the mapping")
    func csv() throws {
        let file = try BankStatementReader.read(
            path: Fixtures.path("statement-eu.csv"), format: nil, csv: CSVStatementTests.european)
        #expect(file.lines.count == 4)
    }

    @Test("a byte order mark before the XML, and OFX headers in any letter case, are recognised")
    func leadingBytes() throws {
        let camtText = "\u{FEFF}" + camt([entry()])
        let camtFile = try BankStatementReader.read(bytes: Array(camtText.utf8), name: "c", format: nil, csv: nil)
        #expect(camtFile.lines.count == 1)
        let ofx =
            "ofxheader:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD<BANKTRANLIST><STMTTRN>"
            + "<DTPOSTED>20261101<TRNAMT>2.00<FITID>1</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
        let ofxFile = try BankStatementReader.read(bytes: Array(ofx.utf8), name: "o", format: nil, csv: nil)
        #expect(ofxFile.lines.map(\.amount) == [try money("2.00", "CAD")])
    }

    @Test("every format has a name to configure it by")
    func names() {
        #expect(StatementFormat.allCases.map(\.rawValue) == ["camt053", "ofx", "csv"])
    }
}
