/// What the plan does with one SKU (the `outcome` column of `inventory.csv`).
public enum InventoryOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Both sides agree; the base moves to the agreed quantity.
    case inSync = "in_sync"
    /// First sight with the sides disagreeing, settled by the initial policy.
    case initial
    /// Xero moved: the storefront is set to Xero's projected quantity.
    case pushStore = "push_store"
    /// The storefront moved: Xero is adjusted by the storefront's change.
    case pushXero = "push_xero"
    /// Both moved (policy `additive`): each side receives the other's change.
    case pushBoth = "push_both"
    /// A person decides: see the conflict reason.
    case conflict
    /// The Xero item does not track inventory: reported, not synced.
    case untracked
    /// An operator chose to leave this SKU out of sync (`trueup conflicts resolve ID ignore`).
    case ignored
}

/// Why a SKU went to the conflict queue instead of being corrected (`conflict_reason`).
public enum ConflictReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// The SKU has no Xero item, or shares one with another SKU.
    case unmapped
    /// First sight with the sides disagreeing under initial policy `conflict`.
    case initialConflict = "initial_conflict"
    /// Both sides moved under policy `conflict`.
    case concurrentChange = "concurrent_change"
    /// The agreed quantity would be below zero.
    case negativeTarget = "negative_target"
    /// The Xero decrease is larger than the quantity on hand; Xero refuses stock below zero.
    case xeroBelowZero = "xero_below_zero"
    /// A change larger than the absolute threshold.
    case absoluteThreshold = "absolute_threshold"
    /// A change larger than the relative threshold.
    case relativeThreshold = "relative_threshold"
    /// A change far outside the SKU's own history of changes.
    case anomaly
    /// A fractional quantity for a storefront that stores whole units.
    case fractionalQuantity = "fractional_quantity"
    /// A side shows a negative quantity on hand.
    case negativeQuantity = "negative_quantity"
    /// A quantity too large to reconcile safely.
    case outOfRange = "out_of_range"
    /// A record behind this SKU could not be read (see the conflict's message).
    case invalidData = "invalid_data"
    /// Xero refused the correction written for this SKU (the conflict carries Xero's message).
    case xeroRejected = "xero_rejected"
    /// The storefront refused the correction written for this SKU (the conflict carries why).
    case storeRejected = "store_rejected"
    /// Whether a correction was carried out is unknown, and the side has moved since, so sending
    /// it again could undo what happened meanwhile.
    case unconfirmedWrite = "unconfirmed_write"

    /// The reasons a write raised: they stay open until a person resolves them, and hold the SKU.
    public static let writeProblems: [ConflictReason] = [.xeroRejected, .storeRejected, .unconfirmedWrite]

    /// The queue a reason belongs to.
    public var kind: ConflictKind {
        switch self {
        case .unmapped: .mapping
        case .anomaly: .anomaly
        case .invalidData: .api
        default: .inventory
        }
    }
}

/// The conflict queue's kinds (DESIGN §5).
public enum ConflictKind: String, Sendable, Hashable, Codable, CaseIterable {
    case inventory
    case mapping
    case payment
    case anomaly
    case api
}

/// The side of a pair a correction is written to.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    case xero
    case store
}
