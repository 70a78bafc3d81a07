/// The quantity of one SKU at one storefront source or location: a Magento MSI source item,
/// a row of a CSV feed.
public struct StockLevel: Sendable, Hashable, Codable {
    public var sku: String
    /// The source (MSI `source_code`) or location; `default` where the platform has only one.
    public var source: String
    public var quantity: Quantity

    public init(sku: String, source: String, quantity: Quantity) {
        self.sku = sku
        self.source = source
        self.quantity = quantity
    }
}
