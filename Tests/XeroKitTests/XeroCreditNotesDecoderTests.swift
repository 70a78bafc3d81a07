import Foundation
import Testing
import TrueUpCore
import XeroKit

@Suite("GET /CreditNotes bodies")
struct XeroCreditNotesDecoderTests {
    static let source = "xero/CreditNotes.json"

    /// One page as Xero returns it: a customer credit posting storefront refund 000000012, and a
    /// supplier credit whose number and reference are empty strings, as Xero sends unset ones.
    static let body = """
        {
          "Id": "306379b0-3d75-4c77-953a-be08fa0efae8",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795170000000)/",
          "pagination": { "page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 2 },
          "CreditNotes": [
            {
              "CreditNoteID": "249f15fa-f2a7-4acc-8769-0984103f2225",
              "CreditNoteNumber": "CN-0005",
              "Payments": [],
              "ID": "249f15fa-f2a7-4acc-8769-0984103f2225",
              "CurrencyRate": 1.000000,
              "Type": "ACCRECCREDIT",
              "Reference": "000000012",
              "RemainingCredit": 0.00,
              "Allocations": [],
              "HasAttachments": false,
              "Contact": { "ContactID": "430fa14a-f945-44d3-9f97-5df5e28441b8", "Name": "Jo Bloggs" },
              "DateString": "2026-11-19T00:00:00",
              "Date": "/Date(1795046400000+0000)/",
              "Status": "AUTHORISED",
              "LineAmountTypes": "Exclusive",
              "LineItems": [
                { "ItemCode": "TSHIRT-M-RED", "Description": "Returned T-shirt", "UnitAmount": 24.9500,
                  "TaxType": "OUTPUT2", "TaxAmount": 3.74, "LineAmount": 24.95, "AccountCode": "200", "Quantity": 1.0000 }
              ],
              "SubTotal": 24.95,
              "TotalTax": 3.74,
              "Total": 28.69,
              "UpdatedDateUTC": "/Date(1795170000000+0000)/",
              "UpdatedDateUTCString": "2026-11-20T10:20:00Z",
              "CurrencyCode": "NZD"
            },
            {
              "CreditNoteID": "f8021bd2-9a6a-4c19-8477-163da0b9290f",
              "CreditNoteNumber": "",
              "Payments": [],
              "ID": "f8021bd2-9a6a-4c19-8477-163da0b9290f",
              "CurrencyRate": 1.000000,
              "Type": "ACCPAYCREDIT",
              "Reference": "",
              "RemainingCredit": 46.00,
              "Allocations": [],
              "HasAttachments": false,
              "Contact": { "ContactID": "6ba3e8a3-9a4c-4c1c-a3a8-7c0ef6f4ad4d", "Name": "Acme Textiles" },
              "DateString": "2026-11-05T00:00:00",
              "Date": "/Date(1793836800000+0000)/",
              "Status": "DRAFT",
              "LineAmountTypes": "Exclusive",
              "LineItems": [],
              "SubTotal": 40.00,
              "TotalTax": 6.00,
              "Total": 46.00,
              "UpdatedDateUTC": "/Date(1795170000000+0000)/",
              "CurrencyCode": "NZD"
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<CreditNote> {
        try XeroCreditNotesDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsACustomerCreditExactly() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging == Paging(page: 1, pageSize: 100, pageCount: 1, totalCount: 2))
        let note = try #require(decoded.records.first)
        #expect(note.id == "249f15fa-f2a7-4acc-8769-0984103f2225")
        #expect(note.number == "CN-0005")
        #expect(note.kind == .accreccredit)
        #expect(note.status == .authorised)
        #expect(note.status.isPosted)
        #expect(note.reference == "000000012")
        #expect(note.date == (try LocalDate(year: 2026, month: 11, day: 19)))
        #expect(note.total == Money(minorUnits: 2869, currency: nzd))
        #expect(note.updatedAt == Date(timeIntervalSince1970: 1_795_170_000))
        #expect(
            note.lines == [
                DocumentLine(
                    itemCode: "TSHIRT-M-RED", description: "Returned T-shirt", quantity: Quantity(units: 1),
                    unitAmount: UnitPrice(ticks: 249_500, currency: nzd),
                    lineAmount: Money(minorUnits: 2495, currency: nzd),
                    accountCode: "200")
            ])
    }

    @Test func readsEmptyNumbersAndReferencesAsNone() throws {
        let decoded = try Self.decode(Self.body)
        let supplierCredit = try #require(decoded.records.last)
        #expect(decoded.records.count == 2)
        #expect(supplierCredit.kind == .accpaycredit)
        #expect(supplierCredit.number == nil)
        #expect(supplierCredit.reference == nil)
        #expect(supplierCredit.date == (try LocalDate(year: 2026, month: 11, day: 5)))
    }

    @Test(arguments: [
        (
            "\"Type\": \"ACCRECCREDIT\"", "\"Type\": \"ACCREC\"", InputProblem.Subject.reference("000000012"),
            "CreditNotes[0].Type"
        ),
        ("\"Status\": \"AUTHORISED\"", "\"Status\": \"APPROVED\"", .reference("000000012"), "CreditNotes[0].Status"),
        (
            "\"CurrencyCode\": \"NZD\"\n    },", "\"CurrencyCode\": \"N Z D\"\n    },", .reference("000000012"),
            "CreditNotes[0].CurrencyCode"
        ),
        (
            "\"Status\": \"DRAFT\"", "\"Status\": \"PENDING\"", .document("f8021bd2-9a6a-4c19-8477-163da0b9290f"),
            "CreditNotes[1].Status"
        ),
        (
            "\"Reference\": \"\",", "\"Reference\": 0,", .document("f8021bd2-9a6a-4c19-8477-163da0b9290f"),
            "CreditNotes[1].Reference"
        ),
    ])
    func attributesAProblemToTheNotesReference(
        replacing: String, with: String, subject: InputProblem.Subject, path: String
    )
        throws
    {
        let text = Self.body.replacingOccurrences(of: replacing, with: with)
        #expect(text != Self.body)
        let decoded = try Self.decode(text)
        #expect(decoded.records.count == 1)
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == subject)
        #expect(problem.message.hasPrefix(path + ":"))
    }

    @Test func aBodyWithoutTheCreditNotesArrayIsAnError() throws {
        let error = try #require(throws: BodyError.self) {
            try Self.decode(#"{"Id": "1", "Status": "OK", "Invoices": []}"#)
        }
        #expect(error.kind == .unexpectedShape)
        #expect(error.description.hasPrefix("xero/CreditNotes.json: the response has no \"CreditNotes\" array"))
    }
}
