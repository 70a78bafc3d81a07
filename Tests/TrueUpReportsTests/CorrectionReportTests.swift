import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpReports
import TrueUpStore
import TrueUpTestSupport

/// `corrections.csv` and the XML's `<corrections>` section: the audit trail of writes (DESIGN §6, §7).
@Suite("Corrections report")
struct CorrectionReportTests {
    static let created = Date(timeIntervalSince1970: 1_795_165_200)  // 2026-11-20T09:00:00Z

    /// Rows of both outboxes over two runs, given out of report order, with cells a spreadsheet
    /// would run and amounts in currencies of three scales.
    static func rows() throws -> [CorrectionReportRow] {
        func money(_ text: String, _ code: String) throws -> Money {
            try Money(parsing: text, currency: Currency(code: code))
        }
        return [
            CorrectionReportRow(
                outbox: .payment, id: "e0", runID: 9, side: .store, action: "store_mark_paid", subject: "1001",
                amount: try money("5000", "JPY"), state: .planned, createdAt: created.addingTimeInterval(86_400),
                updatedAt: created.addingTimeInterval(86_400)),
            CorrectionReportRow(
                outbox: .inventory, id: "b1", runID: 7, side: .store, action: "set_store", subject: "-5 OFF",
                itemCode: "=SUM(A1:A9)", quantity: Quantity(ticks: 120_000), state: .rejected,
                error: "=cmd|' /C calc'!A0", createdAt: created, updatedAt: created.addingTimeInterval(90.75)),
            CorrectionReportRow(
                outbox: .payment, id: "a2", runID: 7, side: .xero, action: "xero_payment", subject: "+64 21 555",
                amount: try money("12.50", "EUR"), state: .acknowledged, externalID: "@pay-7f3e",
                createdAt: created, updatedAt: created.addingTimeInterval(3_600)),
            CorrectionReportRow(
                outbox: .inventory, id: "a1", runID: 7, side: .xero, action: "adjust_xero", subject: "MUG",
                itemCode: "MUG", quantity: Quantity(ticks: -20_000), state: .failed,
                error: "Xero said \"no\", twice\nthen timed out", createdAt: created, updatedAt: created),
            CorrectionReportRow(
                outbox: .payment, id: "c3", runID: 7, side: .xero, action: "xero_spend", subject: "po_1",
                amount: try money("-1.250", "BHD"), state: .sent, externalID: "", error: "",
                createdAt: created, updatedAt: created),
        ]
    }

    static func write(
        _ rows: [CorrectionReportRow], into directory: TemporaryDirectory, pageSize: Int = 10_000
    ) async throws -> ReportFiles {
        var bundle = ReportBundle(folder: directory.url.path)
        bundle.pageSize = pageSize
        return try await bundle.writeFiles(
            header: try PaymentFixture.header(), rows: PaymentFixture.NoPlanRows(), conflicts: [], payments: nil,
            corrections: CorrectionRowList(rows))
    }

    static func text(_ directory: TemporaryDirectory, _ name: String) throws -> String {
        String(decoding: try directory.read(name), as: UTF8.self)
    }

