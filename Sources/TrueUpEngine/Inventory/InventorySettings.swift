public import TrueUpCore

/// How a pair reconciles stock: the policies, posting mode, buffer and guards of DESIGN §3.
public struct InventorySettings: Sendable, Hashable, Codable {
    /// What to do when both sides moved since the last agreement.
    public enum ConcurrentPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Add both movements: T = B + dX + dS.
        case additive
        /// Send the SKU to the conflict queue.
        case conflict
    }

    /// What to do the first time a SKU is seen with the two sides disagreeing.
    public enum InitialPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Xero is right: set the storefront.
        case xeroWins = "xero_wins"
        /// The storefront is right: adjust Xero.
        case storeWins = "store_wins"
        /// Ask a person.
        case conflict
    }

    /// How storefront orders reach Xero, which decides the in-flight units.
    public enum PostingMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// Each order becomes its own ACCREC invoice with `Reference` = order number; until it is
        /// posted (AUTHORISED or PAID), its units are in flight.
        case perOrder = "per_order"
        /// Orders are not posted to Xero: nothing is in flight, sales reach Xero as adjustments.
        case none
    }

    public var policy: ConcurrentPolicy
    public var initialPolicy: InitialPolicy
    public var postingMode: PostingMode
    /// Units held back from the storefront for every SKU.
    public var buffer: Quantity
    /// Per-SKU buffers that replace ``buffer``.
    public var bufferBySKU: [String: Quantity]
    public var thresholds: Thresholds
    /// Whether the storefront stores whole units only (a fractional target there is a conflict).
    public var wholeUnits: Bool

    public init(
        policy: ConcurrentPolicy = .additive, initialPolicy: InitialPolicy = .conflict,
        postingMode: PostingMode = .perOrder, buffer: Quantity = .zero, bufferBySKU: [String: Quantity] = [:],
        thresholds: Thresholds = Thresholds(), wholeUnits: Bool = true
    ) {
        self.policy = policy
        self.initialPolicy = initialPolicy
        self.postingMode = postingMode
        self.buffer = buffer
        self.bufferBySKU = bufferBySKU
        self.thresholds = thresholds
        self.wholeUnits = wholeUnits
    }

    public func buffer(for sku: String) -> Quantity { bufferBySKU[sku] ?? buffer }
}

/// Limits on a single change, beyond which a person decides instead.
public struct Thresholds: Sendable, Hashable, Codable {
    /// The largest change of either side, in units, made without asking.
    public var absolute: Quantity?
    /// The largest change relative to the side's current quantity (0.5 = 50 %); applies when
    /// that quantity is above zero.
    public var relative: Ratio?
    /// The anomaly guard over the SKU's own history of changes; `nil` turns it off.
    public var anomaly: AnomalyRule?

    public init(absolute: Quantity? = nil, relative: Ratio? = nil, anomaly: AnomalyRule? = AnomalyRule()) {
        self.absolute = absolute
        self.relative = relative
        self.anomaly = anomaly
    }
}

/// A change is an anomaly when it lies further from the median of the SKU's past changes than
/// `factor` robust standard deviations (1.4826 × the median absolute deviation, at least one unit).
/// The guard waits until the SKU has `minimumHistory` past changes.
public struct AnomalyRule: Sendable, Hashable, Codable {
    public var minimumHistory: Int
    public var factor: Ratio

    public init(minimumHistory: Int = 6, factor: Ratio = Ratio(tenThousandths: 100_000)) {
        self.minimumHistory = minimumHistory
        self.factor = factor
    }
}

/// A non-negative ratio in fixed point, ten-thousandths: 0.5 is 5000. Parsed from `0.5` or `50%`.
public struct Ratio: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public var tenThousandths: Int64

    public init(tenThousandths: Int64) {
        self.tenThousandths = tenThousandths
    }

    public init(parsing text: some StringProtocol) throws(ScaledDecimal.Failure) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            // 50% = 0.5: four decimals of a ratio are two decimals of a percentage.
            let value = try ScaledDecimal.parse(trimmed.dropLast(), scale: 2).get()
            tenThousandths = value
        } else {
            tenThousandths = try ScaledDecimal.parse(trimmed, scale: 4).get()
        }
        guard tenThousandths >= 0 else { throw .notANumber }
    }

    public var description: String { ScaledDecimal.formatTrimmed(tenThousandths, scale: 4) }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool { lhs.tenThousandths < rhs.tenThousandths }

}

extension Ratio {
    public var codableText: String { description }

    public init(codableText: String) throws {
        try self.init(parsing: codableText)
    }
}
