import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport
import XeroKit

@Suite("GET /Accounts bodies")
struct XeroAccountsDecoderTests {
    static let source = "xero/Accounts.json"

    /// The chart as Xero returns it: a bank account (with its currency and no SystemAccount), a
    /// revenue account, the receivables system account, and an account whose Status is unknown.
    static let body = """
        {
          "Id": "11814c9d-3b5e-492e-93b0-fad16bf3244f",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795165200000)/",
          "Accounts": [
            {
              "AccountID": "ebd06280-af70-4bed-97c6-7451a454ad85",
              "Code": "090",
              "Name": "Business Bank Account",
              "Status": "ACTIVE",
              "Type": "BANK",
              "TaxType": "NONE",
              "Class": "ASSET",
              "EnablePaymentsToAccount": false,
              "ShowInExpenseClaims": false,
              "BankAccountNumber": "0209087654321050",
              "BankAccountType": "BANK",
              "CurrencyCode": "NZD",
              "ReportingCode": "ASS",
              "ReportingCodeName": "Assets",
              "HasAttachments": false,
              "UpdatedDateUTC": "/Date(1550793549320+0000)/",
              "AddToWatchlist": false
            },
            {
              "AccountID": "7d05a53d-613d-4eb2-a2fc-dcb6adb80b80",
              "Code": "200",
              "Name": "Sales",
              "Status": "ACTIVE",
              "Type": "REVENUE",
              "TaxType": "OUTPUT2",
              "Description": "Income from any normal business activity",
              "Class": "REVENUE",
              "SystemAccount": "",
              "EnablePaymentsToAccount": false,
              "ShowInExpenseClaims": false,
              "HasAttachments": false,
              "UpdatedDateUTC": "/Date(1550793549320+0000)/"
            },
            {
              "AccountID": "d5943d71-32d1-467b-afd8-bb98068130c2",
              "Code": "610",
              "Name": "Accounts Receivable",
              "Status": "ARCHIVED",
              "Type": "CURRENT",
              "TaxType": "NONE",
              "Class": "ASSET",
              "SystemAccount": "DEBTORS",
              "EnablePaymentsToAccount": false,
              "ShowInExpenseClaims": false,
              "HasAttachments": false,
              "UpdatedDateUTC": "/Date(1550793549320+0000)/"
            },
            {
              "AccountID": "66b262e2-561e-423e-8937-47d558f13442",
              "Code": "123456",
              "Name": "Foobar",
              "Status": "PENDING",
              "Type": "EXPENSE",
              "TaxType": "INPUT",
              "Class": "EXPENSE",
              "UpdatedDateUTC": "/Date(1550793549320+0000)/"
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<Account> {
        try XeroAccountsDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsTheChartAndKeepsTheOtherRecordsPastABadOne() throws {
        let decoded = try Self.decode(Self.body)
        #expect(decoded.paging == nil)
        #expect(
            decoded.records == [
                Account(
                    id: "ebd06280-af70-4bed-97c6-7451a454ad85", code: "090", name: "Business Bank Account",
                    type: "BANK",
                    status: .active, systemAccount: nil, currency: try Currency(code: "NZD"),
                    updatedAt: Date(timeIntervalSince1970: 1_550_793_549.32)),
                Account(
                    id: "7d05a53d-613d-4eb2-a2fc-dcb6adb80b80", code: "200", name: "Sales", type: "REVENUE",
                    status: .active, updatedAt: Date(timeIntervalSince1970: 1_550_793_549.32)),
                Account(
                    id: "d5943d71-32d1-467b-afd8-bb98068130c2", code: "610", name: "Accounts Receivable",
                    type: "CURRENT", status: .archived, systemAccount: "DEBTORS",
                    updatedAt: Date(timeIntervalSince1970: 1_550_793_549.32)),
            ])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.source == Self.source)
        #expect(problem.subject == .document("66b262e2-561e-423e-8937-47d558f13442"))
        #expect(problem.message == #"Accounts[3].Status: "PENDING" is not one of ACTIVE, ARCHIVED, DELETED"#)
    }

    @Test func anAccountWithoutACodeIsNamedByItsID() throws {
        let decoded = try Self.decode(
            #"{"Accounts": [{"AccountID": "a1", "Name": "PayPal", "Status": "ACTIVE", "Type": "BANK", "Code": ""}]}"#)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.records.first?.code == nil)
        #expect(decoded.records.first?.id == "a1")
    }

    @Test(arguments: [
        (
            #"{"AccountID": "a2", "Name": "X", "Status": "ACTIVE"}"#, InputProblem.Subject.document("a2"),
            "Accounts[1].Type"
        ),
        (
            #"{"Code": "999", "Name": "X", "Status": "ACTIVE", "Type": "BANK"}"#, .document("Accounts[1]"),
            "Accounts[1].AccountID"
        ),
        (
            #"{"AccountID": "a2", "Name": "X", "Status": "ACTIVE", "Type": "BANK", "CurrencyCode": "XYZ"}"#,
            .document("a2"), "Accounts[1].CurrencyCode"
        ),
        (#""090""#, .document("Accounts[1]"), "Accounts[1]"),
    ])
    func aBadAccountIsAProblemThatHoldsUpNoSKU(element: String, subject: InputProblem.Subject, path: String) throws {
        let decoded = try Self.decode(
            #"{"Accounts": [{"AccountID": "a1", "Code": "200", "Name": "Sales", "Status": "ACTIVE", "Type": "REVENUE"}, "#
                + element + "]}")
        #expect(decoded.records.map(\.id) == ["a1"])
        #expect(decoded.problems.map(\.subject) == [subject])
        #expect(decoded.problems.first?.message.hasPrefix(path + ":") == true)
    }

    @Test func aBodyWithoutTheAccountsArrayIsAnError() throws {
        let error = try #require(throws: BodyError.self) { try Self.decode(#"{"Account": []}"#) }
        #expect(error.kind == .unexpectedShape)
        #expect(error.description.hasPrefix("xero/Accounts.json: the response has no \"Accounts\" array"))
    }
}

@Suite("The demo scenario's chart of accounts")
struct DemoAccountsTests {
    @Test func holdsTheAccountsTheDemoPostsTo() throws {
        let decoded = try XeroAccountsDecoder.decode(
            try DemoScenario.body("Accounts"), source: "demo/xero/Accounts.json")
        #expect(decoded.problems.isEmpty)
        let byCode = Dictionary(
            uniqueKeysWithValues: decoded.records.compactMap { account in
                account.code.map { ($0, account) }
            })
        #expect(byCode.count == 8)
        #expect(byCode["090"]?.type == "BANK")
        #expect(byCode["090"]?.currency == (try Currency(code: "NZD")))
        #expect(byCode["200"]?.type == "REVENUE")
        #expect(byCode["310"]?.type == "DIRECTCOSTS")
        #expect(byCode["318"]?.name == "Inventory Adjustments")
        #expect(byCode["630"]?.type == "INVENTORY")
        #expect(byCode["610"]?.systemAccount == "DEBTORS")
        #expect(byCode["800"]?.systemAccount == "CREDITORS")
        #expect(byCode["860"]?.systemAccount == "ROUNDING")
        #expect(decoded.records.allSatisfy { $0.status == .active })
        // Every account code the demo's items and documents name is in the chart.
        var named: Set<String> = []
        for item in try DemoScenario.records("Items") {
            named.formUnion([try item.optionalString("InventoryAssetAccountCode")].compactMap { $0 })
            for key in ["PurchaseDetails", "SalesDetails"] {
                guard let details = try item.optionalRecord(key) else { continue }
                named.formUnion(
                    [try details.optionalString("AccountCode"), try details.optionalString("COGSAccountCode")]
                        .compactMap { $0 })
            }
        }
        for name in ["Invoices", "BankTransactions"] {
            for document in try DemoScenario.records(name) {
                named.formUnion(try document.records("LineItems").compactMap { try $0.optionalString("AccountCode") })
            }
        }
        #expect(named.isSubset(of: Set(byCode.keys)), "codes not in the chart: \(named.subtracting(byCode.keys))")
    }
}
