public import Foundation
public import TrueUpCore

/// The last agreed projected quantity of a SKU, stored only after both sides acknowledged it.
public struct Base: Sendable, Hashable, Codable {
    public var quantity: Quantity
    /// Units the storefront was set below the agreed quantity by the buffer: `T − store target`.
    /// Added back to the storefront's quantity so that a buffer never looks like a difference.
    public var heldBack: Quantity
    /// The run that set it; part of every correction id planned from this base.
    public var runID: Int64
    /// When the sides were seen to agree on it: orders and refunds after this moved both sides
    /// since. `nil` when unknown (a base seeded from a file), which counts every order as before.
    public var agreedAt: Date?

    public init(quantity: Quantity, heldBack: Quantity = .zero, runID: Int64, agreedAt: Date? = nil) {
        self.quantity = quantity
        self.heldBack = heldBack
        self.runID = runID
        self.agreedAt = agreedAt
    }
}

/// A new base for a SKU, to store once what it depends on is acknowledged.
public struct BaseUpdate: Sendable, Hashable, Codable {
    public var sku: String
    public var quantity: Quantity
    public var heldBack: Quantity
    /// When the sides agreed, if known; a plan's bases take the time of the run that planned them.
    public var agreedAt: Date?

    public init(sku: String, quantity: Quantity, heldBack: Quantity, agreedAt: Date? = nil) {
        self.sku = sku
        self.quantity = quantity
        self.heldBack = heldBack
        self.agreedAt = agreedAt
    }
}

/// An operator's explicit decision for a storefront SKU (the `sku_map` table).
public enum SKUMapping: Sendable, Hashable, Codable {
    /// The SKU is this Xero item code.
    case code(String)
    /// The SKU is left out of sync.
    case ignored
}

/// A person's decision on an inventory conflict, honoured by the next plan.
public enum Resolution: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Xero's projected quantity is right: T = P.
    case takeXero
    /// The storefront's quantity is right: T = S.
    case takeStore
    /// Both sides get this quantity: T = N.
    case set(Quantity)
    /// Map the SKU to this Xero item code.
    case map(String)
    /// Leave the SKU out of sync from now on.
    case ignore

    /// The words a person types: `take-xero`, `set 12`, `map ABC-1`.
    public var description: String {
        switch self {
        case .takeXero: "take-xero"
        case .takeStore: "take-store"
        case .set(let quantity): "set \(quantity)"
        case .map(let code): "map \(code)"
        case .ignore: "ignore"
        }
    }
}
