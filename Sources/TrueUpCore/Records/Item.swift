public import Foundation

/// A Xero inventory item.
public struct Item: Sendable, Hashable, Codable {
    public var id: String?
    /// `Item.Code`, at most 30 characters: what storefront SKUs map to.
    public var code: String
    public var name: String
    /// Whether Xero tracks its stock (`IsTrackedAsInventory`). Untracked items are reported, not synced.
    public var isTracked: Bool
    /// `QuantityOnHand`; present for tracked items.
    public var quantityOnHand: Quantity?
    /// `TotalCostPool`: the value on hand at average cost, in the organisation's base currency.
    public var totalCostPool: Money?
    /// `PurchaseDetails.UnitPrice`.
    public var purchaseUnitPrice: UnitPrice?
    public var updatedAt: Date?

    public init(
        id: String? = nil, code: String, name: String, isTracked: Bool, quantityOnHand: Quantity?,
        totalCostPool: Money? = nil, purchaseUnitPrice: UnitPrice? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.isTracked = isTracked
        self.quantityOnHand = quantityOnHand
        self.totalCostPool = totalCostPool
        self.purchaseUnitPrice = purchaseUnitPrice
        self.updatedAt = updatedAt
    }
}
