import BankFiles
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("Payout files")
struct PayoutFileTests {
    @Test("rows become payout lines; a net that is not gross − fee, no order or reference, a bad date are problems")
    func payouts() throws {
        let path = Fixtures.path("payouts.csv")
        let read = try PayoutFileReader.read(
            path: path, mapping: PayoutCSVMapping(), defaultCurrency: try Currency(code: "EUR"))
        #expect(
            read.lines == [
                PayoutLine(
                    payoutID: "po_1QabcXYZ", date: try date("2026-11-03"), orderNumber: "100000123",
                    reference: "ch_3Qa1", gross: try money("100.00", "EUR"), fee: try money("3.20", "EUR"),
                    net: try money("96.80", "EUR"), source: "\(path) line 2"),
                PayoutLine(
                    payoutID: "po_1QabcXYZ", date: try date("2026-11-03"), orderNumber: "100000124",
                    reference: "ch_3Qa2", gross: try money("250.00", "EUR"), fee: try money("7.55", "EUR"),
                    net: try money("242.45", "EUR"), source: "\(path) line 3"),
                // A refund taken back out of the payout, with no fee.
                PayoutLine(
                    payoutID: "po_1QabcXYZ", date: try date("2026-11-03"), orderNumber: "100000125",
                    gross: try money("-20.00", "EUR"), fee: try money("0", "EUR"), net: try money("-20.00", "EUR"),
                    source: "\(path) line 4"),
                // The currency cell is empty: the default currency.
                PayoutLine(
                    payoutID: "po_2", date: try date("2026-11-04"), orderNumber: "100000126", reference: "ch_3Qa6",
                    gross: try money("1200", "EUR"), fee: try money("35.10", "EUR"), net: try money("1164.90", "EUR"),
                    source: "\(path) line 7"),
                PayoutLine(
                    payoutID: "po_2", date: try date("2026-11-04"), orderNumber: "100000128", reference: "ch_3Qa8",
                    gross: try money("1250.00", "EUR"), fee: try money("36.55", "EUR"),
                    net: try money("1213.45", "EUR"), source: "\(path) line 9"),
            ])
        #expect(
            read.problems == [
                InputProblem(
                    source: path, subject: .reference("po_1QabcXYZ"),
                    message: "line 5: net 9.40 is not gross 10.00 − fee 0.59 = 9.41; the row is not used"),
                InputProblem(
                    source: path, subject: .reference("po_2"),
                    message: "line 6: it has neither an order number nor a reference; the row is not used"),
                InputProblem(
                    source: path, subject: .reference("po_2"),
                    message: "line 8: date \"2026-13-04\" is not a real calendar date; the row is not used"),
            ])
    }

    @Test("without a default currency an empty currency cell is a problem for its row")
    func noDefaultCurrency() throws {
        let read = try PayoutFileReader.read(
            path: Fixtures.path("payouts.csv"), mapping: PayoutCSVMapping(), defaultCurrency: nil)
        #expect(read.lines.count == 4)
        #expect(
            read.problems.map(\.message).contains(
                "line 7: the currency is empty and no default currency is set; "
                    + "the row is not used"))
    }

    @Test("renamed columns, no fee or net columns, a fixed currency; missing columns throw")
    func mapping() throws {
        let folder = try TemporaryFolder("bankfiles")
        let path = try write(
            "Payout;Paid on;Charge;Amount\nP-9;2026-11-20;ch_1;12,34\nP-9;2026-11-20;ch_2;-1,00\n",
            named: "shop.csv", in: folder.path)
        var mapping = PayoutCSVMapping(
            payoutIDColumn: "payout", dateColumn: "paid on", referenceColumn: "charge", grossColumn: "amount",
            decimalSeparator: .comma, delimiter: ";")
        let read = try PayoutFileReader.read(path: path, mapping: mapping, defaultCurrency: try Currency(code: "SEK"))
        #expect(read.problems.isEmpty)
        #expect(read.lines.map(\.net) == [try money("12.34", "SEK"), try money("-1.00", "SEK")])
        #expect(read.lines.map(\.fee) == [try money("0", "SEK"), try money("0", "SEK")])
        #expect(read.lines.map(\.orderNumber) == [nil, nil])

        let noCurrency = try #require(throws: StatementError.self) {
            try PayoutFileReader.read(path: path, mapping: mapping, defaultCurrency: nil)
        }
        #expect(noCurrency.kind == .mapping)
        #expect(noCurrency.message.hasPrefix("\(path) line 1: the header has no currency column \"currency\""))
        mapping.referenceColumn = "transaction"
        let noKey = try #require(throws: StatementError.self) {
            try PayoutFileReader.read(path: path, mapping: mapping, defaultCurrency: try Currency(code: "SEK"))
        }
        #expect(noKey.message.contains("neither an order number column \"order_number\" nor a reference column"))
    }

    @Test("a file that does not exist throws naming it")
    func missingFile() throws {
        let error = try #require(throws: StatementError.self) {
            try PayoutFileReader.read(
                path: "/nonexistent/payouts.csv", mapping: PayoutCSVMapping(), defaultCurrency: nil)
        }
        #expect(error.kind == .unreadable)
        #expect(
            error.message
                == "cannot read /nonexistent/payouts.csv: No such file or directory (check the path and its permissions)"
        )
    }
}
