import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("Magento GET /V1/creditmemos bodies")
struct MagentoCreditMemosDecoderTests {
    static let source = "magento/creditmemos.json"

    /// A page as Magento returns it. Memo 000000012 refunds part of order 12 (see
    /// `MagentoOrdersDecoderTests.body`): one configurable T-shirt (its container row 31 and child
    /// row 32 both carry the child's SKU), the bundle's socks (with a row for the bundle container,
    /// 33), and zero rows for what it does not refund. Memo 000000013 is for order 40, which the
    /// orders body does not hold, and has no `order_currency_code`.
    static let body = """
        {
          "items": [
            {
              "adjustment": 0,
              "adjustment_negative": 0,
              "adjustment_positive": 0,
              "base_currency_code": "NZD",
              "base_grand_total": 35.95,
              "base_subtotal": 35.95,
              "created_at": "2026-11-21 08:00:00",
              "creditmemo_status": 2,
              "email_sent": 1,
              "entity_id": 5,
              "global_currency_code": "NZD",
              "grand_total": 35.95,
              "increment_id": "000000012",
              "invoice_id": 9,
              "order_currency_code": "NZD",
              "order_id": 12,
              "shipping_amount": 0,
              "state": 2,
              "store_id": 1,
              "subtotal": 35.95,
              "updated_at": "2026-11-21 08:00:05",
              "items": [
                { "base_cost": 6.25, "base_price": 24.95, "entity_id": 9, "name": "T-shirt", "order_item_id": 31,
                  "parent_id": 5, "price": 24.95, "product_id": 100, "qty": 1, "row_total": 24.95, "sku": "TSHIRT-M-RED" },
                { "base_cost": 6.25, "base_price": 0, "entity_id": 10, "name": "T-shirt M red", "order_item_id": 32,
                  "parent_id": 5, "price": 0, "product_id": 101, "qty": 1, "row_total": 0, "sku": "TSHIRT-M-RED" },
                { "base_cost": 0, "base_price": 34, "entity_id": 11, "name": "Gift set", "order_item_id": 33,
                  "parent_id": 5, "price": 34, "product_id": 200, "qty": 1, "row_total": 0, "sku": "GIFTSET-MUG-BLUE-SOCKS-BLK" },
                { "base_cost": 2, "base_price": 12, "entity_id": 12, "name": "Mug, blue", "order_item_id": 34,
                  "parent_id": 5, "price": 12, "product_id": 201, "qty": 0, "row_total": 0, "sku": "MUG-BLUE" },
                { "base_cost": 1.5, "base_price": 11, "entity_id": 13, "name": "Socks, black", "order_item_id": 35,
                  "parent_id": 5, "price": 11, "product_id": 202, "qty": "1.0000", "row_total": 11, "sku": "SOCKS-BLK" },
                { "base_cost": 1, "base_price": 5, "entity_id": 14, "name": "Poster A2", "order_item_id": 36,
                  "parent_id": 5, "price": 5, "product_id": 300, "qty": 0, "row_total": 0, "sku": "POSTER-A2" }
              ],
              "comments": []
            },
            {
              "base_currency_code": "USD",
              "base_grand_total": 19.98,
              "created_at": "2026-11-21 09:30:00",
              "entity_id": 6,
              "grand_total": 19.98,
              "increment_id": "000000013",
              "order_id": 40,
              "state": 2,
              "updated_at": "2026-11-21 09:30:00",
              "items": [
                { "base_cost": 1, "base_price": 9.99, "entity_id": 15, "order_item_id": 80, "parent_id": 6,
                  "price": 9.99, "product_id": 300, "qty": 2, "sku": "POSTER-A2" }
              ]
            }
          ],
          "search_criteria": { "filter_groups": [], "page_size": 100, "current_page": 1 },
          "total_count": 2
        }
        """

