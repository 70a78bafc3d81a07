import BankFiles
import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("Statement files refused for safety")
struct StatementSafetyTests {
    @Test(
        "a DOCTYPE is refused before anything is read: external entities, billion laughs, an external DTD",
        arguments: ["xxe.xml", "billion-laughs.xml", "external-dtd.xml"])
    func doctype(name: String) throws {
        let path = Fixtures.path(name)
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: path, format: nil, csv: nil)
        }
        #expect(error.kind == .refused)
        #expect(
            error.message
                == "\(path) is refused: it has a DOCTYPE, which a bank statement never needs (its entities could read "
                + "files or expand without bound); export the statement again from the bank")
        let fromMemory = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: try Fixtures.bytes(name), name: name, format: .camt053, csv: nil)
        }
        #expect(fromMemory.kind == .refused)
        // A good file read right after is read as ever: nothing was left behind in libxml2.
        let good = try BankStatementReader.read(path: Fixtures.path("camt053-001-08.xml"), format: nil, csv: nil)
        #expect(good.lines.count == 2)
    }

    @Test("the refusal never repeats what the entities hold")
    func noEcho() throws {
        for name in ["xxe.xml", "billion-laughs.xml"] {
            let error = try #require(throws: StatementError.self) {
                try BankStatementReader.read(path: Fixtures.path(name), format: nil, csv: nil)
            }
            for leak in ["root:", "passwd", "lollol", "ENTITY", "secret"] {
                #expect(!error.message.contains(leak), "\(name): \(leak)")
            }
        }
    }

    @Test("a DOCTYPE after a prolog too long to look at first is still refused by the XML reader")
    func doctypeAfterLongProlog() throws {
        let folder = try TemporaryFolder("bankfiles")
        let laughs = try String(decoding: Fixtures.bytes("billion-laughs.xml"), as: UTF8.self)
        let padded = laughs.replacingOccurrences(
            of: "<?xml version=\"1.0\"?>\n",
            with: "<?xml version=\"1.0\"?>\n<!-- \(String(repeating: "x", count: 80_000)) -->\n")
        let path = try write(padded, named: "padded.xml", in: folder.path)
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: path, format: nil, csv: nil)
        }
        #expect(error.kind == .refused)
        #expect(!error.message.contains("lollol"))
        let xxe = try String(decoding: Fixtures.bytes("xxe.xml"), as: UTF8.self).replacingOccurrences(
            of: "?>\n", with: "?>\n<?pad \(String(repeating: "y", count: 80_000))?>\n")
        let xxePath = try write(xxe, named: "xxe-padded.xml", in: folder.path)
        let second = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: xxePath, format: .camt053, csv: nil)
        }
        #expect(second.kind == .refused)
        #expect(!second.message.contains("root:"))
    }

    @Test("OFX 2 with a DOCTYPE is refused the same way, and nothing is expanded")
    func ofxDoctype() throws {
        let text = """
            <?xml version="1.0"?>
            <?OFX OFXHEADER="200" VERSION="220"?>
            <!DOCTYPE OFX [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKTRANLIST>
            <STMTTRN><DTPOSTED>20261101</DTPOSTED><TRNAMT>1.00</TRNAMT><NAME>&secret;</NAME></STMTTRN>
            </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
            """
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: Array(text.utf8), name: "evil.ofx", format: nil, csv: nil)
        }
        #expect(error.kind == .refused)
        #expect(error.message.hasPrefix("evil.ofx is refused: it has a DOCTYPE"))
        // Without the DOCTYPE an unknown entity is left as written, never looked up.
        let plain = text.replacingOccurrences(
            of: "<!DOCTYPE OFX [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n", with: "")
        let file = try BankStatementReader.read(bytes: Array(plain.utf8), name: "plain.ofx", format: nil, csv: nil)
        #expect(file.lines.map(\.description) == ["&secret;"])
    }

    @Test("a file that is not well-formed XML throws naming the file and the line")
    func malformed() throws {
        let path = Fixtures.path("malformed.xml")
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: path, format: nil, csv: nil)
        }
        #expect(error.kind == .malformed)
        #expect(error.message.hasPrefix("\(path) is not a well-formed XML document, so it is not read"))
        #expect(error.message.contains("\(path) line 12: "))
        #expect(error.message.contains("Amt"))
        let good = try BankStatementReader.read(path: Fixtures.path("camt053-001-02.xml"), format: nil, csv: nil)
        #expect(good.lines.count == 5)
    }

    @Test("a missing file, a folder and an empty file throw naming them")
    func unreadable() throws {
        let folder = try TemporaryFolder("bankfiles")
        let missing = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: folder.path + "/nope.xml", format: nil, csv: nil)
        }
        #expect(missing.kind == .unreadable)
        #expect(missing.message.hasPrefix("cannot read \(folder.path)/nope.xml: No such file or directory"))
        let directory = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: folder.path, format: .camt053, csv: nil)
        }
        #expect(directory.kind == .unreadable)
        #expect(directory.message.hasPrefix("cannot read \(folder.path): Is a directory"))
        let empty = try write("", named: "empty.xml", in: folder.path)
        let emptyError = try #require(throws: StatementError.self) {
            try BankStatementReader.read(path: empty, format: .camt053, csv: nil)
        }
        #expect(emptyError.message.hasPrefix(empty))
    }
}
