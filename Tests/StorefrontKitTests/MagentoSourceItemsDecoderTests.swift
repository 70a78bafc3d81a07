import StorefrontKit
import Testing
import TrueUpCore

@Suite("Magento GET /V1/inventory/source-items bodies")
struct MagentoSourceItemsDecoderTests {
    static let source = "magento/source-items.json"

    static let body = """
        {
          "items": [
            { "sku": "TSHIRT-M-RED", "source_code": "default", "quantity": 10, "status": 1 },
            { "sku": "TSHIRT-M-RED", "source_code": "wellington", "quantity": "12.5", "status": 1 },
            { "sku": "MUG-BLUE", "source_code": "default", "quantity": 0.1, "status": 1 },
            { "sku": "SOCKS-BLK", "source_code": "default", "quantity": -2, "status": 0 }
          ],
          "search_criteria": {
            "filter_groups": [],
            "sort_orders": [{ "field": "sku", "direction": "ASC" }],
            "page_size": 300,
            "current_page": 1
          },
          "total_count": 4
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<StockLevel> {
        try MagentoSourceItemsDecoder.decode(Array(text.utf8), source: source)
    }

    /// A body with a good source item, then one whose `quantity` member is `literal`.
    static func body(quantity literal: String) -> String {
        """
        {"items": [
          {"sku": "GOOD", "source_code": "default", "quantity": 1, "status": 1},
          {"sku": "BAD", "source_code": "default", "quantity": \(literal), "status": 1}
        ], "search_criteria": {"filter_groups": []}, "total_count": 2}
        """
    }

    @Test func readsEachSourceQuantityExactly() throws {
        let decoded = try Self.decode(Self.body)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging?.totalCount == 4)
        #expect(
            decoded.records == [
                StockLevel(sku: "TSHIRT-M-RED", source: "default", quantity: Quantity(units: 10)),
                StockLevel(sku: "TSHIRT-M-RED", source: "wellington", quantity: Quantity(ticks: 125_000)),
                StockLevel(sku: "MUG-BLUE", source: "default", quantity: Quantity(ticks: 1000)),
                StockLevel(sku: "SOCKS-BLK", source: "default", quantity: Quantity(units: -2)),
            ])
    }

    @Test(arguments: ["\"abc\"", "\"NaN\"", "\"Infinity\"", "1e30", "\"1e30\"", "0.00001", "null", "{}"])
    func aBadQuantityIsAProblemAboutTheSKU(literal: String) throws {
        let decoded = try Self.decode(Self.body(quantity: literal))
        #expect(decoded.records.map(\.sku) == ["GOOD"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .sku("BAD"))
        #expect(problem.source == Self.source)
        #expect(problem.message.hasPrefix("items[1].quantity: "))
    }

    @Test(arguments: [
        #"{"source_code": "default", "quantity": 3, "status": 1}"#,
        #"{"sku": "", "source_code": "default", "quantity": 3, "status": 1}"#,
        #"{"sku": 42, "source_code": "default", "quantity": 3, "status": 1}"#,
        "null",
    ])
    func aRecordWithoutAReadableSKUIsAboutNothingKnown(element: String) throws {
        let text = """
            {"items": [{"sku": "GOOD", "source_code": "default", "quantity": 1, "status": 1}, \(element)], "total_count": 2}
            """
        let decoded = try Self.decode(text)
        #expect(decoded.records.map(\.sku) == ["GOOD"])
        #expect(decoded.problems.map(\.subject) == [.unknown])
        #expect(decoded.problems.first?.message.hasPrefix("items[1]") == true)
    }

    @Test func aMissingSourceCodeIsAProblemAboutTheSKU() throws {
        let decoded = try Self.decode(
            #"{"items": [{"sku": "MUG-BLUE", "quantity": 3, "status": 1}], "total_count": 1}"#)
        #expect(decoded.records.isEmpty)
        #expect(decoded.problems.map(\.subject) == [.sku("MUG-BLUE")])
        #expect(decoded.problems.first?.message == "items[0].source_code: is missing")
    }

    @Test func aSourceItemListedTwiceKeepsNeitherCopy() throws {
        let text = """
            {"items": [
              {"sku": "MUG-BLUE", "source_code": "default", "quantity": 3, "status": 1},
              {"sku": "MUG-BLUE", "source_code": "wellington", "quantity": 4, "status": 1},
              {"sku": "MUG-BLUE", "source_code": "default", "quantity": 3, "status": 1}
            ], "total_count": 3}
            """
        let decoded = try Self.decode(text)
        #expect(decoded.records == [StockLevel(sku: "MUG-BLUE", source: "wellington", quantity: Quantity(units: 4))])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .sku("MUG-BLUE"))
        #expect(problem.message.hasPrefix("items[0] and items[2]: "))
        #expect(problem.message.contains("appears twice"))
    }

    @Test func aTruncatedBodyIsAnErrorNamingTheSourceAndLine() throws {
        let cut = Self.body.split(separator: "\n", omittingEmptySubsequences: false).prefix(3).joined(separator: "\n")
        let error = try #require(throws: BodyError.self) { try Self.decode(cut) }
        #expect(error.kind == .malformedJSON)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("magento/source-items.json: line 3, column "))
        #expect(error.message.contains("(truncated?)"))
    }

    @Test(arguments: [
        #"{"message": "The consumer isn't authorized to access %resources.", "parameters": {"resources": "Magento_InventoryApi::source"}}"#,
        #"{"items": {"sku": "A"}, "total_count": 1}"#,
        #"{"items": [], "total_count": "many"}"#,
        #"{"items": [], "total_count": -1}"#,
        #"[{"sku": "A", "source_code": "default", "quantity": 1}]"#,
    ])
    func aBodyThatIsNotASearchResultIsAnError(text: String) throws {
        let error = try #require(throws: BodyError.self) { try Self.decode(text) }
        #expect(error.kind == .unexpectedShape)
        #expect(error.line == nil)
        #expect(error.description.hasPrefix("magento/source-items.json: "))
    }
}
