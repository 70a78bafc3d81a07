public import Foundation

/// A storefront order, as far as reconciliation needs it.
public struct Order: Sendable, Hashable, Codable {
    /// The platform's internal id (Magento `entity_id`).
    public var id: String
    /// The number customers and accountants see (Magento `increment_id`); a posted Xero invoice
    /// carries it as its `Reference`.
    public var number: String
    /// The platform's state, e.g. Magento `new`, `processing`, `complete`, `canceled`, `closed`.
    public var state: String
    public var createdAt: Date
    public var updatedAt: Date
    public var currency: Currency
    public var grandTotal: Money?
    public var customerID: String?
    public var lines: [OrderLine]
    /// How the order was paid, where the platform says.
    public var payment: OrderPayment?

    public init(
        id: String, number: String, state: String, createdAt: Date, updatedAt: Date, currency: Currency,
        grandTotal: Money? = nil, customerID: String? = nil, lines: [OrderLine], payment: OrderPayment? = nil
    ) {
        self.id = id
        self.number = number
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.currency = currency
        self.grandTotal = grandTotal
        self.customerID = customerID
        self.lines = lines
        self.payment = payment
    }
}

/// An order's payment as the platform summarises it (Magento `payment`).
public struct OrderPayment: Sendable, Hashable, Codable {
    /// The payment method code: `checkmo`, `stripe_payments`, `paypal_express`.
    public var method: String?
    /// What has been captured so far (`amount_paid`).
    public var amountPaid: Money?
    /// The gateway's id of the latest transaction (`last_trans_id`).
    public var lastTransactionID: String?

    public init(method: String?, amountPaid: Money?, lastTransactionID: String?) {
        self.method = method
        self.amountPaid = amountPaid
        self.lastTransactionID = lastTransactionID
    }
}

/// One stock-holding line of an order. Container lines (a configurable or bundle parent) are not
/// lines here: their children, which hold the stock, are.
public struct OrderLine: Sendable, Hashable, Codable {
    public var sku: String
    public var quantityOrdered: Quantity
    public var quantityCanceled: Quantity
    public var quantityRefunded: Quantity
    /// Units shipped, where the platform takes stock out at shipment (Magento MSI deducts the
    /// source quantity when a shipment is made, and only reserves units when the order is placed);
    /// `nil` where stock leaves when the order is placed.
    public var quantityShipped: Quantity?

    public init(
        sku: String, quantityOrdered: Quantity, quantityCanceled: Quantity = .zero, quantityRefunded: Quantity = .zero,
        quantityShipped: Quantity? = nil
    ) {
        self.sku = sku
        self.quantityOrdered = quantityOrdered
        self.quantityCanceled = quantityCanceled
        self.quantityRefunded = quantityRefunded
        self.quantityShipped = quantityShipped
    }

    /// Units sold on this line: ordered less canceled.
    public var quantitySold: Quantity { quantityOrdered - quantityCanceled }

    /// Units that have left the shop's stock quantity: shipped where the platform deducts at
    /// shipment, else sold.
    public var quantityDeducted: Quantity { quantityShipped ?? quantitySold }
}
