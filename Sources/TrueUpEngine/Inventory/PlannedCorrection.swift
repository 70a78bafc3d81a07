public import TrueUpCore

/// A change to one side for one SKU, written to the outbox before anything is sent.
public struct PlannedCorrection: Sendable, Hashable, Codable {
    /// What the correction does to its side.
    public enum Action: String, Sendable, Hashable, Codable {
        /// Raise or lower Xero's quantity on hand by ``PlannedCorrection/quantity`` (a bill or an invoice).
        case adjustXero = "adjust_xero"
        /// Set the storefront's quantity to ``PlannedCorrection/quantity``.
        case setStore = "set_store"
    }

    /// Deterministic: the same pair, SKU, side, change and base give the same id, so that a
    /// re-plan before anything was acknowledged finds the correction it already has. Sent as
    /// Xero's `Idempotency-Key`.
    public var id: String
    public var side: Side
    public var action: Action
    public var sku: String
    public var itemCode: String
    /// The adjustment (Xero) or the absolute target (storefront).
    public var quantity: Quantity
    /// The side's quantity when planned: X for Xero, the storefront's own quantity for the store.
    public var observed: Quantity
    /// T: the base once this SKU's corrections are all acknowledged.
    public var agreedTarget: Quantity
    /// The buffer held back from the storefront once acknowledged: T − store target.
    public var heldBack: Quantity
    /// The run of the base this correction was planned from; `nil` on first sight.
    public var basisRunID: Int64?

    public init(
        pair: String, side: Side, sku: String, itemCode: String, quantity: Quantity, observed: Quantity,
        agreedTarget: Quantity, heldBack: Quantity, basisRunID: Int64?
    ) {
        self.side = side
        self.action = side == .xero ? .adjustXero : .setStore
        self.sku = sku
        self.itemCode = itemCode
        self.quantity = quantity
        self.observed = observed
        self.agreedTarget = agreedTarget
        self.heldBack = heldBack
        self.basisRunID = basisRunID
        self.id = Self.makeID(
            pair: pair, side: side, sku: sku, quantity: quantity, agreedTarget: agreedTarget, basisRunID: basisRunID)
    }

    /// A SHA-256 over the fields that make a correction what it is, as 32 hex digits (``StableID``).
    public static func makeID(
        pair: String, side: Side, sku: String, quantity: Quantity, agreedTarget: Quantity, basisRunID: Int64?
    ) -> String {
        StableID.make([
            "inventory", pair, side.rawValue, sku, quantity.fixed, agreedTarget.fixed,
            basisRunID.map(String.init) ?? "-",
        ])
    }
}
