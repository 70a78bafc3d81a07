import Testing
import TrueUpCore
import XeroKit

@Suite struct AdjustmentDocumentsTests {
    let nzd: Currency

    init() throws {
        nzd = try Currency(code: "NZD")
    }

    func item(pool: String?, onHand: String?, purchase: String? = nil) throws -> Item {
        Item(
            code: "MUG", name: "Mug", isTracked: true, quantityOnHand: try onHand.map { try Quantity(parsing: $0) },
            totalCostPool: try pool.map { try Money(parsing: $0, currency: nzd) },
            purchaseUnitPrice: try purchase.map { try UnitPrice(parsing: $0, currency: nzd) })
    }

    @Test func averageCostIsThePoolOverTheQuantityToFourPlaces() throws {
        #expect(
            AdjustmentDocuments.averageCost(try item(pool: "209.00", onHand: "22"), currency: nzd).amount == "9.5000")
        // 100 / 3 = 33.33333… → 33.3333
        #expect(
            AdjustmentDocuments.averageCost(try item(pool: "100.00", onHand: "3"), currency: nzd).amount == "33.3333")
        // 200 / 3 = 66.6666… → 66.6667 (half away from zero)
        #expect(
            AdjustmentDocuments.averageCost(try item(pool: "200.00", onHand: "3"), currency: nzd).amount == "66.6667")
        // No stock on hand: the purchase price, else zero.
        #expect(
            AdjustmentDocuments.averageCost(try item(pool: "0.00", onHand: "0", purchase: "4.25"), currency: nzd).amount
                == "4.2500")
        #expect(AdjustmentDocuments.averageCost(try item(pool: nil, onHand: "0"), currency: nzd).amount == "0.0000")
        // Large pools do not overflow.
        #expect(
            AdjustmentDocuments.averageCost(try item(pool: "90000000000000.00", onHand: "0.0001"), currency: nzd).ticks
                > 0)
    }

    @Test func lineAmountsRoundToTheCurrencyLikeXero() throws {
        let price = try UnitPrice(parsing: "33.3333", currency: nzd)
        #expect(AdjustmentDocuments.amount(try Quantity(parsing: "3"), at: price, currency: nzd).amount == "100.00")
        #expect(AdjustmentDocuments.amount(try Quantity(parsing: "0.5"), at: price, currency: nzd).amount == "16.67")
        let jpy = try Currency(code: "JPY")
        #expect(
            AdjustmentDocuments.amount(
                try Quantity(parsing: "3"), at: try UnitPrice(parsing: "10.5", currency: jpy), currency: jpy
            )
            .amount == "32")
    }

    @Test func anIncreaseIsAZeroTotalBillOnTheInventoryAccount() throws {
        let documents = AdjustmentDocuments(
            settings: AdjustmentSettings(), currency: nzd, date: try LocalDate(iso: "2026-11-20"))
        let element = documents.document(
            for: StockAdjustment(id: "abc123", itemCode: "MUG", change: try Quantity(parsing: "3")),
            item: try item(pool: "209.00", onHand: "22"))
        #expect(element.key == "abc123")
        let text = JSONWriter.text(.object(element.body))
        #expect(text.contains(#""Type":"ACCPAY""#))
        #expect(text.contains(#""InvoiceNumber":"TRUEUP-abc123""#))
        #expect(text.contains(#""Status":"AUTHORISED""#))
        #expect(text.contains(#""Date":"2026-11-20""#))
        #expect(text.contains(#""ItemCode":"MUG""#))
        #expect(text.contains(#""Quantity":3.0000,"UnitAmount":9.5000,"AccountCode":"630","LineAmount":28.50"#))
        #expect(text.contains(#""UnitAmount":-28.50,"AccountCode":"318","LineAmount":-28.50"#))
    }

    @Test func aDecreaseIsAZeroTotalSalesInvoiceWithTheReference() throws {
        let settings = AdjustmentSettings(
            contactName: "Stock", inventoryAccountCode: "631", adjustmentAccountCode: "319", referencePrefix: "TU-")
        let documents = AdjustmentDocuments(settings: settings, currency: nzd, date: try LocalDate(iso: "2026-11-20"))
        let element = documents.document(
            for: StockAdjustment(id: "def", itemCode: "MUG", change: try Quantity(parsing: "-2")),
            item: try item(pool: "209.00", onHand: "22"))
        let text = JSONWriter.text(.object(element.body))
        #expect(text.contains(#""Type":"ACCREC""#))
        #expect(text.contains(#""Reference":"TU-def""#))
        #expect(!text.contains("InvoiceNumber"))
        #expect(text.contains(#""Contact":{"Name":"Stock"}"#))
        #expect(text.contains(#""Quantity":2.0000,"UnitAmount":9.5000,"AccountCode":"319","LineAmount":19.00"#))
        #expect(text.contains(#""LineAmount":-19.00"#))
    }

    @Test func batchKeysAreTheCorrectionIdOrAStableHash() {
        #expect(XeroClient.batchKey(["abc"]) == "abc")
        let key = XeroClient.batchKey(["a", "b"])
        #expect(key.hasPrefix("batch-") && key.count == 46)
        #expect(key == XeroClient.batchKey(["a", "b"]))
        #expect(key != XeroClient.batchKey(["b", "a"]))
        #expect(key != XeroClient.batchKey(["a\nb"]))
    }
}
