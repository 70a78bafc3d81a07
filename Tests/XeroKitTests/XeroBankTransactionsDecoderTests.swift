import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport
import XeroKit

@Suite("GET /BankTransactions bodies")
struct XeroBankTransactionsDecoderTests {
    static let source = "xero/BankTransactions.json"

    /// One page shaped as the spec's example: a storefront payout received, a gateway fee spent,
    /// and a transaction whose Total is text that is not a number.
    static let body = """
        {
          "Id": "18e7e80c-5dca-4a57-974e-8b572cc5efe8",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795165200000)/",
          "pagination": { "page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 3 },
          "BankTransactions": [
            {
              "BankTransactionID": "db54aab0-ad40-4ced-bcff-0940ba20db2c",
              "BankAccount": {
                "AccountID": "6f7594f2-f059-4d56-9e67-47ac9733bfe9",
                "Code": "090",
                "Name": "Business Bank Account"
              },
              "Type": "RECEIVE",
              "Reference": "po_1QxRt2HkLmN3",
              "IsReconciled": true,
              "HasAttachments": false,
              "Contact": {
                "ContactID": "9c2c64de-12c9-4167-b503-e2c0e1aa1f49",
                "Name": "Stripe",
                "Addresses": [],
                "Phones": [],
                "ContactGroups": [],
                "ContactPersons": [],
                "HasValidationErrors": false
              },
              "DateString": "2026-11-19T00:00:00",
              "Date": "/Date(1795046400000+0000)/",
              "Status": "AUTHORISED",
              "LineAmountTypes": "NoTax",
              "LineItems": [
                {
                  "LineItemID": "52208ff9-528a-4985-a9ad-b2b1d4210e38",
                  "Description": "Stripe payout",
                  "Quantity": 1.0000,
                  "UnitAmount": 140.63,
                  "AccountCode": "610",
                  "TaxType": "NONE",
                  "TaxAmount": 0.00,
                  "LineAmount": 140.63,
                  "Tracking": []
                }
              ],
              "SubTotal": 140.63,
              "TotalTax": 0.00,
              "Total": 140.63,
              "UpdatedDateUTC": "/Date(1795126205000+0000)/",
              "CurrencyCode": "NZD"
            },
            {
              "BankTransactionID": "29a69c45-64ca-4805-a1cc-34990de837b3",
              "BankAccount": { "AccountID": "6f7594f2-f059-4d56-9e67-47ac9733bfe9" },
              "Type": "SPEND",
              "IsReconciled": false,
              "HasAttachments": false,
              "Contact": { "ContactID": "9c2c64de-12c9-4167-b503-e2c0e1aa1f49", "Name": "Stripe" },
              "DateString": "2026-11-19T00:00:00",
              "Date": "/Date(1795046400000+0000)/",
              "Status": "VOIDED",
              "LineAmountTypes": "Inclusive",
              "LineItems": [],
              "SubTotal": 4.07,
              "TotalTax": 0.61,
              "Total": 4.68,
              "UpdatedDateUTC": "/Date(1795126205000+0000)/",
              "CurrencyCode": "NZD"
            },
            {
              "BankTransactionID": "0b89bf5c-d40b-4514-96be-36a739fb0188",
              "BankAccount": { "AccountID": "6f7594f2-f059-4d56-9e67-47ac9733bfe9", "Code": "090" },
              "Type": "RECEIVE",
              "Reference": "po_1QxRt9ZzYyXx",
              "IsReconciled": false,
              "Date": "/Date(1795046400000+0000)/",
              "Status": "AUTHORISED",
              "LineItems": [],
              "Total": "twelve",
              "UpdatedDateUTC": "/Date(1795126205000+0000)/",
              "CurrencyCode": "NZD"
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<BankTransaction> {
        try XeroBankTransactionsDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsAReceiptExactly() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body)
        #expect(decoded.paging == Paging(page: 1, pageSize: 100, pageCount: 1, totalCount: 3))
        let receipt = try #require(decoded.records.first)
        #expect(
            receipt
                == BankTransaction(
                    id: "db54aab0-ad40-4ced-bcff-0940ba20db2c", kind: .receive, status: .authorised,
                    reference: "po_1QxRt2HkLmN3", total: Money(minorUnits: 14063, currency: nzd),
                    date: try LocalDate(year: 2026, month: 11, day: 19), bankAccountCode: "090",
                    bankAccountID: "6f7594f2-f059-4d56-9e67-47ac9733bfe9", isReconciled: true,
                    lines: [
                        DocumentLine(
                            itemCode: nil, description: "Stripe payout", quantity: Quantity(units: 1),
                            unitAmount: UnitPrice(ticks: 1_406_300, currency: nzd),
                            lineAmount: Money(minorUnits: 14063, currency: nzd), accountCode: "610")
                    ],
                    updatedAt: Date(timeIntervalSince1970: 1_795_126_205)))
        #expect(receipt.kind.isReceipt)
        #expect(receipt.currency == nzd)
    }

    @Test func readsASpendNamedOnlyByItsBankAccountID() throws {
        let decoded = try Self.decode(Self.body)
        #expect(decoded.records.count == 2)
        let fee = decoded.records[1]
        #expect(fee.kind == .spend)
        #expect(!fee.kind.isReceipt)
        #expect(fee.status == .voided)
        #expect(fee.reference == nil)
        #expect(fee.bankAccountCode == nil)
        #expect(fee.bankAccountID == "6f7594f2-f059-4d56-9e67-47ac9733bfe9")
        #expect(fee.total.minorUnits == 468)
    }

    @Test func aTotalThatIsNotANumberIsAProblemAboutTheTransaction() throws {
        let decoded = try Self.decode(Self.body)
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .document("0b89bf5c-d40b-4514-96be-36a739fb0188"))
        #expect(problem.message == #"BankTransactions[2].Total: expected a number, found "twelve""#)
    }

    @Test(arguments: [
        (#""Type": "RECEIVE","#, #""Type": "DEPOSIT","#, "BankTransactions[0].Type"),
        (#""Status": "AUTHORISED","#, #""Status": "PAID","#, "BankTransactions[0].Status"),
        (#""Code": "090","#, #""Code": 90,"#, "BankTransactions[0].BankAccount.Code"),
        (#""IsReconciled": true,"#, #""IsReconciled": "true","#, "BankTransactions[0].IsReconciled"),
        (#""Quantity": 1.0000,"#, #""Quantity": "one","#, "BankTransactions[0].LineItems[0].Quantity"),
    ])
    func aFieldTheSpecTypesDifferentlyIsAProblem(original: String, replacement: String, path: String) throws {
        let decoded = try Self.decode(Self.body.replacingOccurrences(of: original, with: replacement))
        #expect(decoded.records.map(\.id) == ["29a69c45-64ca-4805-a1cc-34990de837b3"])
        #expect(decoded.problems.count == 2)
        #expect(decoded.problems.first?.subject == .document("db54aab0-ad40-4ced-bcff-0940ba20db2c"))
        #expect(decoded.problems.first?.message.hasPrefix(path + ":") == true)
    }

    @Test func aTransactionWithNeitherBankAccountCodeNorIDIsAProblem() throws {
        let decoded = try Self.decode(
            Self.body.replacingOccurrences(
                of: #""BankAccount": { "AccountID": "6f7594f2-f059-4d56-9e67-47ac9733bfe9" },"#,
                with: #""BankAccount": { "Name": "Business Bank Account" },"#))
        #expect(
            decoded.problems.map(\.message).contains("BankTransactions[1].BankAccount: has neither Code nor AccountID"))
    }
}

@Suite("The demo scenario's bank transactions")
struct DemoBankTransactionsTests {
    @Test func holdOneReceiptIntoTheBankAccount() throws {
        let decoded = try XeroBankTransactionsDecoder.decode(
            try DemoScenario.body("BankTransactions"), source: "demo/xero/BankTransactions.json")
        #expect(decoded.problems.isEmpty)
        let receipt = try #require(decoded.records.first)
        #expect(decoded.records.count == 1)
        #expect(receipt.kind == .receive)
        #expect(receipt.bankAccountCode == "090")
        #expect(receipt.total == Money(minorUnits: 5000, currency: try Currency(code: "NZD")))
        // It sells an untracked item, so it moves no stock the demo's expectations count.
        #expect(receipt.lines.compactMap(\.itemCode) == ["GIFTCARD-50"])
        let item = try #require(try DemoScenario.records("Items").first { try $0.string("Code") == "GIFTCARD-50" })
        #expect(try item.bool("IsTrackedAsInventory") == false)
    }
}
