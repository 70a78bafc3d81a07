import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpReports
import TrueUpTestSupport

@Suite("Payment reports")
struct PaymentReportTests {
    /// The payments golden files, re-recorded with `RECORD_SNAPSHOTS=1`.
    static func snapshot(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots/payments/\(name)").path
    }

    static let generated = Date(timeIntervalSince1970: 1_796_104_800)

    /// Matches the fixture and writes the bundle into `directory`.
    @discardableResult
    static func write(
        into directory: TemporaryDirectory, generatedAt: Date = generated
    ) async throws -> [String] {
        let result = PaymentMatcher.match(try PaymentFixture.input())
        return try await ReportBundle(folder: directory.url.path).write(
            header: try PaymentFixture.header(generatedAt: generatedAt), rows: PaymentFixture.NoPlanRows(),
            conflicts: [], payments: PaymentLines(result))
    }

    static func text(_ directory: TemporaryDirectory, _ name: String) throws -> String {
        String(decoding: try directory.read(name), as: UTF8.self)
    }

    @Test("The hand-built match gives every status of DESIGN §4, rows in report order")
    func everyStatus() throws {
        let lines = PaymentLines(PaymentMatcher.match(try PaymentFixture.input()))
        let rows = lines.map { "\($0.orderNumber ?? "-") \($0.kind.rawValue) \($0.status.rawValue)" }
        #expect(
            rows == [
                "1004 payment unbanked_overdue",
                "1001 payment matched",
                "1002 payment matched",
                "1001 payment duplicate",
                "9003 payment missing_in_store",
                "1005 payment missing_in_xero",
                "1006 payment amount_mismatch",
                "1007 payment fee_write_off",
                "1008 payment matched",
                "1008 payment duplicate",
                "1009 payment ambiguous",
                "9001 payment missing_in_store",
                "2001 payment matched",
                "\(PaymentFixture.formulaOrder) payment missing_in_xero",
                "1001 refund matched",
                "- payment missing_in_store",
                "- refund missing_in_store",
                "1003 payment in_transit",
                "1003 refund in_transit",
            ])
        #expect(Set(lines.map(\.status)) == Set(PaymentStatus.allCases))
        // A payout line nothing on the storefront explains keeps its order, reference and date; a
        // credit note and its refund payment are one row.
        #expect(lines.allSatisfy { $0.date != nil })
    }

    @Test("payments.csv and reconciliation.xml are byte for byte the golden files")
    func golden() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = try await Self.write(into: directory)
        #expect(
            paths.map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "inventory.csv", "payments.csv", "conflicts.csv", "corrections.csv", "summary.csv",
                "reconciliation.xml",
            ])
        for name in ["payments.csv", "reconciliation.xml"] {
            if let difference = Golden.compare(try Self.text(directory, name), toFile: Self.snapshot(name)) {
                Issue.record(Comment(rawValue: difference))
            }
        }
        let csv = try Self.text(directory, "payments.csv")
        #expect(
            csv.hasPrefix(
                "order_number,kind,store_ref,store_amount,currency,xero_invoice,xero_ref,xero_amount,bank_ref,"
                    + "bank_amount,payout_id,fee,difference,status,rule\r\n"))
        #expect(
            csv.contains("\r\n1001,payment,ch_1001,100.00,EUR,INV-1001,ch_1001,100.00,po_1,149.75,po_1,3.20,,matched,"))
        #expect(csv.contains("\r\n2001,payment,ch_2001,5000,JPY,INV-2001,ch_2001,5000,ch_2001,5000,,,,matched,"))
        #expect(csv.contains(",ch_1006,110.00,,,,,-10.00,amount_mismatch,transaction_id\r\n"))
        #expect(csv.contains("\r\n9003,payment,"))
        #expect(csv.contains(",po_1,0.30,,missing_in_store,payout_id\r\n"))
    }

    @Test("reconciliation.xml has the payments and summary sections and is valid against the schema")
    func validXML() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.write(into: directory)
        let path = directory.path("reconciliation.xml")
        try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: path)
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(fileAtPath: path)
        let xml = try Self.text(directory, "reconciliation.xml")
        let sections = ["<inventory>", "<payments>", "<conflicts/>", "<corrections/>", "<summary>"].map {
            xml.range(of: $0)?.lowerBound
        }
        #expect(sections.allSatisfy { $0 != nil })
        #expect(sections.compactMap { $0 } == sections.compactMap { $0 }.sorted(), "sections in schema order")
        #expect(xml.contains("<totals rows=\"19\">"))
        for (status, rows) in [
            ("matched", 5), ("in_transit", 2), ("missing_in_xero", 2), ("missing_in_store", 4), ("amount_mismatch", 1),
            ("fee_write_off", 1), ("duplicate", 2), ("ambiguous", 1), ("unbanked_overdue", 1),
        ] {
            #expect(xml.contains("<status name=\"\(status)\" rows=\"\(rows)\"/>"), "\(status)")
        }
        // Empty cells are absent attributes, not empty ones.
        #expect(!xml.contains("=\"\""))
        #expect(
            xml.contains(
                "<row currency=\"EUR\" store_sales=\"637.00\" store_refunds=\"30.00\" xero_payments=\"624.97\" "
                    + "xero_credit_notes=\"45.00\" deposits=\"1149.74\" fees=\"5.25\" in_transit=\"130.00\" "
                    + "open_conflicts=\"0\"/>"))
    }

    @Test("The schema refuses a payments row with an unknown status, kind or amount")
    func schemaRefuses() throws {
        let validator = try XMLSchemaValidator.bundledReportSchema()
        func document(_ row: String, summary: String = "") -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <reconciliation xmlns="urn:trueup:reconciliation:1" version="1">
              <header><pair>demo</pair><period>2026-11</period><run>1</run><as-of>2026-11-30T22:00:00Z</as-of>\
            <generated-at>2026-12-01T06:00:00Z</generated-at><timezone>UTC</timezone><source>test</source></header>
              <payments>\(row)<totals rows="1"><status name="matched" rows="1"/></totals></payments>\(summary)
            </reconciliation>
            """
        }
        try validator.validate(
            document("<row kind=\"payment\" currency=\"EUR\" store_amount=\"-1.50\" status=\"matched\"/>"))
        for bad in [
            "<row kind=\"payment\" currency=\"EUR\" status=\"settled\"/>",
            "<row kind=\"chargeback\" currency=\"EUR\" status=\"matched\"/>",
            "<row kind=\"payment\" currency=\"EUR\" store_amount=\"1,50\" status=\"matched\"/>",
            "<row kind=\"payment\" currency=\"EUR\" store_amount=\"1.5e2\" status=\"matched\"/>",
            "<row kind=\"payment\" status=\"matched\"/>",
        ] {
            #expect(throws: ReportError.self, "\(bad)") { try validator.validate(document(bad)) }
        }
        let eur =
            "<row currency=\"EUR\" store_sales=\"1.00\" store_refunds=\"0.00\" xero_payments=\"1.00\" "
            + "xero_credit_notes=\"0.00\" deposits=\"0.00\" fees=\"0.00\" in_transit=\"0.00\" open_conflicts=\"2\"/>"
        try validator.validate(document("", summary: "<summary>\(eur)</summary>"))
        #expect(throws: ReportError.self, "one summary row per currency") {
            try validator.validate(document("", summary: "<summary>\(eur)\(eur)</summary>"))
        }
    }

    @Test("summary.csv gives the close figures per currency, worked out by hand")
    func summary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.write(into: directory)
        // EUR, from the fixture's table:
        //   store_sales        100 + 50 + 80 + 60 + 40 + 120 + 70 + 30 + 30 + 45 + 12 = 637.00
        //   store_refunds      20 + 10 = 30.00
        //   xero_payments      100 + 50 + 80 + 60 + 110 + 69.97 + 30 + 25 + 100 (the second ch_1001) = 624.97;
        //                      the two tied 45.02 payments of order 1009 are on no row
        //   xero_credit_notes  20 + 10 + 15 (CN-0009 once, though it and its refund payment have a row each) = 45.00
        //   deposits           149.75 (po_1, shared by two rows) + 999.99 (DEP-X) = 1149.74
        //   fees               3.20 + 1.75 + 0.30 = 5.25
        //   in_transit         80 (1003) + 60 (1004, overdue) − 10 (refund CM-1003) = 130.00
        #expect(
            try Self.text(directory, "summary.csv")
                == "currency,store_sales,store_refunds,xero_payments,xero_credit_notes,deposits,fees,in_transit,"
                + "open_conflicts,generated_at\r\n"
                + "EUR,637.00,30.00,624.97,45.00,1149.74,5.25,130.00,0,2026-12-01T06:00:00Z\r\n"
                + "JPY,5000,0,5000,0,5000,0,0,0,2026-12-01T06:00:00Z\r\n")

        let lines = PaymentLines(PaymentMatcher.match(try PaymentFixture.input()))
        let summary = try PaymentSummary(lines, openConflicts: 3)
        #expect(summary.figures.map(\.currency.code) == ["EUR", "JPY"])
        #expect(summary.openConflicts == 3)
        let eur = try #require(summary.figures(for: try Currency(code: "EUR")))
        #expect(eur.storeSales == (try PaymentFixture.money("637.00")))
        #expect(eur.storeRefunds == (try PaymentFixture.money("30.00")))
        #expect(eur.xeroPayments == (try PaymentFixture.money("624.97")))
        #expect(eur.xeroCreditNotes == (try PaymentFixture.money("45.00")))
        #expect(eur.deposits == (try PaymentFixture.money("1149.74")))
        #expect(eur.fees == (try PaymentFixture.money("5.25")))
        #expect(eur.inTransit == (try PaymentFixture.money("130.00")))
        let jpy = try #require(summary.figures(for: try Currency(code: "JPY")))
        var expected = PaymentSummary.Figures(currency: try Currency(code: "JPY"))
        expected.storeSales = try PaymentFixture.money("5000", "JPY")
        expected.xeroPayments = try PaymentFixture.money("5000", "JPY")
        expected.deposits = try PaymentFixture.money("5000", "JPY")
        #expect(jpy == expected)
        // The rows in any order give the same figures.
        #expect(try PaymentSummary(Array(lines.reversed()), openConflicts: 3) == summary)
    }

    @Test("An order number that a spreadsheet would run is written as text in the CSV, as is in the XML")
    func formulaProtection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await Self.write(into: directory)
        let csv = try Self.text(directory, "payments.csv")
        #expect(
            csv.contains(
                "\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"pay\"\")\",payment,'@ch_evil,12.00,EUR,,,,,,,,,"
                    + "missing_in_xero,no_open_invoice\r\n"))
        #expect(!csv.contains("\r\n=HYPERLINK") && !csv.contains("\r\n\"=HYPERLINK"))
        let xml = try Self.text(directory, "reconciliation.xml")
        #expect(xml.contains("order_number=\"=HYPERLINK(&quot;http://x&quot;,&quot;pay&quot;)\""))
        #expect(xml.contains("store_ref=\"@ch_evil\""))
    }

    @Test("The same records give byte-identical files but for generated_at")
    func byteIdentical() async throws {
        let first = try TemporaryDirectory()
        let second = try TemporaryDirectory()
        defer {
            first.remove()
            second.remove()
        }
        try await Self.write(into: first)
        try await Self.write(into: second, generatedAt: Self.generated.addingTimeInterval(86_400 + 60))
        for name in ["payments.csv", "inventory.csv", "conflicts.csv", "corrections.csv"] {
            #expect(try first.read(name) == second.read(name), "\(name)")
        }
        func lines(_ directory: TemporaryDirectory, _ name: String) throws -> [String] {
            try Self.text(directory, name).components(separatedBy: "\r\n")
        }
        let one = try lines(first, "summary.csv")
        let two = try lines(second, "summary.csv")
        #expect(one.count == 4 && two.count == 4)
        for (left, right) in zip(one.dropFirst(), two.dropFirst()) where !left.isEmpty {
            #expect(left.split(separator: ",").dropLast() == right.split(separator: ",").dropLast())
            #expect(left.hasSuffix(",2026-12-01T06:00:00Z") && right.hasSuffix(",2026-12-02T06:01:00Z"))
        }
        let xmlOne = try Self.text(first, "reconciliation.xml").components(separatedBy: "\n")
        let xmlTwo = try Self.text(second, "reconciliation.xml").components(separatedBy: "\n")
        #expect(xmlOne.count == xmlTwo.count)
        let differing = zip(xmlOne, xmlTwo).filter { $0 != $1 }
        #expect(differing.count == 1)
        #expect(differing.first?.0.contains("<generated-at>2026-12-01T06:00:00Z</generated-at>") == true)
    }

    @Test("Rows are ordered the same from a match and from the state's rows in any order")
    func orderFromLines() throws {
        let result = PaymentMatcher.match(try PaymentFixture.input())
        let fromMatch = Array(PaymentLines(result))
        let stored = result.matches.map(result.line)
        #expect(Array(PaymentLines(Array(stored.reversed()))) == fromMatch)
        #expect(Array(PaymentLines(stored.shuffled())).map(\.status) == fromMatch.map(\.status))
        #expect(Array(PaymentLines([PaymentLine]())).isEmpty)
    }

    @Test("Without payments the bundle writes the four inventory-run files, and no payments sections")
    func inventoryOnly() async throws {
        let old = try TemporaryDirectory()
        let none = try TemporaryDirectory()
        defer {
            old.remove()
            none.remove()
        }
        let header = try PaymentFixture.header()
        let paths = try await ReportBundle(folder: old.url.path).write(
            header: header, rows: PaymentFixture.NoPlanRows(), conflicts: [])
        #expect(
            paths.map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "inventory.csv", "conflicts.csv", "corrections.csv", "reconciliation.xml",
            ])
        try await ReportBundle(folder: none.url.path).write(
            header: header, rows: PaymentFixture.NoPlanRows(), conflicts: [], payments: nil)
        for directory in [old, none] {
            #expect(!directory.exists("payments.csv") && !directory.exists("summary.csv"))
            let xml = try Self.text(directory, "reconciliation.xml")
            #expect(!xml.contains("<payments") && !xml.contains("<summary"))
            try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: directory.path("reconciliation.xml"))
        }
        #expect(try old.read("reconciliation.xml") == none.read("reconciliation.xml"))
    }

    @Test("An empty match writes headers only, an empty payments section and an empty summary")
    func emptyMatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = PaymentMatcher.match(PaymentMatchInput(pair: "demo", asOf: try PaymentFixture.day(30)))
        try await ReportBundle(folder: directory.url.path).write(
            header: try PaymentFixture.header(), rows: PaymentFixture.NoPlanRows(), conflicts: [],
            payments: PaymentLines(result))
        #expect(try Self.text(directory, "payments.csv").components(separatedBy: "\r\n").count == 2)
        #expect(try Self.text(directory, "summary.csv").components(separatedBy: "\r\n").count == 2)
        let xml = try Self.text(directory, "reconciliation.xml")
        #expect(xml.contains("<payments>\n    <totals rows=\"0\"/>\n  </payments>"))
        #expect(xml.contains("<summary/>"))
        try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: directory.path("reconciliation.xml"))
    }

    @Test("200,000 rows stream to disk")
    func largeWrite() async throws {
        let count = 200_000
        let eur = try Currency(code: "EUR")
        let first = try PaymentFixture.day(1)
        var store: [StoreLedgerEntry] = []
        var payments: [Payment] = []
        store.reserveCapacity(count)
        payments.reserveCapacity(count)
        let stamp = Date(timeIntervalSince1970: 1_790_000_000)
        for index in 0..<count {
            let amount = Money(minorUnits: Int64(100 + index % 9_000), currency: eur)
            let date = first.adding(days: index % 30)
            store.append(
                StoreLedgerEntry(
                    id: "s\(index)", kind: .payment, orderNumber: String(100_000 + index), reference: "ch_\(index)",
                    amount: amount, date: date))
            payments.append(
                Payment(
                    id: "p\(index)", invoiceID: "inv-bulk", reference: "ch_\(index)", amount: amount, date: date,
                    status: .authorised, isReconciled: false, updatedAt: stamp))
        }
        let invoice = Invoice(
            id: "inv-bulk", number: "INV-BULK", kind: .accrec, status: .paid, reference: "bulk", date: first,
            currency: eur, lines: [])
        let result = PaymentMatcher.match(
            PaymentMatchInput(
                pair: "bulk", store: store, invoices: [invoice], payments: payments, asOf: try PaymentFixture.day(30)))
        store = []
        payments = []
        #expect(result.matches.count == count)

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await ReportBundle(folder: directory.url.path).write(
            header: try PaymentFixture.header(), rows: PaymentFixture.NoPlanRows(), conflicts: [],
            payments: PaymentLines(result))
        let csv = try directory.read("payments.csv")
        var rows = 0
        for byte in csv where byte == UInt8(ascii: "\n") { rows += 1 }
        #expect(rows == count + 1)
        let xml = try Self.text(directory, "reconciliation.xml")
        #expect(xml.contains("<totals rows=\"\(count)\">"))
        try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: directory.path("reconciliation.xml"))
    }

    @Test("reports/schema/trueup-report.xsd is the schema the module bundles")
    func schemaCopies() throws {
        let shipped = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.schema))
        let bundled = try Data(contentsOf: XMLSchemaValidator.bundledReportSchemaURL)
        #expect(shipped == bundled)
    }
}
