import BankFiles
import Testing
import TrueUpCore

@Suite("camt.053 statements")
struct CamtStatementTests {
    @Test("camt.053.001.02: booked entries become lines, pending ones are left out, bad ones are problems")
    func version02() throws {
        let path = Fixtures.path("camt053-001-02.xml")
        let file = try BankStatementReader.read(path: path, format: nil, csv: nil)
        #expect(
            file.lines == [
                BankLine(
                    id: "2026110300001", amount: try money("1523.40", "EUR"), date: try date("2026-11-03"),
                    valueDate: try date("2026-11-04"), reference: "po_1QabcXYZ",
                    description: "STRIPE PAYOUT po_1QabcXYZ / SEPA Credit Transfer", source: "\(path) entry 1"),
                BankLine(
                    id: "2026110400002", amount: try money("-45.10", "EUR"), date: try date("2026-11-04"),
                    valueDate: try date("2026-11-05"), reference: "RF18539007547034",
                    description: "Packaging supplies", source: "\(path) entry 2"),
                // Two entries share AcctSvcrRef DUP-1, so neither may use it as its id.
                BankLine(
                    id: "camt053-001-02.xml#4", amount: try money("1234.56", "EUR"), date: try date("2026-11-06"),
                    valueDate: try date("2026-11-06"), reference: "po_2Batch",
                    description: "Order 100000123 Order 100000124", source: "\(path) entry 4"),
                BankLine(
                    id: "camt053-001-02.xml#5", amount: try money("-10.00", "EUR"), date: try date("2026-11-07"),
                    description: "Account fee & charges", source: "\(path) entry 5"),
                BankLine(
                    id: "camt053-001-02.xml#8", amount: try money("0.99", "EUR"), date: try date("2026-11-09"),
                    valueDate: try date("2026-11-09"), source: "\(path) entry 8"),
            ])
        #expect(file.problems.count == 2)
        let currency = try #require(file.problems.first)
        #expect(currency.source == path)
        #expect(currency.subject == .reference("E2E-BADCCY"))
        #expect(currency.message.hasPrefix("entry 6 (line 113): the amount's currency (Amt@Ccy): unknown currency"))
        #expect(currency.message.hasSuffix("; the entry is not used"))
        let day = try #require(file.problems.last)
        #expect(day.subject == .unknown)
        #expect(day.message.hasPrefix("entry 7 (line 121): the booking date (BookgDt): \"2026-11-31\""))
    }

    @Test("camt.053.001.08 with a namespace prefix: Sts/Cd, BookgDt/DtTm, a structured reference, JPY, CDATA")
    func version08() throws {
        let path = Fixtures.path("camt053-001-08.xml")
        let file = try BankStatementReader.read(path: path, format: .camt053, csv: nil)
        #expect(
            file.lines == [
                // The date part of 2026-11-30T23:30:00+01:00 as written, not moved to UTC.
                BankLine(
                    id: "CH-20261130-1", amount: try money("250.05", "CHF"), date: try date("2026-11-30"),
                    valueDate: try date("2026-12-01"), reference: "210000000003139471430009017",
                    description: "QR-bill payment", source: "\(path) entry 1"),
                BankLine(
                    id: "JP-1", amount: try money("-15000", "JPY"), date: try date("2026-11-29"),
                    reference: "payout-jp-77", description: "Refund <order 5001>", source: "\(path) entry 3"),
            ])
        #expect(
            file.problems.map(\.message) == [
                "entry 4 (line 54): it has no amount (Amt); the entry is not used",
                "entry 5 (line 60): the amount (Amt) \"12.5\" has more than 0 decimal places; the entry is not used",
            ])
    }

    @Test("reading from memory gives the same lines, named after the name given")
    func fromMemory() throws {
        let bytes = try Fixtures.bytes("camt053-001-08.xml")
        let file = try BankStatementReader.read(bytes: bytes, name: "nov.xml", format: nil, csv: nil)
        #expect(file.lines.map(\.id) == ["CH-20261130-1", "JP-1"])
        #expect(file.lines.map(\.source) == ["nov.xml entry 1", "nov.xml entry 3"])
        #expect(file.problems.map(\.source) == ["nov.xml", "nov.xml"])
    }

    @Test("a sign on Amt, a missing CdtDbtInd or an unknown status is a problem for that entry only")
    func badEntries() throws {
        let document = camt([
            entry(amount: "-5.00"),
            entry(indicator: nil),
            entry(status: "<Sts>WEIRD</Sts>"),
            entry(status: ""),
            entry(amount: "7.00"),
        ])
        let file = try BankStatementReader.read(bytes: Array(document.utf8), name: "s.xml", format: nil, csv: nil)
        #expect(file.lines.map(\.amount) == [try money("7.00", "EUR")])
        #expect(file.lines.map(\.id) == ["s.xml#5"])
        let messages = file.problems.map(\.message)
        #expect(messages.count == 4)
        #expect(messages[0].contains("entry 1 (line 4): the amount (Amt) \"-5.00\" has a sign"))
        #expect(messages[1].contains("entry 2 (line 5): the credit/debit indicator (CdtDbtInd) is missing"))
        #expect(messages[2].contains("entry 3 (line 6): its status (Sts) is \"WEIRD\""))
        #expect(messages[3].contains("entry 4 (line 7): it has no status (Sts)"))
    }

    @Test("another ISO 20022 message or another XML document is not read as a statement")
    func notAStatement() throws {
        let report = """
            <?xml version="1.0"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"><BkToCstmrAcctRpt/></Document>
            """
        let error = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: Array(report.utf8), name: "report.xml", format: nil, csv: nil)
        }
        #expect(error.kind == .malformed)
        #expect(error.message.hasPrefix("report.xml is not a camt.053 bank statement: its <Document> holds "))
        let other = "<invoices><invoice/></invoices>"
        let second = try #require(throws: StatementError.self) {
            try BankStatementReader.read(bytes: Array(other.utf8), name: "i.xml", format: nil, csv: nil)
        }
        #expect(second.message.hasPrefix("i.xml is not a camt.053 bank statement: its root element is <invoices>"))
    }
}

/// A camt.053.001.02 document with `entries`, one per line from line 4.
func camt(_ entries: [String]) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
    <Stmt><Id>S</Id>
    \(entries.joined(separator: "\n"))
    </Stmt></BkToCstmrStmt></Document>

    """
}

/// One `Ntry` on one line.
func entry(
    amount: String = "1.00", currency: String = "EUR", indicator: String? = "CRDT",
    status: String = "<Sts>BOOK</Sts>", date: String = "2026-11-01", servicerReference: String? = nil
) -> String {
    let indicatorElement = indicator.map { "<CdtDbtInd>\($0)</CdtDbtInd>" } ?? ""
    let reference = servicerReference.map { "<AcctSvcrRef>\($0)</AcctSvcrRef>" } ?? ""
    return "<Ntry><Amt Ccy=\"\(currency)\">\(amount)</Amt>\(indicatorElement)\(status)"
        + "<BookgDt><Dt>\(date)</Dt></BookgDt>\(reference)</Ntry>"
}
