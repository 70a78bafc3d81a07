import Foundation
import Testing
import TrueUpCore
import XeroKit

@Suite("GET /Invoices bodies")
struct XeroInvoicesDecoderTests {
    static let source = "xero/Invoices.json"

    /// One page as Xero returns it with `page=1&unitdp=4`: a paid sales invoice posting storefront
    /// order 000000123, a supplier bill with no reference, and a draft dated only by `DateString`.
    static let body = """
        {
          "Id": "900c500b-e83c-4ce2-902a-b8ba04751748",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795170000000)/",
          "pagination": { "page": 1, "pageSize": 100, "pageCount": 3, "itemCount": 212 },
          "Invoices": [
            {
              "Type": "ACCREC",
              "InvoiceID": "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2",
              "InvoiceNumber": "INV-0042",
              "Reference": "000000123",
              "Payments": [],
              "CreditNotes": [],
              "Prepayments": [],
              "Overpayments": [],
              "AmountDue": 0.00,
              "AmountPaid": 57.39,
              "AmountCredited": 0.00,
              "CurrencyRate": 1.000000,
              "IsDiscounted": false,
              "HasAttachments": false,
              "HasErrors": false,
              "Contact": { "ContactID": "a3675fc4-f8dd-4f03-ba5b-f1870566bcd7", "Name": "Jo Bloggs", "ContactNumber": "7" },
              "DateString": "2026-11-19T00:00:00",
              "Date": "/Date(1795046400000+0000)/",
              "DueDateString": "2026-11-19T00:00:00",
              "DueDate": "/Date(1795046400000+0000)/",
              "Status": "PAID",
              "LineAmountTypes": "Exclusive",
              "LineItems": [
                {
                  "ItemCode": "TSHIRT-M-RED",
                  "Description": "T-shirt M red",
                  "UnitAmount": 24.9500,
                  "TaxType": "OUTPUT2",
                  "TaxAmount": 7.49,
                  "LineAmount": 49.90,
                  "AccountCode": "200",
                  "Tracking": [],
                  "Quantity": 2.0000,
                  "LineItemID": "5f7a612b-fdcc-4d33-90fa-a9f6bc6db32f"
                },
                {
                  "Description": "Shipping",
                  "UnitAmount": 0.0000,
                  "TaxType": "OUTPUT2",
                  "TaxAmount": 0.00,
                  "LineAmount": 0.00,
                  "AccountCode": "210",
                  "Tracking": [],
                  "Quantity": 1.0000,
                  "LineItemID": "c1d5f8a6-7e41-4fd6-8e6b-3c0fd0b44dd9"
                }
              ],
              "SubTotal": 49.90,
              "TotalTax": 7.49,
              "Total": 57.39,
              "UpdatedDateUTC": "/Date(1795170000000+0000)/",
              "UpdatedDateUTCString": "2026-11-20T10:20:00Z",
              "CurrencyCode": "NZD",
              "FullyPaidOnDate": "/Date(1795046400000+0000)/"
            },
            {
              "Type": "ACCPAY",
              "InvoiceID": "1a2b3c4d-0000-4000-8000-000000000001",
              "InvoiceNumber": "SUP-881",
              "Payments": [],
              "AmountDue": 120.00,
              "AmountPaid": 0.00,
              "Contact": { "ContactID": "6ba3e8a3-9a4c-4c1c-a3a8-7c0ef6f4ad4d", "Name": "Acme Textiles" },
              "Date": "/Date(1795046400000+0000)/",
              "Status": "AUTHORISED",
              "LineAmountTypes": "Exclusive",
              "LineItems": [
                { "ItemCode": "TSHIRT-M-RED", "Description": "T-shirts", "UnitAmount": 6.2500, "LineAmount": 120.00,
                  "AccountCode": "630", "Quantity": 19.2000 }
              ],
              "Total": 120.00,
              "UpdatedDateUTC": "/Date(1795170000000+0000)/",
              "CurrencyCode": "NZD"
            },
            {
              "Type": "ACCREC",
              "InvoiceID": "7c9e2b1a-0000-4000-8000-000000000002",
              "InvoiceNumber": "INV-0043",
              "Reference": "000000124",
              "DateString": "2026-11-20T00:00:00",
              "Status": "DRAFT",
              "LineItems": [],
              "Total": 1500,
              "AmountDue": 1500,
              "CurrencyCode": "JPY"
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<Invoice> {
        try XeroInvoicesDecoder.decode(Array(text.utf8), source: source)
    }

    /// An Invoices body with one good sales invoice followed by `element`.
    static func body(with element: String) -> String {
        """
        {"Id": "1", "Status": "OK", "pagination": {"page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 2},
         "Invoices": [
          {"Type": "ACCREC", "InvoiceID": "good", "Reference": "000000100", "Status": "AUTHORISED", "CurrencyCode": "NZD",
           "LineItems": []},
          \(element)
        ]}
        """
    }

    @Test func readsASalesInvoiceExactly() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging == Paging(page: 1, pageSize: 100, pageCount: 3, totalCount: 212))
        #expect(decoded.paging?.hasNextPage == true)
        let invoice = try #require(decoded.records.first)
        #expect(invoice.id == "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2")
        #expect(invoice.number == "INV-0042")
        #expect(invoice.kind == .accrec)
        #expect(invoice.status == .paid)
        #expect(invoice.reference == "000000123")
        #expect(invoice.date == (try LocalDate(year: 2026, month: 11, day: 19)))
        #expect(invoice.currency == nzd)
        #expect(invoice.total == Money(minorUnits: 5739, currency: nzd))
        #expect(invoice.amountDue == Money(minorUnits: 0, currency: nzd))
        #expect(invoice.updatedAt == Date(timeIntervalSince1970: 1_795_170_000))
        #expect(invoice.contactID == "a3675fc4-f8dd-4f03-ba5b-f1870566bcd7")
        #expect(
            invoice.lines == [
                DocumentLine(
                    itemCode: "TSHIRT-M-RED", description: "T-shirt M red", quantity: Quantity(units: 2),
                    unitAmount: UnitPrice(ticks: 249_500, currency: nzd),
                    lineAmount: Money(minorUnits: 4990, currency: nzd),
                    accountCode: "200"),
                DocumentLine(
                    itemCode: nil, description: "Shipping", quantity: Quantity(units: 1),
                    unitAmount: UnitPrice(ticks: 0, currency: nzd), lineAmount: Money(minorUnits: 0, currency: nzd),
                    accountCode: "210"),
            ])
    }

    @Test func readsBillsAndDocumentsDatedOnlyByDateString() throws {
        let decoded = try Self.decode(Self.body)
        #expect(decoded.records.count == 3)
        let bill = decoded.records[1]
        #expect(bill.kind == .accpay)
        #expect(bill.reference == nil)
        #expect(bill.date == (try LocalDate(year: 2026, month: 11, day: 19)))
        #expect(bill.lines.first?.quantity == Quantity(ticks: 192_000))
        let draft = decoded.records[2]
        #expect(draft.status == .draft)
        #expect(draft.date == (try LocalDate(year: 2026, month: 11, day: 20)))
        #expect(draft.total == Money(minorUnits: 1500, currency: try Currency(code: "JPY")))
        #expect(draft.updatedAt == nil)
    }

    @Test func anUnknownCurrencyIsAProblemAboutTheReference() throws {
        let decoded = try Self.decode(
            Self.body.replacingOccurrences(of: "\"CurrencyCode\": \"JPY\"", with: "\"CurrencyCode\": \"XYZ\""))
        #expect(
            decoded.records.map(\.id) == [
                "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2", "1a2b3c4d-0000-4000-8000-000000000001",
            ])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .reference("000000124"))
        #expect(problem.source == Self.source)
        #expect(problem.message.hasPrefix("Invoices[2].CurrencyCode: "))
        #expect(problem.message.contains("XYZ"))
    }

    @Test func anAmountWithMoreDecimalsThanTheCurrencyIsAProblem() throws {
        let decoded = try Self.decode(
            Self.body.replacingOccurrences(of: "\"Total\": 1500,", with: "\"Total\": 1500.5,"))
        #expect(decoded.problems.map(\.subject) == [.reference("000000124")])
        #expect(decoded.problems.first?.message.hasPrefix("Invoices[2].Total: ") == true)
    }

    @Test(arguments: [
        // A readable Reference names the subject, whatever else is wrong.
        (
            #"{"Type": "ACCREC", "InvoiceID": "x", "Reference": "000000125", "Status": "POSTED", "CurrencyCode": "NZD"}"#,
            InputProblem.Subject.reference("000000125"), "Invoices[1].Status"
        ),
        (
            #"{"Type": "ACCRECCREDIT", "InvoiceID": "x", "Reference": "000000126", "Status": "PAID", "CurrencyCode": "NZD"}"#,
            .reference("000000126"), "Invoices[1].Type"
        ),
        (
            #"{"Type": "ACCREC", "InvoiceID": "x", "Reference": "000000127", "Status": "PAID", "LineItems": [{"Quantity": "x"}], "CurrencyCode": "NZD"}"#,
            .reference("000000127"), "Invoices[1].LineItems[0].Quantity"
        ),
        (
            #"{"Type": "ACCPAY", "InvoiceID": "x", "Reference": "000000128", "Status": "PAID"}"#,
            .reference("000000128"), "Invoices[1].CurrencyCode"
        ),
        // No Reference: it posts no storefront order.
        (
            #"{"Type": "ACCREC", "InvoiceID": "x", "Status": "POSTED", "CurrencyCode": "NZD"}"#,
            .document("x"), "Invoices[1].Status"
        ),
        (
            #"{"Type": "ACCREC", "InvoiceID": "x", "Reference": "", "Status": "PAID", "CurrencyCode": "NZD", "Total": "abc"}"#,
            .document("x"), "Invoices[1].Total"
        ),
        // A Reference that cannot be read: any order could be the one it posts, unless it is a bill.
        (
            #"{"Type": "ACCREC", "InvoiceID": "x", "Reference": 125, "Status": "PAID", "CurrencyCode": "NZD"}"#,
            .unknown, "Invoices[1].Reference"
        ),
        (
            #"{"InvoiceID": "x", "Reference": ["125"], "Status": "PAID", "CurrencyCode": "NZD"}"#,
            .unknown, "Invoices[1].Type"
        ),
        (
            #"{"Type": "ACCPAY", "InvoiceID": "x", "Reference": 125, "Status": "PAID", "CurrencyCode": "NZD"}"#,
            .document("x"), "Invoices[1].Reference"
        ),
        (#""INV-0044""#, .unknown, "Invoices[1]"),
    ])
    func attributesAProblemToWhatItMakesUncertain(element: String, subject: InputProblem.Subject, path: String) throws {
        let decoded = try Self.decode(Self.body(with: element))
        #expect(decoded.records.map(\.id) == ["good"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == subject)
        #expect(problem.message.hasPrefix(path + ":"))
    }

    @Test func aRepeatedInvoiceKeepsTheCopyUpdatedLast() throws {
        let older = #"""
            {"Type": "ACCREC", "InvoiceID": "inv-1", "Reference": "000000130", "Status": "AUTHORISED",
             "CurrencyCode": "NZD", "UpdatedDateUTC": "/Date(1795170000000+0000)/"}
            """#
        let newer = older.replacingOccurrences(of: "AUTHORISED", with: "PAID")
            .replacingOccurrences(of: "1795170000000", with: "1795248000000")
        for elements in [[older, newer], [newer, older]] {
            let decoded = try Self.decode(Self.body(with: elements.joined(separator: ",")))
            #expect(decoded.problems.isEmpty)
            #expect(decoded.records.map(\.id) == ["good", "inv-1"])
            #expect(decoded.records.last?.status == .paid)
        }
    }

    @Test func identicalCopiesAreMergedQuietly() throws {
        let copy =
            #"{"Type": "ACCREC", "InvoiceID": "inv-1", "Reference": "000000130", "Status": "PAID", "CurrencyCode": "NZD"}"#
        let decoded = try Self.decode(Self.body(with: [copy, copy].joined(separator: ",")))
        #expect(decoded.problems.isEmpty)
        #expect(decoded.records.map(\.id) == ["good", "inv-1"])
    }

    @Test func copiesThatDifferWithTheSameUpdateTimeKeepNeitherAndSayWhy() throws {
        let first = #"""
            {"Type": "ACCREC", "InvoiceID": "inv-1", "Reference": "000000130", "Status": "AUTHORISED",
             "CurrencyCode": "NZD", "UpdatedDateUTC": "/Date(1795170000000+0000)/"}
            """#
        let second = first.replacingOccurrences(of: "AUTHORISED", with: "VOIDED")
        let decoded = try Self.decode(Self.body(with: [first, second].joined(separator: ",")))
        #expect(decoded.records.map(\.id) == ["good"])
        #expect(decoded.problems.map(\.subject) == [.reference("000000130")])
        #expect(
            decoded.problems.first?.message.hasPrefix("Invoices[1] and Invoices[2]: InvoiceID inv-1 appears 2 times")
                == true)
    }

    @Test func aTruncatedPageIsAnErrorNamingTheSourceAndLine() throws {
        let lines = Self.body.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(40).joined(separator: "\n")
        let error = try #require(throws: BodyError.self) { try Self.decode(cut) }
        #expect(error.kind == .malformedJSON)
        #expect(error.line == 40)
        #expect(error.description.hasPrefix("xero/Invoices.json: line 40, column "))
        #expect(error.message.contains("truncated?"))
    }

    @Test(arguments: [
        #"{"pagination": {"page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 0}, "Invoice": []}"#,
        #"{"pagination": {"page": "one", "pageSize": 100, "pageCount": 1, "itemCount": 0}, "Invoices": []}"#,
        #"{"pagination": [], "Invoices": []}"#,
        #"{"Invoices": null}"#,
    ])
    func aBodyWithoutTheInvoicesWrapperIsAnError(text: String) throws {
        let error = try #require(throws: BodyError.self) { try Self.decode(text) }
        #expect(error.kind == .unexpectedShape)
        #expect(error.description.hasPrefix("xero/Invoices.json: "))
        let document = try JSONParser.parse(Array(text.utf8))
        #expect(throws: error) { try XeroInvoicesDecoder.decode(document: document, source: Self.source) }
    }

    /// Records gathered from several pages are decoded from the parsed document exactly as from
    /// the same document written out: the same records, problems and paging.
    @Test func aParsedDocumentDecodesAsItsBody() throws {
        let bodies = [
            Self.body, Self.body(with: #"{"Type": "ACCREC", "InvoiceID": "x", "Status": "PAID"}"#),
            Self.body(with: "42"),
        ]
        for text in bodies {
            let document = try JSONParser.parse(Array(text.utf8))
            let decoded = try XeroInvoicesDecoder.decode(document: document, source: Self.source)
            #expect(decoded == (try Self.decode(text)))
            #expect(!decoded.records.isEmpty)
        }
    }

    @Test func anEmptyPageHasNoRecordsAndNoProblems() throws {
        let decoded = try Self.decode(
            #"{"Id": "1", "Status": "OK", "pagination": {"page": 4, "pageSize": 100, "pageCount": 3, "itemCount": 212}, "Invoices": []}"#
        )
        #expect(decoded.records.isEmpty)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging?.hasNextPage == false)
    }
}