    @Test("Rows by planning run then id, quantities at four places, amounts at their currency's scale")
    func orderAndScale() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let written = try await Self.write(try Self.rows(), into: directory)
        #expect(written.file("corrections.csv")?.rows == 5)
        #expect(written.correctionStates == [.planned: 1, .rejected: 1, .acknowledged: 1, .failed: 1, .sent: 1])
        #expect(
            try Self.text(directory, "corrections.csv")
                == "id,run,side,action,subject,item_code,quantity,amount,currency,state,external_id,error,created_at,"
                + "updated_at\r\n"
                + "a1,7,xero,adjust_xero,MUG,MUG,-2.0000,,,failed,,\"Xero said \"\"no\"\", twice\nthen timed out\","
                + "2026-11-20T09:00:00Z,2026-11-20T09:00:00Z\r\n"
                + "a2,7,xero,xero_payment,'+64 21 555,,,12.50,EUR,acknowledged,'@pay-7f3e,,2026-11-20T09:00:00Z,"
                + "2026-11-20T10:00:00Z\r\n"
                + "b1,7,store,set_store,'-5 OFF,'=SUM(A1:A9),12.0000,,,rejected,,'=cmd|' /C calc'!A0,"
                + "2026-11-20T09:00:00Z,2026-11-20T09:01:30Z\r\n"
                + "c3,7,xero,xero_spend,po_1,,,-1.250,BHD,sent,,,2026-11-20T09:00:00Z,2026-11-20T09:00:00Z\r\n"
                + "e0,9,store,store_mark_paid,1001,,,5000,JPY,planned,,,2026-11-21T09:00:00Z,2026-11-21T09:00:00Z\r\n")
    }

    @Test("Text a spreadsheet would run is neutralised in the CSV and kept as is in the XML")
    func formulaCells() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await Self.write(try Self.rows(), into: directory)
        let csv = try Self.text(directory, "corrections.csv")
        for cell in ["-5 OFF", "=SUM(A1:A9)", "=cmd|", "+64 21 555", "@pay-7f3e"] {
            #expect(csv.contains(",'\(cell)"), "\(cell)")
            #expect(!csv.contains(",\(cell)"), "\(cell)")
        }
        let xml = try Self.text(directory, "reconciliation.xml")
        #expect(xml.contains("subject=\"-5 OFF\" item_code=\"=SUM(A1:A9)\""))
        #expect(xml.contains("external_id=\"@pay-7f3e\""))
    }

    @Test("The XML section has the CSV's columns as attributes, empty cells left out, and is valid")
    func xmlSection() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try await Self.write(try Self.rows(), into: directory)
        let path = directory.path("reconciliation.xml")
        try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: path)
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(fileAtPath: path)
        let xml = try Self.text(directory, "reconciliation.xml")
        #expect(
            xml.contains(
                "<correction id=\"c3\" run=\"7\" side=\"xero\" action=\"xero_spend\" subject=\"po_1\" "
                    + "amount=\"-1.250\" currency=\"BHD\" state=\"sent\" created_at=\"2026-11-20T09:00:00Z\" "
                    + "updated_at=\"2026-11-20T09:00:00Z\"/>"))
        #expect(
            xml.contains(
                "<correction id=\"a1\" run=\"7\" side=\"xero\" action=\"adjust_xero\" subject=\"MUG\" "
                    + "item_code=\"MUG\" quantity=\"-2.0000\" state=\"failed\" "
                    + "error=\"Xero said &quot;no&quot;, twice&#10;then timed out\""))
        #expect(!xml.contains("=\"\""))
        let order = ["id=\"a1\"", "id=\"a2\"", "id=\"b1\"", "id=\"c3\"", "id=\"e0\""].compactMap {
            xml.range(of: $0)?.lowerBound
        }
        #expect(order.count == 5 && order == order.sorted())
        let sections = ["</conflicts>", "<conflicts/>", "<corrections>", "</corrections>"].compactMap {
            xml.range(of: $0)?.lowerBound
        }
        #expect(sections == sections.sorted(), "corrections come after conflicts")
    }

    @Test("Rows stream a page at a time: every row once, in order, whatever the page size", arguments: [1, 2, 4, 5, 6])
    func paging(_ pageSize: Int) async throws {
        let whole = try TemporaryDirectory()
        let paged = try TemporaryDirectory()
        defer {
            whole.remove()
            paged.remove()
        }
        _ = try await Self.write(try Self.rows(), into: whole)
        let written = try await Self.write(try Self.rows(), into: paged, pageSize: pageSize)
        #expect(written.file("corrections.csv")?.rows == 5)
        #expect(try whole.read("corrections.csv") == paged.read("corrections.csv"))
        #expect(try whole.read("reconciliation.xml") == paged.read("reconciliation.xml"))
    }

    @Test("No corrections: the header row only and an empty section")
    func empty() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let written = try await Self.write([], into: directory)
        #expect(
            try Self.text(directory, "corrections.csv")
                == "id,run,side,action,subject,item_code,quantity,amount,currency,state,external_id,error,created_at,"
                + "updated_at\r\n")
        #expect(written.file("corrections.csv")?.rows == 0)
        #expect(written.correctionStates.isEmpty)
        #expect(try Self.text(directory, "reconciliation.xml").contains("<corrections/>"))
        try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: directory.path("reconciliation.xml"))
    }

    @Test("The schema refuses a correction with an unknown state or side, or a quantity off scale")
    func schemaRefuses() throws {
        let validator = try XMLSchemaValidator.bundledReportSchema()
        func document(_ correction: String) -> String {
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <reconciliation xmlns="urn:trueup:reconciliation:1" version="1">
              <header><pair>demo</pair><period>2026-11</period><run>1</run><as-of>2026-11-30T22:00:00Z</as-of>\
            <generated-at>2026-12-01T06:00:00Z</generated-at><timezone>UTC</timezone><source>test</source></header>
              <corrections>\(correction)</corrections>
            </reconciliation>
            """
        }
        let stamps = "created_at=\"2026-11-20T09:00:00Z\" updated_at=\"2026-11-20T09:00:00Z\""
        try validator.validate(
            document(
                "<correction id=\"a\" run=\"1\" side=\"xero\" action=\"adjust_xero\" subject=\"MUG\" "
                    + "quantity=\"1.0000\" state=\"acknowledged\" external_id=\"inv-1\" \(stamps)/>"))
        for bad in [
            "<correction id=\"a\" run=\"1\" side=\"xero\" action=\"adjust_xero\" subject=\"MUG\" state=\"done\" \(stamps)/>",
            "<correction id=\"a\" run=\"1\" side=\"bank\" action=\"adjust_xero\" subject=\"MUG\" state=\"sent\" \(stamps)/>",
            "<correction id=\"a\" run=\"1\" side=\"xero\" action=\"adjust_xero\" subject=\"MUG\" quantity=\"1.5\" "
                + "state=\"sent\" \(stamps)/>",
            "<correction id=\"a\" run=\"1\" side=\"xero\" action=\"adjust_xero\" subject=\"MUG\" state=\"sent\" "
                + "created_at=\"2026-11-20T09:00:00+13:00\" updated_at=\"2026-11-20T09:00:00Z\"/>",
        ] {
            #expect(throws: ReportError.self, "\(bad)") { try validator.validate(document(bad)) }
        }
    }
}
