import Foundation
import Testing
import TrueUpReports

@Suite("CSVWriter")
struct CSVWriterTests {
    private func csv(header: [String], rows: [[CSVCell]]) throws -> String {
        let writer = CSVWriter.inMemory(header: header)
        for row in rows {
            try writer.writeRow(row)
        }
        try writer.close()
        return try #require(writer.contents)
    }

    @Test("header and rows end in CRLF, without a BOM")
    func crlfAndNoBOM() throws {
        let text = try csv(
            header: ["sku", "qty"], rows: [[.text("MUG-01"), .number("12.5000")], [.text("TEA"), .empty]])
        #expect(text == "sku,qty\r\nMUG-01,12.5000\r\nTEA,\r\n")
        #expect(Array(text.utf8.prefix(3)) != [0xEF, 0xBB, 0xBF])
    }

    @Test(
        "text that needs it is quoted, with quotes doubled",
        arguments: [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("\"", "\"\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("carriage\rreturn", "\"carriage\rreturn\""),
            ("crlf\r\ninside", "\"crlf\r\ninside\""),
            ("", ""),
            (" spaced ", " spaced "),
        ]
    )
    func quoting(input: String, expected: String) throws {
        let text = try csv(header: ["v"], rows: [[.text(input)]])
        #expect(text == "v\r\n\(expected)\r\n")
    }

    @Test(
        "text starting with a formula character is neutralised",
        arguments: [
            ("=1+1", "'=1+1"),
            ("+44 20 7946 0000", "'+44 20 7946 0000"),
            ("-3", "'-3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\tindented", "'\tindented"),
            ("\rstart", "\"'\rstart\""),
            ("=HYPERLINK(\"http://x\",\"a,b\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\""),
            ("a=b", "a=b"),
            ("'quoted", "'quoted"),
        ]
    )
    func formulaInjection(input: String, expected: String) throws {
        let text = try csv(header: ["v"], rows: [[.text(input)]])
        #expect(text == "v\r\n\(expected)\r\n")
    }

    @Test("numbers are written as given, negative ones included", arguments: ["-3.00", "12.5000", "0", "-0.0001", "7"])
    func numbersAreNotNeutralised(number: String) throws {
        let text = try csv(header: ["v"], rows: [[.number(number)]])
        #expect(text == "v\r\n\(number)\r\n")
    }

    @Test(
        "a number cell that is not a plain decimal is refused",
        arguments: ["=1+1", "+3", "1e3", "1,5", "", "-", "1.", ".5", " 1"])
    func numbersMustBePlainDecimals(number: String) throws {
        let writer = CSVWriter.inMemory(header: ["sku", "v"])
        let error = try #require(throws: ReportError.self) { try writer.writeRow([.text("A"), .number(number)]) }
        #expect(error.kind == .misuse)
        #expect(error.message.contains("column v"))
        try writer.close()
        #expect(writer.contents == "sku,v\r\n")
    }

    @Test("non-ASCII text is written as UTF-8, byte for byte")
    func nonASCII() throws {
        let value = "Café ☕ 日本語 Ünïcödé 🇳🇿"
        let text = try csv(header: ["name"], rows: [[.text(value)]])
        #expect(Array(text.utf8) == Array("name\r\n\(value)\r\n".utf8))
    }

    @Test("a row of the wrong width throws and writes nothing")
    func widthMismatch() throws {
        let writer = CSVWriter.inMemory(header: ["a", "b"])
        let tooShort = try #require(throws: ReportError.self) { try writer.writeRow([.text("x")]) }
        #expect(tooShort.message.contains("row 1 has 1 cells but the header has 2 columns"))
        #expect(throws: ReportError.self) { try writer.writeRow([.empty, .empty, .empty]) }
        try writer.writeRow([.text("x"), .text("y")])
        try writer.close()
        #expect(writer.contents == "a,b\r\nx,y\r\n")
    }

    @Test("writing after close throws; closing twice does not")
    func afterClose() throws {
        let writer = CSVWriter.inMemory(header: ["a"])
        try writer.close()
        try writer.close()
        #expect(throws: ReportError.self) { try writer.writeRow([.text("x")]) }
    }

    @Test("the file appears at its path only on close, via a .partial file")
    func atomicRename() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try CSVWriter(path: directory.path("inventory.csv"), header: ["sku"])
        try writer.writeRow([.text("MUG-01")])
        #expect(!directory.exists("inventory.csv"))
        #expect(directory.exists("inventory.csv.partial"))
        try writer.close()
        #expect(directory.exists("inventory.csv"))
        #expect(!directory.exists("inventory.csv.partial"))
        #expect(try directory.read("inventory.csv") == Array("sku\r\nMUG-01\r\n".utf8))
        #expect(writer.contents == nil)
    }

    @Test("a writer dropped without close leaves no file")
    func droppedWriter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let writer = try CSVWriter(path: directory.path("payments.csv"), header: ["order_number"])
            try writer.writeRow([.text("1001")])
            #expect(directory.exists("payments.csv.partial"))
        }
        #expect(!directory.exists("payments.csv"))
        #expect(!directory.exists("payments.csv.partial"))
    }

    @Test("closing replaces an earlier report and a leftover .partial")
    func replacesEarlierFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("old report".utf8).write(to: directory.url.appendingPathComponent("summary.csv"))
        try Data("crashed run".utf8).write(to: directory.url.appendingPathComponent("summary.csv.partial"))
        let writer = try CSVWriter(path: directory.path("summary.csv"), header: ["currency"])
        try writer.close()
        #expect(try directory.read("summary.csv") == Array("currency\r\n".utf8))
        #expect(!directory.exists("summary.csv.partial"))
    }

    @Test("the file is created with mode 0644, less the umask")
    func fileMode() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try CSVWriter(path: directory.path("conflicts.csv"), header: ["id"])
        try writer.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path("conflicts.csv"))
        let mode = try #require(attributes[.posixPermissions] as? Int)
        #expect(mode == 0o644 & ~Self.umask())
    }

    @Test("rows go to disk as they are written, not at close")
    func streams() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try CSVWriter(path: directory.path("inventory.csv"), header: ["sku", "qty"])
        for index in 0..<20_000 {
            try writer.writeRow([.text("SKU-\(index)"), .number("\(index).0000")])
        }
        let partial = try FileManager.default.attributesOfItem(atPath: directory.path("inventory.csv.partial"))
        let written = try #require(partial[.size] as? Int)
        #expect(written >= 64 * 1024)
        try writer.close()
        let final = try FileManager.default.attributesOfItem(atPath: directory.path("inventory.csv"))
        #expect(try #require(final[.size] as? Int) > written)
    }

    @Test("a folder that does not exist gives an error naming the path and what to do")
    func missingFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("missing/2026-11/inventory.csv")
        let error = try #require(throws: ReportError.self) { try CSVWriter(path: path, header: ["sku"]) }
        #expect(error.kind == .output)
        #expect(
            error.description == "cannot write \(path): No such file or directory (check that the --out folder exists)")
    }

    /// The process umask, read without changing it (Linux); 022 where it cannot be read.
    private static func umask() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let value = Int(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        else { return 0o022 }
        return value
    }
}