    /// The containers of order 12, as `MagentoOrdersDecoder` finds them.
    static func orderItems() throws -> MagentoOrderItemIndex {
        var index = MagentoOrderItemIndex()
        _ = try MagentoOrdersDecoder.decode(
            Array(MagentoOrdersDecoderTests.body.utf8), source: MagentoOrdersDecoderTests.source,
            deductsAtShipment: false,
            itemIndex: &index)
        return index
    }

    static func decode(
        _ text: String, returnToStock: Bool = true, orderItems: MagentoOrderItemIndex = MagentoOrderItemIndex()
    ) throws -> DecodedBody<Refund> {
        try MagentoCreditMemosDecoder.decode(
            Array(text.utf8), source: source, returnToStock: returnToStock, orderItems: orderItems)
    }

    /// A search result with memo 000000020 for order 12, whose `items` member is `rows`.
    static func memo(rows: String, currency: String = #""order_currency_code": "NZD""#) -> String {
        """
        {"items": [{"entity_id": 20, "increment_id": "000000020", "order_id": 12, \(currency),
          "created_at": "2026-11-21 08:00:00", "updated_at": "2026-11-21 08:00:00", "grand_total": 0, "items": \(rows)}],
         "total_count": 1}
        """
    }

    @Test func readsAMemosFields() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body, orderItems: try Self.orderItems())
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging?.totalCount == 2)
        let memo = try #require(decoded.records.first)
        #expect(memo.id == "5")
        #expect(memo.number == "000000012")
        #expect(memo.orderID == "12")
        #expect(memo.createdAt == Date(timeIntervalSince1970: 1_795_248_000))
        #expect(memo.updatedAt == Date(timeIntervalSince1970: 1_795_248_005))
        #expect(memo.currency == nzd)
        #expect(memo.total == Money(minorUnits: 3595, currency: nzd))
    }

    @Test func fallsBackToTheBaseCurrency() throws {
        let usd = try Currency(code: "USD")
        let memo = try #require(try Self.decode(Self.body).records.last)
        #expect(memo.currency == usd)
        #expect(memo.total == Money(minorUnits: 1998, currency: usd))
    }

    @Test(arguments: [true, false])
    func skipsContainerAndZeroRowsWhenTheOrderIsKnown(returnToStock: Bool) throws {
        let decoded = try Self.decode(Self.body, returnToStock: returnToStock, orderItems: try Self.orderItems())
        let one = Quantity(units: 1)
        let two = Quantity(units: 2)
        #expect(
            decoded.records.map(\.lines) == [
                [
                    RefundLine(sku: "TSHIRT-M-RED", quantity: one, quantityRestocked: returnToStock ? one : .zero),
                    RefundLine(sku: "SOCKS-BLK", quantity: one, quantityRestocked: returnToStock ? one : .zero),
                ],
                [RefundLine(sku: "POSTER-A2", quantity: two, quantityRestocked: returnToStock ? two : .zero)],
            ])
    }

    @Test func withoutTheOrderASKUOnTwoRowsIsAProblemNotAGuess() throws {
        let decoded = try Self.decode(Self.body)
        let one = Quantity(units: 1)
        #expect(
            decoded.records.first?.lines == [
                RefundLine(sku: "GIFTSET-MUG-BLUE-SOCKS-BLK", quantity: one, quantityRestocked: one),
                RefundLine(sku: "SOCKS-BLK", quantity: one, quantityRestocked: one),
            ])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .sku("TSHIRT-M-RED"))
        #expect(problem.message.hasPrefix("items[0].items[0] and items[0].items[1]: "))
        #expect(problem.message.contains("order 12 was not among the decoded orders"))
    }

    @Test func aBadRowWithASKUIsAProblemAboutThatSKUAndTheRestOfTheMemoIsKept() throws {
        let rows = """
            [{"order_item_id": 34, "sku": "MUG-BLUE", "qty": 1},
             {"order_item_id": 35, "sku": "SOCKS-BLK", "qty": "Infinity"},
             {"order_item_id": "x35", "sku": "POSTER-A2", "qty": 1e30},
             {"order_item_id": 1.5, "sku": "TSHIRT-M-RED", "qty": 1}]
            """
        let decoded = try Self.decode(Self.memo(rows: rows), orderItems: try Self.orderItems())
        #expect(decoded.records.first?.lines.map(\.sku) == ["MUG-BLUE"])
        #expect(decoded.problems.map(\.subject) == [.sku("SOCKS-BLK"), .sku("POSTER-A2"), .sku("TSHIRT-M-RED")])
        #expect(
            decoded.problems.map { $0.message.prefix { $0 != ":" } }
                == ["items[0].items[1].qty", "items[0].items[2].qty", "items[0].items[3].order_item_id"])
    }

    @Test(arguments: [
        (Self.memo(rows: #"[{"order_item_id": 34, "qty": 1}]"#), "items[0].items[0].sku"),
        (Self.memo(rows: #"[{"order_item_id": 34, "sku": "MUG-BLUE", "qty": 1}, "row"]"#), "items[0].items[1]"),
        (Self.memo(rows: #"{"order_item_id": 34, "sku": "MUG-BLUE", "qty": 1}"#), "items[0].items"),
        (
            Self.memo(rows: "[]", currency: #""order_currency_code": "ZZZ", "base_currency_code": "NZD""#),
            "items[0].order_currency_code"
        ),
        (Self.memo(rows: "[]", currency: #""store_currency_code": "NZD""#), "items[0].order_currency_code"),
    ])
    func aProblemThatCannotBePinnedToASKUIsAboutTheWholeRefund(text: String, path: String) throws {
        let decoded = try Self.decode(text, orderItems: try Self.orderItems())
        #expect(decoded.records.isEmpty)
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .refund("000000020"))
        #expect(problem.message.hasPrefix(path + ":"))
    }

    @Test func aMemoWithoutAReadableNumberIsAboutNothingKnown() throws {
        let text = Self.body.replacingOccurrences(of: "\"increment_id\": \"000000013\"", with: "\"increment_id\": null")
        let decoded = try Self.decode(text)
        #expect(decoded.records.map(\.number) == ["000000012"])
        #expect(decoded.problems.last?.subject == .unknown)
        #expect(decoded.problems.last?.message == "items[1].increment_id: is missing")
    }

    @Test func aRepeatedMemoKeepsTheCopyUpdatedLast() throws {
        let memo = #"""
            {"entity_id": 20, "increment_id": "000000020", "order_id": 12, "order_currency_code": "NZD",
             "created_at": "2026-11-21 08:00:00", "updated_at": "2026-11-21 08:00:00", "grand_total": 11,
             "items": [{"order_item_id": 35, "sku": "SOCKS-BLK", "qty": 1}]}
            """#
        let later = memo.replacingOccurrences(
            of: "\"updated_at\": \"2026-11-21 08:00:00\"", with: "\"updated_at\": \"2026-11-22 08:00:00\""
        )
        .replacingOccurrences(of: "\"grand_total\": 11", with: "\"grand_total\": 12")
        let decoded = try Self.decode("{\"items\": [\(later), \(memo)], \"total_count\": 2}")
        #expect(decoded.problems.isEmpty)
        #expect(decoded.records.map(\.total?.minorUnits) == [1200])
    }

    @Test func aTruncatedBodyIsAnErrorNamingTheSourceAndLine() throws {
        let cut = Self.body.split(separator: "\n", omittingEmptySubsequences: false).prefix(25).joined(separator: "\n")
        let error = try #require(throws: BodyError.self) { try Self.decode(cut) }
        #expect(error.kind == .malformedJSON)
        #expect(error.line == 25)
        #expect(error.description.hasPrefix("magento/creditmemos.json: line 25, column "))
    }
}
