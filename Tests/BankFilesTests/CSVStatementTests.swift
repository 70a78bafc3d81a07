import BankFiles
import Testing
import TrueUpCore

@Suite("CSV statements")
struct CSVStatementTests {
    /// The mapping for `statement-eu.csv`: a German bank's export.
    static let european = StatementCSVMapping(
        dateColumn: "Buchungstag", amount: .signed(column: "Betrag"), currency: .column("Währung"),
        referenceColumn: "Referenz", descriptionColumns: ["Auftraggeber", "Verwendungszweck"], idColumn: "Id",
        valueDateColumn: "Valuta", dateFormat: "dd/MM/yyyy", decimalSeparator: .comma, delimiter: ";")

    @Test("a BOM, ; between cells, a decimal comma, dd/MM/yyyy and a quoted cell over two lines")
    func european() throws {
        let path = Fixtures.path("statement-eu.csv")
        let file = try BankStatementReader.read(path: path, format: nil, csv: Self.european)
        #expect(
            file.lines == [
                BankLine(
                    id: "TX-1", amount: try money("1523.40", "EUR"), date: try date("2026-11-03"),
                    valueDate: try date("2026-11-04"), reference: "po_1QabcXYZ",
                    description: "Stripe Payments Europe / STRIPE PAYOUT po_1QabcXYZ", source: "\(path) line 2"),
                BankLine(
                    id: "TX-2", amount: try money("-12.50", "EUR"), date: try date("2026-11-04"),
                    valueDate: try date("2026-11-04"), description: "Bank / Kontoführung", source: "\(path) line 4"),
                // TX-6 is on two rows, so neither may use it as its id.
                BankLine(
                    id: "statement-eu.csv#9", amount: try money("-0.99", "EUR"), date: try date("2026-11-06"),
                    reference: "re_1", description: "Shop / Refund \"re_1\"", source: "\(path) line 9"),
                BankLine(
                    id: "statement-eu.csv#10", amount: try money("1000.00", "GBP"), date: try date("2026-11-07"),
                    valueDate: try date("2026-11-07"), reference: "INV-10", description: "Kunde / Rechnung 10",
                    source: "\(path) line 10"),
            ])
        #expect(
            file.problems == [
                InputProblem(
                    source: path, subject: .reference("INV-7"),
                    message: "line 6: Buchungstag \"31/11/2026\" is not a real calendar date; the row is not used"),
                InputProblem(
                    source: path, subject: .reference("INV-8"),
                    message: "line 7: the amount \"12.50\" is not an amount with \",\" as the decimal separator "
                        + "(such as 1234,56); the row is not used"),
                InputProblem(
                    source: path, subject: .unknown,
                    message: "line 8: a cell has text after its closing quote (a quote inside a cell is written \"\"); "
                        + "the row is not used"),
            ])
    }

    @Test("credit and debit columns with a fixed currency")
    func creditDebit() throws {
        let text = """
            Date,Description,Credit,Debit,Ref
            2026-11-03,Payout,"1,523.40",,po_1
            2026-11-04,Fee,,12.50,
            2026-11-05,Both,1.00,2.00,
            2026-11-06,Neither,,,
            2026-11-07,Zero debit,5.00,0.00,
            2026-11-08,Written negative,,-3.00,
            2026-11-09,Short row,1.00
            """
        let mapping = StatementCSVMapping(
            dateColumn: "date", amount: .creditDebit(credit: "CREDIT", debit: "debit"),
            currency: .fixed(try Currency(code: "USD")), referenceColumn: "Ref", descriptionColumns: ["Description"])
        let file = try BankStatementReader.read(bytes: Array(text.utf8), name: "us.csv", format: .csv, csv: mapping)
        #expect(
            file.lines.map(\.amount) == [
                try money("1523.40", "USD"), try money("-12.50", "USD"), try money("5.00", "USD"),
                try money("-3.00", "USD"),
            ])
        #expect(file.lines.map(\.id) == ["us.csv#2", "us.csv#3", "us.csv#6", "us.csv#7"])
        #expect(
            file.problems.map(\.message) == [
                "line 4: both the credit and the debit have an amount; one of them must be empty; the row is not used",
                "line 5: neither the credit nor the debit has an amount; the row is not used",
                "line 8: it has 3 cells where the header has 5 (a cell with the delimiter in it must be in quotes); "
                    + "the row is not used",
            ])
    }

    @Test("an unclosed quote loses its row only: reading resumes on the line after the quote")
    func unclosedQuote() throws {
        let text = "date,amount,memo\n2026-11-01,1.00,\"never closed\n2026-11-02,2.00,ok\n2026-11-03,3.00,ok\n"
        let mapping = StatementCSVMapping(currency: .fixed(try Currency(code: "EUR")), descriptionColumns: ["memo"])
        let file = try BankStatementReader.read(bytes: Array(text.utf8), name: "q.csv", format: .csv, csv: mapping)
        #expect(file.lines.map(\.source) == ["q.csv line 3", "q.csv line 4"])
        #expect(
            file.problems.map(\.message) == [
                "line 2: a quoted cell opened on line 2 is never closed; the row is not used"
            ])
    }

    @Test("a mapping that does not fit the header, or no mapping at all, throws saying what to fix")
    func mappingErrors() throws {
        let text = Array("Datum;Betrag\n01.11.2026;1,00\n".utf8)
        let wrong = StatementCSVMapping(currency: .fixed(try Currency(code: "EUR")), delimiter: ";")
        let missing = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: text, name: "de.csv", format: nil, csv: wrong)
        }
        #expect(missing.kind == .mapping)
        #expect(
            missing.message.hasPrefix(
                "de.csv line 1: the header has no date column \"date\" (its columns are \"Datum\", \"Betrag\")"))
        let none = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: text, name: "de.csv", format: nil, csv: nil)
        }
        #expect(none.kind == .mapping)
        #expect(none.message.contains("de.csv is neither camt.053 XML nor OFX, so it is read as CSV, which needs a "))
        var badFormat = wrong
        badFormat.dateColumn = "Datum"
        badFormat.amount = .signed(column: "Betrag")
        badFormat.dateFormat = "dd.MM.yy"
        let pattern = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: text, name: "de.csv", format: .csv, csv: badFormat)
        }
        #expect(pattern.message.contains("the date format \"dd.MM.yy\" has \"yy\", which TrueUp does not read"))
        badFormat.dateFormat = "d.M.yyyy"
        badFormat.decimalSeparator = .comma
        let file = try BankStatementReader.read(bytes: text, name: "de.csv", format: .csv, csv: badFormat)
        #expect(file.lines.map(\.amount) == [try money("1.00", "EUR")])
        #expect(file.lines.map(\.date) == [try date("2026-11-01")])
    }

    @Test(
        "amounts are exact, with a leading sign and thousands grouped in threes",
        arguments: [
            ("1.234,56", StatementCSVMapping.DecimalSeparator.comma, "1234.56"),
            ("-1.234.567,8", .comma, "-1234567.80"),
            ("+0,01", .comma, "0.01"),
            ("1 234,5", .comma, "1234.50"),
            ("-1,234.56", .point, "-1234.56"),
            ("1'234.56", .point, "1234.56"),
            ("12", .point, "12.00"),
            (".5", .point, "0.50"),
            ("12,50", .point, nil),
            ("1.23", .comma, nil),
            ("1,2345", .point, nil),
            ("1.001", .point, nil),
            ("12,345,67", .comma, nil),
            ("1e3", .point, nil),
            ("--1", .point, nil),
            ("", .point, nil),
        ] as [(String, StatementCSVMapping.DecimalSeparator, String?)]
    )
    func amounts(text: String, separator: StatementCSVMapping.DecimalSeparator, expected: String?) throws {
        let csv = "date;amount\n2026-11-01;\"\(text)\"\n"
        let mapping = StatementCSVMapping(
            currency: .fixed(try Currency(code: "EUR")), decimalSeparator: separator, delimiter: ";")
        let file = try BankStatementReader.read(bytes: Array(csv.utf8), name: "a.csv", format: .csv, csv: mapping)
        if let expected {
            #expect(file.lines.map(\.amount) == [try money(expected, "EUR")])
            #expect(file.problems.isEmpty)
        } else {
            #expect(file.lines.isEmpty)
            #expect(file.problems.count == 1)
        }
    }

    @Test(
        "date formats",
        arguments: [
            ("dd/MM/yyyy", "03/11/2026", "2026-11-03"),
            ("MM/dd/yyyy", "11/03/2026", "2026-11-03"),
            ("d.M.yyyy", "3.1.2026", "2026-01-03"),
            ("yyyy-MM-dd", "2026-11-03 23:59:59", "2026-11-03"),
            ("yyyy-MM-dd'T'HH:mm", "2026-11-03T23:59", "2026-11-03"),
            ("yyyyMMdd", "20261103", "2026-11-03"),
            ("dd/MM/yyyy", "3/11/2026", nil),
            ("dd/MM/yyyy", "03-11-2026", nil),
            ("yyyy-MM-dd", "2026-02-29", nil),
        ] as [(String, String, String?)]
    )
    func dates(pattern: String, cell: String, expected: String?) throws {
        let csv = "date,amount\n\(cell),1.00\n"
        let mapping = StatementCSVMapping(currency: .fixed(try Currency(code: "EUR")), dateFormat: pattern)
        let file = try BankStatementReader.read(bytes: Array(csv.utf8), name: "d.csv", format: .csv, csv: mapping)
        #expect(file.lines.map(\.date) == (try expected.map { [try date($0)] } ?? []))
        #expect(file.problems.count == (expected == nil ? 1 : 0))
    }

    @Test("a file that is not UTF-8 is refused, naming the file")
    func notUTF8() throws {
        let bytes: [UInt8] = Array("date,amount,memo\n2026-11-01,1.00,Caf".utf8) + [0xE9] + [0x0A]
        let mapping = StatementCSVMapping(currency: .fixed(try Currency(code: "EUR")))
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: bytes, name: "latin1.csv", format: .csv, csv: mapping)
        }
        #expect(error.message.hasPrefix("latin1.csv is not UTF-8 text"))
    }
}
