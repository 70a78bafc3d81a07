import BankFiles
import Testing
import TrueUpCore

@Suite("OFX statements")
struct OFXStatementTests {
    @Test("OFX 1.02 SGML: unclosed value tags, CURDEF, a transaction's own CURRENCY, Windows-1252 text")
    func sgml() throws {
        let path = Fixtures.path("ofx102-checking.ofx")
        let file = try BankStatementReader.read(path: path, format: nil, csv: nil)
        #expect(
            file.lines == [
                BankLine(
                    id: "202611030001", amount: try money("1523.40", "USD"), date: try date("2026-11-03"),
                    reference: "po_1QabcXYZ", description: "STRIPE TRANSFER / ST-PAYOUT po_1QabcXYZ",
                    source: "\(path) transaction 1"),
                BankLine(
                    id: "202611040002", amount: try money("-12.50", "USD"), date: try date("2026-11-04"),
                    valueDate: try date("2026-11-05"), description: "Bank fee & charges",
                    source: "\(path) transaction 2"),
                BankLine(
                    id: "202611100003", amount: try money("-250.00", "USD"), date: try date("2026-11-10"),
                    reference: "1042", description: "Café Supplies / Check 1042", source: "\(path) transaction 3"),
                BankLine(
                    id: "202611120004", amount: try money("99.00", "EUR"), date: try date("2026-11-12"),
                    description: "EU customer", source: "\(path) transaction 4"),
            ])
        #expect(file.problems.count == 2)
        let amount = try #require(file.problems.first)
        #expect(amount.subject == .reference("po_bad_amount"))
        #expect(
            amount.message
                == "transaction 5 (line 76): the amount (TRNAMT) \"12.5.0\" is not a decimal number; "
                + "the transaction is not used")
        #expect(
            file.problems.last?.message
                == "transaction 6 (line 83): the date (DTPOSTED) \"20261131\" is not a real calendar date; "
                + "the transaction is not used")
    }

    @Test("OFX 2.2 XML: CCSTMTRS, PAYEE/NAME, entities, empty elements, a repeated FITID, a missing date")
    func xml() throws {
        let path = Fixtures.path("ofx220-creditcard.ofx")
        let file = try BankStatementReader.read(path: path, format: nil, csv: nil)
        #expect(
            file.lines == [
                // 20261102235959.000[-8:PST]: the date as written, not moved to UTC.
                BankLine(
                    id: "CC-1", amount: try money("-42.00", "GBP"), date: try date("2026-11-02"),
                    description: "Shipping Co / Labels", source: "\(path) transaction 1"),
                BankLine(
                    id: "ofx220-creditcard.ofx#2", amount: try money("310.25", "GBP"), date: try date("2026-11-05"),
                    reference: "po_GB_555", description: "A <B> & C\u{2019}s", source: "\(path) transaction 2"),
                BankLine(
                    id: "ofx220-creditcard.ofx#3", amount: try money("5.00", "GBP"), date: try date("2026-11-06"),
                    description: "Cashback", source: "\(path) transaction 3"),
            ])
        #expect(
            file.problems.map(\.message) == [
                "transaction 4 (line 52): it has no date (DTPOSTED); the transaction is not used"
            ])
    }

    @Test("a decimal comma in TRNAMT is read; no currency anywhere is a problem")
    func commaAndCurrency() throws {
        let sgml = """
            OFXHEADER:100
            DATA:OFXSGML

            <OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>
            <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261101<TRNAMT>-1234,5<FITID>A</STMTTRN>
            </BANKTRANLIST></STMTRS></STMTTRNRS>
            <STMTTRNRS><STMTRS><BANKTRANLIST>
            <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261101<TRNAMT>-1<FITID>B</STMTTRN>
            </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
            """
        let file = try BankStatementReader.read(bytes: Array(sgml.utf8), name: "x.ofx", format: nil, csv: nil)
        #expect(file.lines.map(\.amount) == [try money("-1234.50", "EUR")])
        #expect(
            file.problems.map(\.message) == [
                "transaction 2 (line 8): it has no currency: neither its statement (CURDEF) nor it (CURRENCY/CURSYM) "
                    + "names one; the transaction is not used"
            ])
    }

    @Test("a file without an <OFX> element is refused when OFX is asked for")
    func notOFX() throws {
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: Array("date,amount\n".utf8), name: "a.csv", format: .ofx, csv: nil)
        }
        #expect(error.kind == .malformed)
        #expect(error.message.hasPrefix("a.csv is not an OFX file: it has no <OFX> element"))
    }
}
