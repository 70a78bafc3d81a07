public import TrueUpCore

/// How a pair's stock adjustments are written to Xero (DESIGN §3).
public struct AdjustmentSettings: Sendable, Hashable, Codable {
    /// The contact every adjustment document is made out to; Xero creates it on first use.
    public var contactName: String
    /// The inventory asset account a bill's tracked item line must use (`INVENTORY` type).
    public var inventoryAccountCode: String
    /// The account that balances each document to zero: "Inventory Adjustments".
    public var adjustmentAccountCode: String
    /// Starts every document's reference, followed by the correction id: how a document is found
    /// again after a lost answer, and how a person recognises TrueUp's documents.
    public var referencePrefix: String

    public init(
        contactName: String = "TrueUp Stock Adjustments", inventoryAccountCode: String = "630",
        adjustmentAccountCode: String = "318", referencePrefix: String = "TRUEUP-"
    ) {
        self.contactName = contactName
        self.inventoryAccountCode = inventoryAccountCode
        self.adjustmentAccountCode = adjustmentAccountCode
        self.referencePrefix = referencePrefix
    }

    /// The reference of the document that carries out correction `id`.
    public func reference(for id: String) -> String { referencePrefix + id }
}

/// One Xero stock change to make: raise or lower an item's quantity on hand.
public struct StockAdjustment: Sendable, Hashable {
    /// The correction this carries out; the document's reference and idempotency key.
    public var id: String
    public var itemCode: String
    /// Positive raises stock (a bill), negative lowers it (a sales invoice).
    public var change: Quantity

    public init(id: String, itemCode: String, change: Quantity) {
        self.id = id
        self.itemCode = itemCode
        self.change = change
    }
}

/// Turns stock adjustments into Xero documents, the only way Xero moves `QuantityOnHand`:
/// an increase is a zero-total ACCPAY bill, a decrease a zero-total ACCREC invoice. Each holds
/// the item line at average cost and an equal negative line on the adjustment account. One
/// document per adjustment, so that Xero refusing one (say, stock would go below zero) refuses
/// only that SKU's correction; documents travel 50 to a request.
public struct AdjustmentDocuments: Sendable {
    public var settings: AdjustmentSettings
    /// The organisation's base currency: the documents' currency and the cost pool's.
    public var currency: Currency
    /// The document date, in the organisation's timezone.
    public var date: LocalDate

    public init(settings: AdjustmentSettings, currency: Currency, date: LocalDate) {
        self.settings = settings
        self.currency = currency
        self.date = date
    }

    /// The document body for `adjustment`, valuing it with `item` (nil when Xero has no such item:
    /// the document is still built, and Xero's refusal names the code).
    public func document(for adjustment: StockAdjustment, item: Item?) -> XeroBatchElement {
        let increase = !adjustment.change.isNegative
        let quantity = adjustment.change.magnitude
        let unitCost = item.map { Self.averageCost($0, currency: currency) } ?? UnitPrice(ticks: 0, currency: currency)
        let lineAmount = Self.amount(quantity, at: unitCost, currency: currency)
        let reference = settings.reference(for: adjustment.id)
        let description =
            "Stock \(increase ? "increase" : "decrease") of \(quantity) by TrueUp (correction \(adjustment.id))"
        var itemLine = JSONObject()
        itemLine["ItemCode"] = .string(adjustment.itemCode)
        itemLine["Description"] = .string(description)
        itemLine["Quantity"] = .number(quantity.fixed)
        itemLine["UnitAmount"] = .number(ScaledDecimal.format(unitCost.ticks, scale: UnitPrice.scale))
        itemLine["AccountCode"] = .string(increase ? settings.inventoryAccountCode : settings.adjustmentAccountCode)
        itemLine["LineAmount"] = .number(lineAmount.amount)
        var offsetLine = JSONObject()
        offsetLine["Description"] = .string("Inventory adjustment offset (correction \(adjustment.id))")
        offsetLine["Quantity"] = .number("1.0000")
        offsetLine["UnitAmount"] = .number(Money(minorUnits: -lineAmount.minorUnits, currency: currency).amount)
        offsetLine["AccountCode"] = .string(settings.adjustmentAccountCode)
        offsetLine["LineAmount"] = .number(Money(minorUnits: -lineAmount.minorUnits, currency: currency).amount)
        var body = JSONObject()
        body["Type"] = .string(increase ? "ACCPAY" : "ACCREC")
        body["Contact"] = .object(JSONObject(["Name": .string(settings.contactName)]))
        body["Date"] = .string(date.description)
        body["DueDate"] = .string(date.description)
        // Bills have no Reference in Xero; their supplier invoice number carries it instead.
        body[increase ? "InvoiceNumber" : "Reference"] = .string(reference)
        body["Status"] = .string("AUTHORISED")
        body["LineAmountTypes"] = .string("NoTax")
        body["CurrencyCode"] = .string(currency.code)
        body["LineItems"] = .array([.object(itemLine), .object(offsetLine)])
        return XeroBatchElement(key: adjustment.id, body: body)
    }

    /// `TotalCostPool / QuantityOnHand` to 4 dp, half away from zero; else the purchase price; else zero.
    public static func averageCost(_ item: Item, currency: Currency) -> UnitPrice {
        if let pool = item.totalCostPool, let onHand = item.quantityOnHand, onHand.ticks > 0 {
            // price ticks = pool minor units × 10^(4 + 4 − exponent) / quantity ticks
            let exponent = pool.currency.exponent
            let price =
                exponent <= Quantity.scale + UnitPrice.scale
                ? ScaledDecimal.multiplyDivide(
                    pool.minorUnits, power(Quantity.scale + UnitPrice.scale - exponent), onHand.ticks)
                : nil
            return UnitPrice(ticks: price ?? Int64.max, currency: pool.currency)
        }
        if let price = item.purchaseUnitPrice { return price }
        return UnitPrice(ticks: 0, currency: currency)
    }

    /// quantity × price, to the currency's minor unit, half away from zero (as Xero rounds lines).
    public static func amount(_ quantity: Quantity, at price: UnitPrice, currency: Currency) -> Money {
        // quantity ticks × price ticks is in 10^-8 units; the minor unit is 10^-exponent.
        let minor = ScaledDecimal.multiplyDivide(
            quantity.ticks, price.ticks, power(Quantity.scale + UnitPrice.scale - currency.exponent))
        return Money(minorUnits: minor ?? Int64.max, currency: currency)
    }

    private static func power(_ exponent: Int) -> Int64 {
        (0..<max(0, exponent)).reduce(1) { value, _ in value * 10 }
    }
}
