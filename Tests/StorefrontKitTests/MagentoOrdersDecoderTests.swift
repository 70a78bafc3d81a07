import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("Magento GET /V1/orders bodies")
struct MagentoOrdersDecoderTests {
    static let source = "magento/orders.json"

    /// A page as Magento returns it: order 000000123 has a configurable T-shirt (container 31 and
    /// its simple child 32, both with the child's SKU), a bundle (container 33, children 34 and
    /// 35) and a plain simple product; order 000000124 is a guest's, in USD.
    static let body = """
        {
          "items": [
            {
              "base_currency_code": "NZD",
              "base_discount_amount": 0,
              "base_grand_total": 108.9,
              "base_shipping_amount": 10,
              "base_subtotal": 98.9,
              "base_tax_amount": 0,
              "created_at": "2026-11-20 10:15:00",
              "customer_email": "jo@example.com",
              "customer_firstname": "Jo",
              "customer_group_id": 1,
              "customer_id": 7,
              "customer_is_guest": 0,
              "customer_lastname": "Bloggs",
              "discount_amount": 0,
              "entity_id": 12,
              "global_currency_code": "NZD",
              "grand_total": 108.9,
              "increment_id": "000000123",
              "order_currency_code": "NZD",
              "shipping_amount": 10,
              "shipping_description": "Flat Rate - Fixed",
              "state": "processing",
              "status": "processing",
              "store_currency_code": "NZD",
              "store_id": 1,
              "store_name": "Main Website\\nMain Website Store\\nDefault Store View",
              "subtotal": 98.9,
              "total_due": 0,
              "total_item_count": 6,
              "total_paid": 108.9,
              "total_qty_ordered": 9,
              "updated_at": "2026-11-20 10:20:00",
              "items": [
                {
                  "amount_refunded": 0, "base_price": 24.95, "created_at": "2026-11-20 10:15:00", "item_id": 31,
                  "name": "T-shirt", "order_id": 12, "price": 24.95, "product_id": 100, "product_type": "configurable",
                  "qty_canceled": 0, "qty_invoiced": 2, "qty_ordered": 2, "qty_refunded": 0, "qty_shipped": 0,
                  "row_total": 49.9, "sku": "TSHIRT-M-RED", "store_id": 1, "updated_at": "2026-11-20 10:20:00"
                },
                {
                  "amount_refunded": 0, "base_price": 0, "created_at": "2026-11-20 10:15:00", "item_id": 32,
                  "name": "T-shirt M red", "order_id": 12, "parent_item_id": 31, "price": 0, "product_id": 101,
                  "product_type": "simple", "qty_canceled": 0, "qty_invoiced": 2, "qty_ordered": 2, "qty_refunded": 0,
                  "qty_shipped": 0, "row_total": 0, "sku": "TSHIRT-M-RED", "store_id": 1,
                  "updated_at": "2026-11-20 10:20:00",
                  "parent_item": {
                    "item_id": 31, "name": "T-shirt", "order_id": 12, "price": 24.95, "product_id": 100,
                    "product_type": "configurable", "qty_ordered": 2, "sku": "TSHIRT-M-RED"
                  }
                },
                {
                  "base_price": 34, "item_id": 33, "name": "Gift set", "order_id": 12, "price": 34, "product_id": 200,
                  "product_type": "bundle", "qty_canceled": 0, "qty_ordered": 1, "qty_refunded": 0,
                  "sku": "GIFTSET-MUG-BLUE-SOCKS-BLK"
                },
                {
                  "base_price": 12, "item_id": 34, "name": "Mug, blue", "order_id": 12, "parent_item_id": 33,
                  "price": 12, "product_id": 201, "product_type": "simple", "qty_canceled": 0, "qty_ordered": 1,
                  "qty_refunded": 0, "sku": "MUG-BLUE",
                  "parent_item": { "item_id": 33, "product_type": "bundle", "qty_ordered": 1, "sku": "GIFTSET-MUG-BLUE-SOCKS-BLK" }
                },
                {
                  "base_price": 11, "item_id": 35, "name": "Socks, black", "order_id": 12, "parent_item_id": 33,
                  "price": 11, "product_id": 202, "product_type": "simple", "qty_canceled": 0, "qty_ordered": 2,
                  "qty_refunded": "1.0000", "sku": "SOCKS-BLK",
                  "parent_item": { "item_id": 33, "product_type": "bundle", "qty_ordered": 1, "sku": "GIFTSET-MUG-BLUE-SOCKS-BLK" }
                },
                {
                  "base_price": 5, "item_id": 36, "name": "Poster A2", "order_id": 12, "price": 5, "product_id": 300,
                  "product_type": "simple", "qty_canceled": 1, "qty_ordered": 3, "qty_refunded": 0, "sku": "POSTER-A2"
                }
              ],
              "payment": { "account_status": null, "additional_information": ["Check / Money order"], "amount_ordered": 108.9,
                           "amount_paid": 108.9, "method": "checkmo", "last_trans_id": null },
              "status_histories": []
            },
            {
              "base_currency_code": "NZD",
              "base_grand_total": 16.54,
              "created_at": "2026-11-20 11:00:00",
              "customer_email": "guest@example.com",
              "customer_is_guest": 1,
              "entity_id": 13,
              "grand_total": 9.99,
              "increment_id": "000000124",
              "order_currency_code": "USD",
              "state": "new",
              "status": "pending",
              "updated_at": "2026-11-20 11:00:00",
              "items": [
                { "item_id": 37, "order_id": 13, "product_type": "simple", "qty_ordered": 1, "sku": "POSTER-A2", "price": 9.99 }
              ],
              "status_histories": []
            }
          ],
          "search_criteria": {
            "filter_groups": [{ "filters": [{ "field": "updated_at", "value": "2026-11-20 00:00:00", "condition_type": "gteq" }] }],
            "sort_orders": [{ "field": "updated_at", "direction": "ASC" }, { "field": "entity_id", "direction": "ASC" }],
            "page_size": 100,
            "current_page": 1
          },
          "total_count": 2
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<Order> {
        try MagentoOrdersDecoder.decode(Array(text.utf8), source: source, deductsAtShipment: false)
    }

    /// A search result holding `elements`.
    static func page(_ elements: String...) -> String {
        "{\"items\": [\(elements.joined(separator: ",\n"))], \"search_criteria\": {}, \"total_count\": \(elements.count)}"
    }

    /// Order 000000150, with `more` appended to its `grand_total` (`.5`, `, "customer_id": 7`) and
    /// `items` as its items member.
    static func order(_ more: String = "", updatedAt: String = "2026-11-20 10:15:00", items: String) -> String {
        """
        {"entity_id": 50, "increment_id": "000000150", "state": "processing", "order_currency_code": "NZD",
         "created_at": "2026-11-20 10:15:00", "updated_at": "\(updatedAt)", "grand_total": 10\(more), "items": \(items)}
        """
    }

    @Test func readsAnOrdersFields() throws {
        let nzd = try Currency(code: "NZD")
        let decoded = try Self.decode(Self.body)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging?.totalCount == 2)
        let order = try #require(decoded.records.first)
        #expect(order.id == "12")
        #expect(order.number == "000000123")
        #expect(order.state == "processing")
        #expect(order.createdAt == Date(timeIntervalSince1970: 1_795_169_700))
        #expect(order.updatedAt == Date(timeIntervalSince1970: 1_795_170_000))
        #expect(order.currency == nzd)
        #expect(order.grandTotal == Money(minorUnits: 10_890, currency: nzd))
        #expect(order.customerID == "7")
        let guest = try #require(decoded.records.last)
        #expect(guest.customerID == nil)
        #expect(guest.currency == (try Currency(code: "USD")))
        #expect(guest.grandTotal == Money(minorUnits: 999, currency: try Currency(code: "USD")))
        #expect(guest.lines == [OrderLine(sku: "POSTER-A2", quantityOrdered: Quantity(units: 1))])
    }

    @Test func countsAConfigurableOnceAndABundleByItsChildren() throws {
        let order = try #require(try Self.decode(Self.body).records.first)
        #expect(
            order.lines == [
                OrderLine(sku: "TSHIRT-M-RED", quantityOrdered: Quantity(units: 2)),
                OrderLine(sku: "MUG-BLUE", quantityOrdered: Quantity(units: 1)),
                OrderLine(sku: "SOCKS-BLK", quantityOrdered: Quantity(units: 2), quantityRefunded: Quantity(units: 1)),
                OrderLine(sku: "POSTER-A2", quantityOrdered: Quantity(units: 3), quantityCanceled: Quantity(units: 1)),
            ])
        #expect(order.lines[3].quantitySold == Quantity(units: 2))
    }

    @Test func fillsTheItemIndexWithEachOrdersContainers() throws {
        var index = MagentoOrderItemIndex()
        _ = try MagentoOrdersDecoder.decode(
            Array(Self.body.utf8), source: Self.source, deductsAtShipment: false, itemIndex: &index)
        #expect(index.orderCount == 2)
        #expect(index.containerItemIDs(ofOrder: "12") == ["31", "33"])
        #expect(index.containerItemIDs(ofOrder: "13") == [])
        #expect(index.containerItemIDs(ofOrder: "14") == nil)
    }

    @Test func leavesTheItemIndexAloneWhenTheBodyCannotBeRead() throws {
        var index = MagentoOrderItemIndex()
        index.record(orderID: "1", containerItemIDs: ["2"])
        let before = index
        let cut = Array(Self.body.utf8).prefix(2000)
        #expect(throws: BodyError.self) {
            try MagentoOrdersDecoder.decode(cut, source: Self.source, deductsAtShipment: false, itemIndex: &index)
        }
        #expect(index == before)
    }

    @Test func aBadLineWithASKUIsAProblemAboutThatSKUAndTheRestOfTheOrderIsKept() throws {
        let text = Self.page(
            Self.order(
                items: """
                    [{"item_id": 1, "sku": "MUG-BLUE", "qty_ordered": 1},
                     {"item_id": 2, "sku": "SOCKS-BLK", "qty_ordered": "two"},
                     {"item_id": 3, "sku": "POSTER-A2", "qty_ordered": 1, "qty_canceled": "NaN"}]
                    """))
        let decoded = try Self.decode(text)
        #expect(decoded.records.first?.lines == [OrderLine(sku: "MUG-BLUE", quantityOrdered: Quantity(units: 1))])
        #expect(decoded.problems.map(\.subject) == [.sku("SOCKS-BLK"), .sku("POSTER-A2")])
        #expect(
            decoded.problems.map { $0.message.prefix { $0 != ":" } }
                == ["items[0].items[1].qty_ordered", "items[0].items[2].qty_canceled"])
    }

    @Test(arguments: [
        // Lines that cannot be attributed to a SKU.
        (Self.order(items: #"[{"item_id": 1, "qty_ordered": 1}]"#), "items[0].items[0].sku"),
        (Self.order(items: #"[{"item_id": 1, "sku": "", "qty_ordered": 1}]"#), "items[0].items[0].sku"),
        (Self.order(items: #"[{"item_id": 1, "sku": "MUG-BLUE", "qty_ordered": 1}, 7]"#), "items[0].items[1]"),
        (Self.order(items: #"{"item_id": 1, "sku": "MUG-BLUE", "qty_ordered": 1}"#), "items[0].items"),
        (Self.order(items: "null"), "items[0].items"),
        // A structure that leaves unclear which line holds the stock.
        (
            Self.order(items: #"[{"item_id": 2, "parent_item_id": 1, "sku": "TSHIRT-M-RED", "qty_ordered": 1}]"#),
            "items[0].items[0].parent_item_id"
        ),
        (Self.order(items: #"[{"item_id": 1.5, "sku": "MUG-BLUE", "qty_ordered": 1}]"#), "items[0].items[0].item_id"),
        // The order's own fields.
        (Self.order(".005", items: "[]"), "items[0].grand_total"),
        (Self.order(#", "customer_id": 7.5"#, items: "[]"), "items[0].customer_id"),
        (Self.order(updatedAt: "yesterday", items: "[]"), "items[0].updated_at"),
    ])
    func aProblemThatCannotBePinnedToASKUIsAboutTheWholeOrder(order: String, path: String) throws {
        let decoded = try Self.decode(Self.page(order))
        #expect(decoded.records.isEmpty)
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .order("000000150"))
        #expect(problem.message.hasPrefix(path + ":"))
    }

    @Test func anUnknownCurrencyIsAProblemAboutTheOrder() throws {
        let text = Self.body.replacingOccurrences(
            of: "\"order_currency_code\": \"USD\"", with: "\"order_currency_code\": \"XBT\"")
        let decoded = try Self.decode(text)
        #expect(decoded.records.map(\.number) == ["000000123"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .order("000000124"))
        #expect(problem.message.hasPrefix("items[1].order_currency_code: "))
        #expect(problem.message.contains("XBT"))
    }

    @Test(arguments: [
        #"{"entity_id": 51, "state": "new", "items": []}"#,
        #"{"entity_id": 51, "increment_id": 151, "state": "new", "items": []}"#,
        #""000000151""#,
    ])
    func anOrderWithoutAReadableNumberIsAboutNothingKnown(element: String) throws {
        let good = Self.order(items: #"[{"item_id": 1, "sku": "MUG-BLUE", "qty_ordered": 1}]"#)
        let decoded = try Self.decode(Self.page(good, element))
        #expect(decoded.records.map(\.number) == ["000000150"])
        #expect(decoded.problems.map(\.subject) == [.unknown])
        #expect(decoded.problems.first?.message.hasPrefix("items[1]") == true)
    }

    @Test func aRepeatedOrderKeepsTheCopyUpdatedLast() throws {
        let items = #"[{"item_id": 1, "sku": "MUG-BLUE", "qty_ordered": 1}]"#
        let earlier = Self.order(items: items)
        let later = Self.order(updatedAt: "2026-11-21 08:00:00", items: items)
            .replacingOccurrences(of: "\"state\": \"processing\"", with: "\"state\": \"complete\"")
        for text in [Self.page(earlier, later), Self.page(later, earlier)] {
            let decoded = try Self.decode(text)
            #expect(decoded.problems.isEmpty)
            #expect(decoded.records.map(\.state) == ["complete"])
        }
        let identical = try Self.decode(Self.page(earlier, earlier))
        #expect(identical.problems.isEmpty)
        #expect(identical.records.count == 1)
        let contradictory = try Self.decode(
            Self.page(earlier, earlier.replacingOccurrences(of: "processing", with: "holded")))
        #expect(contradictory.records.isEmpty)
        #expect(contradictory.problems.map(\.subject) == [.order("000000150")])
        #expect(contradictory.problems.first?.message.contains("entity_id 50 appears 2 times") == true)
    }

    @Test func aTruncatedBodyIsAnErrorNamingTheSourceAndLine() throws {
        let cut = Self.body.split(separator: "\n", omittingEmptySubsequences: false).prefix(48).joined(separator: "\n")
        let error = try #require(throws: BodyError.self) { try Self.decode(cut) }
        #expect(error.kind == .malformedJSON)
        #expect(error.line == 48)
        #expect(error.description.hasPrefix("magento/orders.json: line 48, column "))
    }
}
