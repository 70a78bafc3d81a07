import Foundation
import Testing
import TrueUpCore
import XeroKit

@Suite("GET /Items bodies")
struct XeroItemsDecoderTests {
    static let source = "xero/Items.json"

    /// A body shaped as Xero returns it with `unitdp=4`: a tracked item, a tracked item whose
    /// quantity came as a numeric string, an untracked service item with no name, and a tracked
    /// item below zero.
    static let body = """
        {
          "Id": "8487e8d7-5fb3-4f02-b949-dec8f1e38182",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795170000000)/",
          "Items": [
            {
              "ItemID": "c8c54d65-f3f2-452d-926e-bf450b12fb07",
              "Code": "TSHIRT-M-RED",
              "Description": "T-shirt, medium, red",
              "PurchaseDescription": "T-shirt, medium, red",
              "UpdatedDateUTC": "/Date(1573755038314+0000)/",
              "PurchaseDetails": { "UnitPrice": 6.2500, "COGSAccountCode": "310", "TaxType": "INPUT2" },
              "SalesDetails": { "UnitPrice": 24.9500, "AccountCode": "200", "TaxType": "OUTPUT2" },
              "Name": "T-shirt M red",
              "IsTrackedAsInventory": true,
              "InventoryAssetAccountCode": "630",
              "TotalCostPool": 63.27,
              "QuantityOnHand": 10.1234,
              "IsSold": true,
              "IsPurchased": true
            },
            {
              "ItemID": "a4544d51-48f6-441f-a623-99ecbced6ab7",
              "Code": "MUG-BLUE",
              "UpdatedDateUTC": "/Date(1795170000000+0000)/",
              "PurchaseDetails": { "COGSAccountCode": "310" },
              "SalesDetails": {},
              "Name": "Mug, blue",
              "IsTrackedAsInventory": true,
              "InventoryAssetAccountCode": "630",
              "TotalCostPool": 0.40,
              "QuantityOnHand": "12.5",
              "IsSold": true,
              "IsPurchased": true
            },
            {
              "ItemID": "0b4d2f2c-7c1e-4f4e-9f0a-3f1c7f6f1d10",
              "Code": "GIFTWRAP",
              "UpdatedDateUTC": "/Date(1795170000000+0000)/",
              "PurchaseDetails": {},
              "SalesDetails": { "UnitPrice": 3.5000, "AccountCode": "200" },
              "IsTrackedAsInventory": false,
              "IsSold": true,
              "IsPurchased": false
            },
            {
              "ItemID": "5e0f3a0a-1d7e-4d7b-8a53-6a1f0c2e9b44",
              "Code": "SOCKS-BLK",
              "Name": "Socks, black",
              "IsTrackedAsInventory": true,
              "InventoryAssetAccountCode": "630",
              "PurchaseDetails": { "UnitPrice": 0.1, "COGSAccountCode": "310" },
              "TotalCostPool": 0.00,
              "QuantityOnHand": -3
            }
          ]
        }
        """

    static func decode(_ text: String, baseCurrency: Currency? = nil) throws -> DecodedBody<Item> {
        try XeroItemsDecoder.decode(Array(text.utf8), source: source, baseCurrency: baseCurrency)
    }

    /// A body with one item whose `QuantityOnHand` member is `literal`, between two good items.
    static func body(quantityOnHand literal: String) -> String {
        """
        {"Id": "1", "Status": "OK", "ProviderName": "TrueUp", "DateTimeUTC": "/Date(1795170000000)/", "Items": [
          {"ItemID": "1", "Code": "GOOD-1", "Name": "Good", "IsTrackedAsInventory": true, "QuantityOnHand": 1},
          {"ItemID": "2", "Code": "BAD-1", "Name": "Bad", "IsTrackedAsInventory": true, "QuantityOnHand": \(literal)},
          {"ItemID": "3", "Code": "GOOD-2", "Name": "Good", "IsTrackedAsInventory": true, "QuantityOnHand": 2}
        ]}
        """
    }

