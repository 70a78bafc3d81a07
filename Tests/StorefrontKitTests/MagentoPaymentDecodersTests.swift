import Foundation
import StorefrontKit
import Testing
import TrueUpCore

/// A search result holding `elements`.
private func page(_ elements: String...) -> [UInt8] {
    Array(
        "{\"items\": [\(elements.joined(separator: ",\n"))], \"search_criteria\": {}, \"total_count\": \(elements.count)}"
            .utf8)
}

@Suite("Magento GET /V1/invoices bodies")
struct MagentoInvoicesDecoderTests {
    static let source = "GET /V1/invoices"

    static func invoice(
        id: String = "7", number: String = #""000000031""#, transaction: String = #""ch_3Qx""#,
        total: String = "44.5", currency: String = #""order_currency_code": "NZD", "base_currency_code": "AUD""#,
        updatedAt: String = "2026-11-20 08:21:00"
    ) -> String {
        """
        {"entity_id": \(id), "increment_id": \(number), "order_id": 12, "transaction_id": \(transaction),
         \(currency), "grand_total": \(total), "base_grand_total": 40,
         "created_at": "2026-11-20 08:20:00", "updated_at": "\(updatedAt)", "total_qty": 5, "items": []}
        """
    }

    @Test func readsAnInvoiceAsAPayment() throws {
        let decoded = try MagentoInvoicesDecoder.decode(page(Self.invoice()), source: Self.source)
        #expect(decoded.problems.isEmpty)
        #expect(decoded.paging?.totalCount == 1)
        #expect(
            decoded.records == [
                StorePayment(
                    id: "7", number: "000000031", orderID: "12", reference: "ch_3Qx",
                    amount: Money(minorUnits: 4450, currency: try Currency(code: "NZD")),
                    createdAt: Date(timeIntervalSince1970: 1_795_162_800),
                    updatedAt: Date(timeIntervalSince1970: 1_795_162_860))
            ])
    }

    @Test func anInvoiceWithoutAnOrderCurrencyIsInTheBaseCurrencyAndAnEmptyTransactionIsNone() throws {
        let decoded = try MagentoInvoicesDecoder.decode(
            page(Self.invoice(transaction: #""""#, total: "4450", currency: #""base_currency_code": "JPY""#)),
            source: Self.source)
        let payment = try #require(decoded.records.first)
        #expect(payment.amount == Money(minorUnits: 4450, currency: try Currency(code: "JPY")))
        #expect(payment.reference == nil)
    }

    @Test(arguments: [
        (
            MagentoInvoicesDecoderTests.invoice(total: #""lots""#), InputProblem.Subject.reference("ch_3Qx"),
            "items[1].grand_total"
        ),
        (MagentoInvoicesDecoderTests.invoice(total: "44.505"), .reference("ch_3Qx"), "items[1].grand_total"),
        (
            MagentoInvoicesDecoderTests.invoice(transaction: "null", currency: #""order_currency_code": "XBT""#),
            .document("invoice 000000031"), "items[1].order_currency_code"
        ),
        (
            MagentoInvoicesDecoderTests.invoice(number: "null", transaction: "null", updatedAt: "soon"), .unknown,
            "items[1].updated_at"
        ),
        (MagentoInvoicesDecoderTests.invoice(id: "1.5"), .reference("ch_3Qx"), "items[1].entity_id"),
    ])
    func aBadInvoiceIsAProblemAndTheRestIsKept(bad: String, subject: InputProblem.Subject, path: String) throws {
        let decoded = try MagentoInvoicesDecoder.decode(page(Self.invoice(id: "8"), bad), source: Self.source)
        #expect(decoded.records.map(\.id) == ["8"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == subject)
        #expect(problem.source == Self.source)
        #expect(problem.message.hasPrefix(path + ":"))
    }

    @Test func aRepeatedInvoiceKeepsTheCopyUpdatedLast() throws {
        let decoded = try MagentoInvoicesDecoder.decode(
            page(Self.invoice(total: "1"), Self.invoice(total: "2", updatedAt: "2026-11-21 08:00:00")),
            source: Self.source)
        #expect(decoded.records.map(\.amount.minorUnits) == [200])
    }

    @Test func aBodyWithoutItemsIsAnError() {
        #expect(throws: BodyError.self) {
            try MagentoInvoicesDecoder.decode(Array(#"{"message": "x"}"#.utf8), source: Self.source)
        }
    }
}

@Suite("Magento GET /V1/transactions bodies")
struct MagentoTransactionsDecoderTests {
    static let source = "GET /V1/transactions"

    static func transaction(
        id: String = "3", txn: String = #""ch_3Qx""#, type: String = #""capture""#, closed: String = "1",
        createdAt: String = #""2026-11-20 08:20:00""#
    ) -> String {
        """
        {"transaction_id": \(id), "parent_id": null, "order_id": 12, "payment_id": 12, "txn_id": \(txn),
         "parent_txn_id": null, "txn_type": \(type), "is_closed": \(closed), "additional_information": [],
         "created_at": \(createdAt), "child_transactions": []}
        """
    }

    @Test func readsATransaction() throws {
        let decoded = try MagentoTransactionsDecoder.decode(
            page(Self.transaction(), Self.transaction(id: "4", txn: #""ch_4""#, type: #""refund""#, closed: #""0""#)),
            source: Self.source)
        #expect(decoded.problems.isEmpty)
        #expect(
            decoded.records == [
                StoreTransaction(
                    id: "3", orderID: "12", reference: "ch_3Qx", kind: "capture",
                    createdAt: Date(timeIntervalSince1970: 1_795_162_800), isClosed: true),
                StoreTransaction(
                    id: "4", orderID: "12", reference: "ch_4", kind: "refund",
                    createdAt: Date(timeIntervalSince1970: 1_795_162_800), isClosed: false),
            ])
    }

    @Test func isClosedMayBeABoolean() throws {
        let decoded = try MagentoTransactionsDecoder.decode(page(Self.transaction(closed: "true")), source: Self.source)
        #expect(decoded.records.first?.isClosed == true)
    }

    @Test(arguments: [
        (
            MagentoTransactionsDecoderTests.transaction(closed: "2"), InputProblem.Subject.reference("ch_3Qx"),
            "items[1].is_closed"
        ),
        (MagentoTransactionsDecoderTests.transaction(closed: "null"), .reference("ch_3Qx"), "items[1].is_closed"),
        (MagentoTransactionsDecoderTests.transaction(type: #""""#), .reference("ch_3Qx"), "items[1].txn_type"),
        (MagentoTransactionsDecoderTests.transaction(txn: "null"), .unknown, "items[1].txn_id"),
        (
            MagentoTransactionsDecoderTests.transaction(createdAt: #""yesterday""#), .reference("ch_3Qx"),
            "items[1].created_at"
        ),
        ("[]", .unknown, "items[1]"),
    ])
    func aBadTransactionIsAProblemAndTheRestIsKept(bad: String, subject: InputProblem.Subject, path: String) throws {
        let decoded = try MagentoTransactionsDecoder.decode(page(Self.transaction(id: "9"), bad), source: Self.source)
        #expect(decoded.records.map(\.id) == ["9"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == subject)
        #expect(problem.message.hasPrefix(path + ":"))
    }
}

@Suite("Magento GET /V1/products bodies (legacy stock)")
struct MagentoProductStockDecoderTests {
    static let source = "GET /V1/products"

    static func product(_ sku: String, type: String = "simple", stock: String = #"{"item_id": 1, "qty": 5}"#) -> String
    {
        #"{"id": 1, "sku": "\#(sku)", "type_id": "\#(type)", "extension_attributes": {"stock_item": \#(stock)}}"#
    }

    @Test func readsEachSimpleProductsQuantityAtTheDefaultSource() throws {
        let decoded = try MagentoProductStockDecoder.decode(
            page(
                Self.product("MUG", stock: #"{"qty": "2.5"}"#), Self.product("TSHIRT", type: "configurable"),
                Self.product("GIFTSET", type: "bundle"), Self.product("SET", type: "grouped"),
                Self.product("EBOOK", type: "virtual")),
            source: Self.source)
        #expect(decoded.problems.isEmpty)
        #expect(
            decoded.records == [
                StockLevel(sku: "MUG", source: "default", quantity: Quantity(ticks: 25_000)),
                StockLevel(sku: "EBOOK", source: "default", quantity: Quantity(units: 5)),
            ])
    }

    @Test(arguments: [
        (
            #"{"id": 2, "sku": "NOSTOCK", "type_id": "simple"}"#, InputProblem.Subject.sku("NOSTOCK"),
            "items[1].extension_attributes.stock_item"
        ),
        (
            MagentoProductStockDecoderTests.product("BAD", stock: #"{"qty": "many"}"#), .sku("BAD"),
            "items[1].extension_attributes.stock_item.qty"
        ),
        (
            MagentoProductStockDecoderTests.product("NULL", stock: #"{"qty": null}"#), .sku("NULL"),
            "items[1].extension_attributes.stock_item.qty"
        ),
        (#"{"id": 3, "type_id": "simple"}"#, .unknown, "items[1].sku"),
    ])
    func aProductWithoutAReadableQuantityIsAProblem(bad: String, subject: InputProblem.Subject, path: String) throws {
        let decoded = try MagentoProductStockDecoder.decode(page(Self.product("GOOD"), bad), source: Self.source)
        #expect(decoded.records.map(\.sku) == ["GOOD"])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == subject)
        #expect(problem.message.hasPrefix(path + ":"))
    }

    @Test func aSKUListedTwiceKeepsNeitherQuantity() throws {
        let decoded = try MagentoProductStockDecoder.decode(
            page(Self.product("MUG"), Self.product("MUG", stock: #"{"qty": 6}"#)), source: Self.source)
        #expect(decoded.records.isEmpty)
        #expect(decoded.problems.map(\.subject) == [.sku("MUG")])
        #expect(decoded.problems.first?.message.contains("appears twice") == true)
    }
}

@Suite("Magento order shipments")
struct MagentoOrderShipmentTests {
    static func decode(_ items: String, deductsAtShipment: Bool = true) throws -> [OrderLine] {
        let order = """
            {"entity_id": 50, "increment_id": "000000150", "state": "processing", "order_currency_code": "NZD",
             "created_at": "2026-11-20 10:15:00", "updated_at": "2026-11-20 10:15:00", "items": \(items)}
            """
        let decoded = try MagentoOrdersDecoder.decode(
            page(order), source: "GET /V1/orders", deductsAtShipment: deductsAtShipment)
        #expect(decoded.problems.isEmpty)
        return try #require(decoded.records.first).lines
    }

    @Test func fillsShippedUnitsWhereStockLeavesAtShipment() throws {
        let lines = try Self.decode(
            #"[{"item_id": 1, "sku": "MUG", "qty_ordered": 3, "qty_shipped": 2}, {"item_id": 2, "sku": "POSTER", "qty_ordered": 1}]"#
        )
        #expect(lines.map(\.quantityShipped) == [Quantity(units: 2), .zero])
        #expect(lines.map(\.quantityDeducted) == [Quantity(units: 2), .zero])
    }

    @Test func leavesShippedUnitsOutWhereStockLeavesAtPlacement() throws {
        let lines = try Self.decode(
            #"[{"item_id": 1, "sku": "MUG", "qty_ordered": 3, "qty_shipped": 2}]"#, deductsAtShipment: false)
        #expect(lines.map(\.quantityShipped) == [nil])
        #expect(lines.map(\.quantityDeducted) == [Quantity(units: 3)])
    }

    @Test func aChildTakesItsShareOfItsContainersShipments() throws {
        // A configurable shipped on its container; a bundle of two sets (two mugs and four pairs of socks
        // each) with one set shipped on its container; a bundle whose children shipped separately.
        let lines = try Self.decode(
            """
            [{"item_id": 1, "sku": "TSHIRT-M", "product_type": "configurable", "qty_ordered": 2, "qty_shipped": 2},
             {"item_id": 2, "parent_item_id": 1, "sku": "TSHIRT-M", "qty_ordered": 2, "qty_shipped": 0},
             {"item_id": 3, "sku": "GIFTSET", "product_type": "bundle", "qty_ordered": 2, "qty_shipped": 1},
             {"item_id": 4, "parent_item_id": 3, "sku": "MUG", "qty_ordered": 4},
             {"item_id": 5, "parent_item_id": 3, "sku": "SOCKS", "qty_ordered": 8, "qty_shipped": 0},
             {"item_id": 6, "sku": "DESK", "product_type": "bundle", "qty_ordered": 1, "qty_shipped": 0},
             {"item_id": 7, "parent_item_id": 6, "sku": "LEG", "qty_ordered": 4, "qty_shipped": 3}]
            """)
        #expect(lines.map(\.sku) == ["TSHIRT-M", "MUG", "SOCKS", "LEG"])
        #expect(
            lines.map(\.quantityShipped) == [
                Quantity(units: 2), Quantity(units: 2), Quantity(units: 4), Quantity(units: 3),
            ])
    }
}
