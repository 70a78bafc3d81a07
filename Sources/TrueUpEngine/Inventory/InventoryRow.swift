public import TrueUpCore

/// One SKU's line of the plan and of `inventory.csv`.
public struct InventoryRow: Sendable, Hashable, Codable {
    public var sku: String
    /// The Xero item code the SKU maps to, if it maps.
    public var itemCode: String?
    /// X: Xero `QuantityOnHand`.
    public var xeroQuantity: Quantity?
    /// S: the storefront quantity plus the buffer held back.
    public var storeQuantity: Quantity?
    /// U: units on storefront orders and refunds not yet posted to Xero.
    public var inFlight: Quantity
    /// P = X − U.
    public var projected: Quantity?
    /// B: the last agreed quantity.
    public var base: Quantity?
    /// dX = P − B.
    public var deltaXero: Quantity?
    /// dS = S − B.
    public var deltaStore: Quantity?
    public var outcome: InventoryOutcome
    /// The absolute quantity the storefront is set to, when it changes.
    public var storeTarget: Quantity?
    /// The adjustment to Xero's quantity on hand, when it changes.
    public var xeroAdjustment: Quantity?
    public var conflictReason: ConflictReason?
    /// T: the quantity both sides agree on once the corrections are acknowledged.
    public var agreedTarget: Quantity?
    /// A sentence for people: why a conflict, what a resolution did.
    public var note: String?

    public init(
        sku: String, itemCode: String? = nil, xeroQuantity: Quantity? = nil, storeQuantity: Quantity? = nil,
        inFlight: Quantity = .zero, projected: Quantity? = nil, base: Quantity? = nil, deltaXero: Quantity? = nil,
        deltaStore: Quantity? = nil, outcome: InventoryOutcome, storeTarget: Quantity? = nil,
        xeroAdjustment: Quantity? = nil, conflictReason: ConflictReason? = nil, agreedTarget: Quantity? = nil,
        note: String? = nil
    ) {
        self.sku = sku
        self.itemCode = itemCode
        self.xeroQuantity = xeroQuantity
        self.storeQuantity = storeQuantity
        self.inFlight = inFlight
        self.projected = projected
        self.base = base
        self.deltaXero = deltaXero
        self.deltaStore = deltaStore
        self.outcome = outcome
        self.storeTarget = storeTarget
        self.xeroAdjustment = xeroAdjustment
        self.conflictReason = conflictReason
        self.agreedTarget = agreedTarget
        self.note = note
    }
}
