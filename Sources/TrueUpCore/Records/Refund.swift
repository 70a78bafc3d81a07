public import Foundation

/// A storefront refund (a Magento credit memo).
public struct Refund: Sendable, Hashable, Codable {
    public var id: String
    /// The refund's own number (credit memo `increment_id`); a posted Xero credit note carries it
    /// as its `Reference`.
    public var number: String
    /// The platform id of the refunded order.
    public var orderID: String
    public var createdAt: Date
    public var updatedAt: Date
    public var currency: Currency
    public var total: Money?
    public var lines: [RefundLine]
    /// The gateway's id of the refund transaction (credit memo `transaction_id`), where it has one.
    public var reference: String?

    public init(
        id: String, number: String, orderID: String, createdAt: Date, updatedAt: Date, currency: Currency,
        total: Money? = nil, lines: [RefundLine], reference: String? = nil
    ) {
        self.id = id
        self.number = number
        self.orderID = orderID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.currency = currency
        self.total = total
        self.lines = lines
        self.reference = reference
    }
}

/// One line of a refund: units refunded, and how many of them went back into the shop's stock.
public struct RefundLine: Sendable, Hashable, Codable {
    public var sku: String
    public var quantity: Quantity
    public var quantityRestocked: Quantity

    public init(sku: String, quantity: Quantity, quantityRestocked: Quantity) {
        self.sku = sku
        self.quantity = quantity
        self.quantityRestocked = quantityRestocked
    }
}
