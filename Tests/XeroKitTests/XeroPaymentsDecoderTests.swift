import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport
import XeroKit

@Suite("GET /Payments bodies")
struct XeroPaymentsDecoderTests {
    static let source = "xero/Payments.json"

    /// One page shaped as the spec's example: a payment on a sales invoice (in a batch), a refund of
    /// a credit note that Xero lists under `Invoice` with Type ACCRECCREDIT, and a payment whose
    /// Amount has more decimals than NZD has.
    static let body = """
        {
          "Id": "9f310473-e1b5-4704-a25c-eec653deb596",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795165200000)/",
          "pagination": { "page": 1, "pageSize": 100, "pageCount": 2, "itemCount": 103 },
          "Payments": [
            {
              "PaymentID": "99ea7f6b-c513-4066-bc27-b7c65dcd76c2",
              "BatchPaymentID": "b54aa50c-794c-461b-89d1-846e1b84d9c0",
              "BatchPayment": {
                "Account": { "AccountID": "5690f1e8-1d02-4893-90c2-ee1a69eff942" },
                "BatchPaymentID": "b54aa50c-794c-461b-89d1-846e1b84d9c0",
                "Date": "/Date(1795132800000+0000)/",
                "Type": "RECBATCH",
                "Status": "AUTHORISED",
                "TotalAmount": "56.93",
                "UpdatedDateUTC": "/Date(1795123865000+0000)/",
                "IsReconciled": "false"
              },
              "Date": "/Date(1795132800000+0000)/",
              "BankAmount": 56.93,
              "Amount": 56.93,
              "Reference": "pi_3zKbux3Z8sngLh57iV66Mvju",
              "CurrencyRate": 1.000000,
              "PaymentType": "ACCRECPAYMENT",
              "Status": "AUTHORISED",
              "UpdatedDateUTC": "/Date(1795123865000+0000)/",
              "UpdatedDateUTCString": "2026-11-19T21:31:05Z",
              "HasAccount": true,
              "IsReconciled": true,
              "Account": { "AccountID": "5690f1e8-1d02-4893-90c2-ee1a69eff942", "Code": "090" },
              "Invoice": {
                "Type": "ACCREC",
                "InvoiceID": "842fbe3a-386c-433c-beba-1bf40de8b4c8",
                "InvoiceNumber": "INV-1043",
                "Payments": [],
                "CreditNotes": [],
                "Prepayments": [],
                "Overpayments": [],
                "HasErrors": false,
                "IsDiscounted": false,
                "Contact": {
                  "ContactID": "aa388d27-25eb-484c-b755-716110f880c1",
                  "ContactNumber": "",
                  "Name": "Liam Walker",
                  "Addresses": [],
                  "Phones": [],
                  "ContactGroups": [],
                  "ContactPersons": [],
                  "HasValidationErrors": false
                },
                "LineItems": [],
                "CurrencyCode": "NZD"
              },
              "HasValidationErrors": false
            },
            {
              "PaymentID": "6b037c9b-2e5d-4905-84d3-eabfb3438242",
              "Date": "/Date(1795219200000+0000)/",
              "BankAmount": 28.69,
              "Amount": 28.69,
              "Reference": "",
              "CurrencyRate": 1.000000,
              "PaymentType": "ARCREDITPAYMENT",
              "Status": "DELETED",
              "UpdatedDateUTC": "/Date(1795230000000+0000)/",
              "UpdatedDateUTCString": "2026-11-21T03:40:00Z",
              "HasAccount": true,
              "IsReconciled": false,
              "Account": { "AccountID": "136ebd08-60ea-4592-8982-be92c153b53a", "Code": "" },
              "Invoice": {
                "Type": "ACCRECCREDIT",
                "InvoiceID": "249f15fa-f2a7-4acc-8769-0984103f2225",
                "InvoiceNumber": "CN-0005",
                "Payments": [],
                "Contact": { "ContactID": "430fa14a-f945-44d3-9f97-5df5e28441b8", "Name": "Jo Bloggs" },
                "LineItems": [],
                "CurrencyCode": "NZD"
              },
              "HasValidationErrors": false
            },
            {
              "PaymentID": "0d2c5b1e-7a53-4c16-9e0f-3b8a41f6d2c7",
              "Date": "/Date(1795219200000+0000)/",
              "Amount": 10.005,
              "PaymentType": "ACCRECPAYMENT",
              "Status": "AUTHORISED",
              "UpdatedDateUTC": "/Date(1795230000000+0000)/",
              "IsReconciled": false,
              "Account": { "Code": "090" },
              "Invoice": { "Type": "ACCREC", "InvoiceID": "223d8b3a-efdd-4bfa-84bd-d4115598484e", "CurrencyCode": "NZD" }
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<Payment> {
        try XeroPaymentsDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsAPaymentOnAnInvoiceExactly() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body)
        #expect(decoded.paging == Paging(page: 1, pageSize: 100, pageCount: 2, totalCount: 103))
        let payment = try #require(decoded.records.first)
        #expect(
            payment
                == Payment(
                    id: "99ea7f6b-c513-4066-bc27-b7c65dcd76c2", invoiceID: "842fbe3a-386c-433c-beba-1bf40de8b4c8",
                    creditNoteID: nil, invoiceNumber: "INV-1043", creditNoteNumber: nil,
                    reference: "pi_3zKbux3Z8sngLh57iV66Mvju", amount: Money(minorUnits: 5693, currency: nzd),
                    date: try LocalDate(year: 2026, month: 11, day: 20), status: .authorised, kind: .accrecPayment,
                    isReconciled: true, accountCode: "090", accountID: "5690f1e8-1d02-4893-90c2-ee1a69eff942",
                    updatedAt: Date(timeIntervalSince1970: 1_795_123_865)))
        #expect(payment.currency == nzd)
    }

    @Test func readsARefundListedUnderInvoiceAsAPaymentOnTheCreditNote() throws {
        let decoded = try Self.decode(Self.body)
        #expect(decoded.records.count == 2)
        let refund = decoded.records[1]
        #expect(refund.invoiceID == nil)
        #expect(refund.invoiceNumber == nil)
        #expect(refund.creditNoteID == "249f15fa-f2a7-4acc-8769-0984103f2225")
        #expect(refund.creditNoteNumber == "CN-0005")
        #expect(refund.kind == .arCreditPayment)
        #expect(refund.status == .deleted)
        #expect(refund.reference == nil)
        #expect(refund.accountCode == nil)
        #expect(refund.date == (try LocalDate(year: 2026, month: 11, day: 21)))
    }

    @Test func readsARefundListedUnderCreditNote() throws {
        let element = #"""
            {"PaymentID": "p9", "Date": "/Date(1795219200000+0000)/", "Amount": 1500, "Status": "AUTHORISED",
             "IsReconciled": false, "UpdatedDateUTC": "/Date(1795230000000+0000)/",
             "CreditNote": {"CreditNoteID": "cn-1", "CreditNoteNumber": "CN-0009", "CurrencyCode": "JPY"}}
            """#
        let decoded = try Self.decode(#"{"Payments": ["# + element + "]}")
        #expect(decoded.problems.isEmpty)
        let refund = try #require(decoded.records.first)
        #expect(refund.creditNoteID == "cn-1")
        #expect(refund.amount == Money(minorUnits: 1500, currency: try Currency(code: "JPY")))
    }

    @Test func anAmountWithMoreDecimalsThanTheCurrencyIsAProblemAboutThePayment() throws {
        let decoded = try Self.decode(Self.body)
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.source == Self.source)
        #expect(problem.subject == .document("0d2c5b1e-7a53-4c16-9e0f-3b8a41f6d2c7"))
        #expect(problem.message.hasPrefix("Payments[2].Amount: amount 10.005 NZD "))
    }

    @Test(arguments: [
        (
            #"{"PaymentID": "p2", "Date": "/Date(0+0000)/", "Amount": 1, "Status": "AUTHORISED", "IsReconciled": false, "UpdatedDateUTC": "/Date(0)/"}"#,
            "Payments[1]: names no Invoice, CreditNote, Prepayment or Overpayment"
        ),
        (
            #"{"PaymentID": "p2", "Date": "/Date(0+0000)/", "Amount": 1, "Status": "AUTHORISED", "IsReconciled": false, "UpdatedDateUTC": "/Date(0)/", "Invoice": {"InvoiceID": "i"}}"#,
            "Payments[1].Invoice.CurrencyCode: is missing"
        ),
        (
            #"{"PaymentID": "p2", "Amount": 1, "Status": "AUTHORISED", "IsReconciled": false, "UpdatedDateUTC": "/Date(0)/", "Invoice": {"InvoiceID": "i", "CurrencyCode": "NZD"}}"#,
            "Payments[1].Date: is missing"
        ),
        (
            #"{"PaymentID": "p2", "Date": "/Date(0+0000)/", "Amount": 1, "Status": "AUTHORISED", "UpdatedDateUTC": "/Date(0)/", "Invoice": {"InvoiceID": "i", "CurrencyCode": "NZD"}}"#,
            "Payments[1].IsReconciled: is missing"
        ),
        (
            #"{"PaymentID": "p2", "Date": "/Date(0+0000)/", "Amount": 1, "Status": "AUTHORISED", "IsReconciled": false, "Invoice": {"InvoiceID": "i", "CurrencyCode": "NZD"}}"#,
            "Payments[1].UpdatedDateUTC: is missing"
        ),
        (
            #"{"PaymentID": "p2", "Date": "/Date(0+0000)/", "Amount": 1, "Status": "AUTHORISED", "IsReconciled": false, "UpdatedDateUTC": "/Date(0)/", "PaymentType": "CASH", "Invoice": {"InvoiceID": "i", "CurrencyCode": "NZD"}}"#,
            "Payments[1].PaymentType: \"CASH\" is not one of"
        ),
    ])
    func aPaymentMissingWhatMatchingNeedsIsAProblem(element: String, message: String) throws {
        let good = #"""
            {"PaymentID": "p1", "Date": "/Date(0+0000)/", "Amount": 1.00, "Status": "AUTHORISED", "IsReconciled": true,
             "UpdatedDateUTC": "/Date(0)/", "Invoice": {"InvoiceID": "i", "CurrencyCode": "NZD"}}
            """#
        let decoded = try Self.decode(#"{"Payments": ["# + good + "," + element + "]}")
        #expect(decoded.records.map(\.id) == ["p1"])
        #expect(decoded.problems.map(\.subject) == [.document("p2")])
        #expect(decoded.problems.first?.message.hasPrefix(message) == true)
    }
}

@Suite("The demo scenario's payments")
struct DemoPaymentsTests {
    /// Each invoice's AUTHORISED payments add up to its AmountPaid, and only paid invoices have any.
    @Test func agreeWithTheInvoicesTheyPay() throws {
        let decoded = try XeroPaymentsDecoder.decode(
            try DemoScenario.body("Payments"), source: "demo/xero/Payments.json")
        #expect(decoded.problems.isEmpty)
        #expect(!decoded.records.isEmpty)
        let nzd = try Currency(code: "NZD")
        var paid: [String: Money] = [:]
        for payment in decoded.records where payment.status == .authorised {
            let invoice = try #require(payment.invoiceID)
            paid[invoice] = (paid[invoice] ?? .zero(nzd)).adding(payment.amount)
        }
        for invoice in try DemoScenario.records("Invoices") {
            let id = try invoice.string("InvoiceID")
            let number = try invoice.string("InvoiceNumber")
            let amountPaid = try invoice.money("AmountPaid", currency: nzd)
            #expect((paid[id] ?? .zero(nzd)) == amountPaid, "\(number)")
            paid[id] = nil
        }
        #expect(paid.isEmpty, "payments on invoices the demo does not have: \(paid.keys)")
    }
}
