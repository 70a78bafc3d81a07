import BankFiles
import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("Large statements")
struct LargeStatementTests {
    @Test("a 200,000-entry camt.053 file (about 50 MB) streams: every entry is read, in order")
    func manyEntries() throws {
        let folder = try TemporaryFolder("bankfiles")
        let path = folder.path + "/big.xml"
        let count = 200_000
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            Issue.record("cannot create \(path)")
            return
        }
        var expectedTotal: Int64 = 0
        var chunk = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
            <BkToCstmrStmt><GrpHdr><MsgId>BIG</MsgId><CreDtTm>2026-12-01T00:00:00</CreDtTm></GrpHdr>
            <Stmt><Id>BIG-1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>

            """
        for index in 1...count {
            let cents = Int64(index % 100_000) + 1
            let credit = index % 3 != 0
            expectedTotal += credit ? cents : -cents
            let day = index % 28 + 1
            chunk += """
                <Ntry><Amt Ccy="EUR">\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)</Amt>\
                <CdtDbtInd>\(credit ? "CRDT" : "DBIT")</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\
                <BookgDt><Dt>2026-11-\(day < 10 ? "0" : "")\(day)</Dt></BookgDt>\
                <ValDt><Dt>2026-11-\(day < 10 ? "0" : "")\(day)</Dt></ValDt>\
                <AcctSvcrRef>REF\(index)</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-\(index)</EndToEndId>\
                </Refs><RmtInf><Ustrd>Payment for order \(100_000_000 + index)</Ustrd></RmtInf></TxDtls></NtryDtls>\
                </Ntry>

                """
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        chunk += "</Stmt></BkToCstmrStmt></Document>\n"
        handle.write(Data(chunk.utf8))
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size > 50_000_000)

        let file = try BankStatementReader.read(path: path, format: nil, csv: nil)
        #expect(file.problems.isEmpty)
        #expect(file.lines.count == count)
        #expect(file.lines.first?.id == "REF1")
        #expect(file.lines.first?.reference == "E2E-1")
        #expect(file.lines.last?.id == "REF\(count)")
        #expect(file.lines.last?.source == "\(path) entry \(count)")
        #expect(file.lines.last?.description == "Payment for order \(100_000_000 + count)")
        #expect(file.lines.reduce(0) { $0 + $1.amount.minorUnits } == expectedTotal)
    }
}