    @Test func readsEveryFieldOfATrackedItemExactly() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body, baseCurrency: nzd)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging == nil)
        let shirt = try #require(decoded.records.first)
        #expect(shirt.id == "c8c54d65-f3f2-452d-926e-bf450b12fb07")
        #expect(shirt.code == "TSHIRT-M-RED")
        #expect(shirt.name == "T-shirt M red")
        #expect(shirt.isTracked)
        #expect(shirt.quantityOnHand == Quantity(ticks: 101_234))
        #expect(shirt.totalCostPool == Money(minorUnits: 6327, currency: nzd))
        #expect(shirt.purchaseUnitPrice == UnitPrice(ticks: 62_500, currency: nzd))
        let updatedAt = try #require(shirt.updatedAt)
        #expect((updatedAt.timeIntervalSince1970 * 1000).rounded() == 1_573_755_038_314)
    }

    @Test func keepsNumericStringsUntrackedItemsAndNegativeQuantitiesAsTheyAre() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body, baseCurrency: nzd)
        #expect(decoded.records.map(\.code) == ["TSHIRT-M-RED", "MUG-BLUE", "GIFTWRAP", "SOCKS-BLK"])
        let mug = decoded.records[1]
        #expect(mug.quantityOnHand == Quantity(ticks: 125_000))
        #expect(mug.purchaseUnitPrice == nil)
        let wrap = decoded.records[2]
        #expect(!wrap.isTracked)
        #expect(wrap.quantityOnHand == nil)
        #expect(wrap.name == "")
        let socks = decoded.records[3]
        #expect(socks.quantityOnHand == Quantity(units: -3))
        #expect(socks.purchaseUnitPrice == UnitPrice(ticks: 1000, currency: nzd))
        #expect(socks.updatedAt == nil)
    }

    @Test func leavesCostFieldsUnreadWithoutABaseCurrency() throws {
        // 0.005 has more decimals than NZD: read in NZD it would be a problem; unread it is none.
        let text = Self.body.replacingOccurrences(of: "\"TotalCostPool\": 63.27", with: "\"TotalCostPool\": 0.005")
        let unread = try Self.decode(text, baseCurrency: nil)
        #expect(unread.problems.isEmpty)
        #expect(unread.records.allSatisfy { $0.totalCostPool == nil && $0.purchaseUnitPrice == nil })
        let read = try Self.decode(text, baseCurrency: try Currency(code: "NZD"))
        #expect(read.problems.map(\.subject) == [.itemCode("TSHIRT-M-RED")])
        #expect(read.problems.first?.message.hasPrefix("Items[0].TotalCostPool:") == true)
    }

    @Test func aQuantityThatIsNotANumberIsAProblemAboutTheItemCode() throws {
        let decoded = try Self.decode(Self.body(quantityOnHand: "\"abc\""))
        #expect(decoded.records.map(\.code) == ["GOOD-1", "GOOD-2"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .itemCode("BAD-1"))
        #expect(problem.source == Self.source)
        #expect(problem.message.hasPrefix("Items[1].QuantityOnHand: "))
        #expect(problem.message.contains("\"abc\""))
    }

    @Test(arguments: [
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"\"", "1e30", "\"1e30\"", "1000000000000.0001", "10.12345",
        "\"0x10\"", "true", "[1]",
    ])
    func refusesQuantitiesThatAreNotExactDecimalsInRange(literal: String) throws {
        let decoded = try Self.decode(Self.body(quantityOnHand: literal))
        #expect(decoded.records.map(\.code) == ["GOOD-1", "GOOD-2"])
        #expect(decoded.problems.map(\.subject) == [.itemCode("BAD-1")])
        #expect(decoded.problems.first?.message.hasPrefix("Items[1].QuantityOnHand: ") == true)
    }

    @Test(arguments: [("0.1", 1000), ("1e3", 10_000_000), ("1000000000000", 10_000_000_000_000_000)])
    func acceptsQuantitiesExactly(literal: String, ticks: Int64) throws {
        let decoded = try Self.decode(Self.body(quantityOnHand: literal))
        #expect(decoded.problems.isEmpty)
        #expect(decoded.records.first { $0.code == "BAD-1" }?.quantityOnHand == Quantity(ticks: ticks))
    }

    @Test func aTrackedItemWithoutAQuantityIsAProblem() throws {
        let decoded = try Self.decode(Self.body(quantityOnHand: "null"))
        #expect(decoded.problems.map(\.subject) == [.itemCode("BAD-1")])
        #expect(decoded.problems.first?.message.contains("QuantityOnHand") == true)
    }

    @Test(arguments: [
        #"{"ItemID": "9", "Name": "No code", "IsTrackedAsInventory": false}"#,
        #"{"ItemID": "9", "Code": "", "IsTrackedAsInventory": false}"#,
        #"{"ItemID": "9", "Code": 1234, "IsTrackedAsInventory": false}"#,
        #""not an item""#,
    ])
    func aRecordWithoutAReadableCodeIsAboutNothingKnown(element: String) throws {
        let text = """
            {"Items": [{"Code": "GOOD-1", "IsTrackedAsInventory": false}, \(element)]}
            """
        let decoded = try Self.decode(text)
        #expect(decoded.records.map(\.code) == ["GOOD-1"])
        #expect(decoded.problems.map(\.subject) == [.unknown])
        #expect(decoded.problems.first?.message.hasPrefix("Items[1]") == true)
    }

    @Test func aCodeOnTwoRecordsKeepsBothOutWithOneProblem() throws {
        let text = """
            {"Items": [
              {"Code": "MUG-BLUE", "IsTrackedAsInventory": true, "QuantityOnHand": 4},
              {"Code": "mug-blue", "IsTrackedAsInventory": true, "QuantityOnHand": 5},
              {"Code": "SOCKS-BLK", "IsTrackedAsInventory": true, "QuantityOnHand": 6},
              {"Code": "MUG-BLUE", "IsTrackedAsInventory": true, "QuantityOnHand": 7}
            ]}
            """
        let decoded = try Self.decode(text)
        #expect(decoded.records.map(\.code) == ["mug-blue", "SOCKS-BLK"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .itemCode("MUG-BLUE"))
        #expect(problem.message.contains("appears twice"))
        #expect(problem.message.hasPrefix("Items[0] and Items[3]: "))
    }

    @Test func aDuplicateCodeIsReportedEvenWhenOneCopyIsUnreadable() throws {
        let text = """
            {"Items": [
              {"Code": "MUG-BLUE", "IsTrackedAsInventory": true, "QuantityOnHand": "abc"},
              {"Code": "MUG-BLUE", "IsTrackedAsInventory": true, "QuantityOnHand": 7}
            ]}
            """
        let decoded = try Self.decode(text)
        #expect(decoded.records.isEmpty)
        #expect(decoded.problems.map(\.subject) == [.itemCode("MUG-BLUE"), .itemCode("MUG-BLUE")])
        #expect(decoded.problems.last?.message.contains("appears twice") == true)
    }

    @Test func aTruncatedBodyIsAnErrorNamingTheSourceAndLine() throws {
        let text = "{\n  \"Items\": [\n    { \"Code\": \"A\","
        let error = try #require(throws: BodyError.self) { try Self.decode(text) }
        #expect(error.kind == .malformedJSON)
        #expect(error.source == Self.source)
        #expect(error.line == 3)
        #expect(error.column == 19)
        #expect(
            error.description.hasPrefix(
                "xero/Items.json: line 3, column 19: the document ends inside an object (truncated?)"))
    }

    @Test func aBodyCutShortAnywhereIsAnErrorNeverAPartialResult() throws {
        let bytes = Array(Self.body.utf8)
        for length in stride(from: 0, to: bytes.count - 1, by: 97) {
            #expect(throws: BodyError.self) {
                try XeroItemsDecoder.decode(bytes[..<length], source: Self.source, baseCurrency: nil)
            }
        }
    }

    @Test(arguments: [
        ("[]", BodyError.Kind.unexpectedShape, "found an array"),
        (#"{"Id": "1", "Status": "OK"}"#, .unexpectedShape, "no \"Items\" array"),
        (#"{"Items": {"Code": "A"}}"#, .unexpectedShape, "\"Items\" is an object"),
        (#"{"Items": [{"Code": "A", "QuantityOnHand": NaN}]}"#, .malformedJSON, "expected a value"),
        ("", .malformedJSON, "the document is empty"),
        (#"<html><body>502 Bad Gateway</body></html>"#, .malformedJSON, "expected a value"),
    ])
    func aBodyThatIsNotAnItemsResponseIsAnError(text: String, kind: BodyError.Kind, message: String) throws {
        let error = try #require(throws: BodyError.self) { try Self.decode(text) }
        #expect(error.kind == kind)
        #expect(error.description.hasPrefix("xero/Items.json: "))
        #expect(error.message.contains(message))
    }
}
