import Foundation
import Testing
import TrueUpCore
import XeroKit

@Suite("GET /CreditNotes: remaining credit and allocations")
struct XeroCreditNoteAllocationsDecoderTests {
    static let source = "xero/CreditNotes.json"

    /// A customer credit of 46.00, 30.00 of it allocated to INV-1042 and 16.00 refunded.
    static let body = """
        {
          "Id": "5e57a661-42da-4a19-96a0-00405a0e946d",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795200000000)/",
          "CreditNotes": [
            {
              "CreditNoteID": "7be578f5-63af-45c8-9b00-dcc4732baf0b",
              "CreditNoteNumber": "CN-0001",
              "Payments": [
                { "PaymentID": "6b037c9b-2e5d-4905-84d3-eabfb3438242", "Date": "/Date(1795132800000+0000)/",
                  "Amount": 16.00, "Reference": "re_3PqR", "CurrencyRate": 1.000000 }
              ],
              "Type": "ACCRECCREDIT",
              "Reference": "000000311-R1",
              "RemainingCredit": 0.00,
              "Allocations": [
                {
                  "AllocationID": "2bb15054-3868-4f85-a9c6-0402ec8c1201",
                  "Amount": 30.00,
                  "Date": "/Date(1795132800000+0000)/",
                  "Invoice": { "InvoiceID": "223d8b3a-efdd-4bfa-84bd-d4115598484e", "InvoiceNumber": "INV-1042" }
                }
              ],
              "Contact": { "ContactID": "5d45704e-adcb-4fd3-9875-97c949c44aa9", "Name": "Aroha Ngata" },
              "Date": "/Date(1795132800000+0000)/",
              "Status": "PAID",
              "LineAmountTypes": "Exclusive",
              "LineItems": [],
              "SubTotal": 40.00,
              "TotalTax": 6.00,
              "Total": 46.00,
              "UpdatedDateUTC": "/Date(1795200000000+0000)/",
              "CurrencyCode": "NZD"
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<CreditNote> {
        try XeroCreditNotesDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsRemainingCreditAndAllocationsExactly() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body)
        #expect(decoded.problems.isEmpty)
        let note = try #require(decoded.records.first)
        #expect(note.status == .paid)
        #expect(note.total == Money(minorUnits: 4600, currency: nzd))
        #expect(note.remainingCredit == Money(minorUnits: 0, currency: nzd))
        #expect(
            note.allocations == [
                CreditAllocation(
                    invoiceID: "223d8b3a-efdd-4bfa-84bd-d4115598484e", invoiceNumber: "INV-1042",
                    amount: Money(minorUnits: 3000, currency: nzd), date: try LocalDate(iso: "2026-11-20"))
            ])
    }

    @Test func aNoteWithoutThemHasNoneAndAnUnknownRemainder() throws {
        var text = Self.body.replacingOccurrences(of: #""RemainingCredit": 0.00,"#, with: "")
        let start = try #require(text.range(of: #""Allocations": ["#))
        let end = try #require(text.range(of: #""Contact""#))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        let note = try #require(try Self.decode(text).records.first)
        #expect(note.remainingCredit == nil)
        #expect(note.allocations.isEmpty)
    }

    @Test(arguments: [
        (#""Amount": 30.00,"#, #""Amount": "thirty","#, "CreditNotes[0].Allocations[0].Amount"),
        (#""Amount": 30.00,"#, #""Amount": 30.001,"#, "CreditNotes[0].Allocations[0].Amount"),
        (#""Amount": 30.00,"#, "", "CreditNotes[0].Allocations[0].Amount"),
        (
            #""InvoiceID": "223d8b3a-efdd-4bfa-84bd-d4115598484e", "#, "",
            "CreditNotes[0].Allocations[0].Invoice.InvoiceID"
        ),
        (#""RemainingCredit": 0.00"#, #""RemainingCredit": "none""#, "CreditNotes[0].RemainingCredit"),
    ])
    func anUnreadableAllocationIsAProblemAboutTheNote(replacing: String, with: String, path: String) throws {
        let text = Self.body.replacingOccurrences(of: replacing, with: with)
        #expect(text != Self.body)
        let decoded = try Self.decode(text)
        #expect(decoded.records.isEmpty)
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .reference("000000311-R1"))
        #expect(problem.message.hasPrefix(path), "\(problem.message)")
    }
}
