/// A stock quantity in fixed point: a whole number of ten-thousandths of a unit, as Xero keeps
/// quantities with `unitdp=4`. Never a floating-point number.
public struct Quantity: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    /// Digits after the decimal point.
    public static let scale = 4
    /// Ten-thousandths in one unit.
    public static let ticksPerUnit: Int64 = 10_000
    /// The largest magnitude TrueUp accepts from any source: a trillion units. Anything larger is
    /// a corrupt or hostile value, and keeping inputs below it leaves room to add them without overflow.
    public static let limit = Quantity(ticks: 1_000_000_000_000 * ticksPerUnit)

    public static let zero = Quantity(ticks: 0)

    /// The value in ten-thousandths of a unit.
    public var ticks: Int64

    public init(ticks: Int64) {
        self.ticks = ticks
    }

    /// A whole number of units.
    public init(units: Int64) {
        self.ticks = units * Self.ticksPerUnit
    }

    /// Parses exact decimal text such as `"12"`, `"12.5"` or `"1.25e2"`, refusing more than four
    /// decimal places and magnitudes beyond ``limit``.
    public init(parsing text: some StringProtocol) throws(ScaledDecimal.Failure) {
        let ticks = try ScaledDecimal.parse(text, scale: Self.scale).get()
        guard ticks.magnitude <= Self.limit.ticks.magnitude else { throw .outOfRange }
        self.ticks = ticks
    }

    /// Whether the quantity is a whole number of units.
    public var isWhole: Bool { ticks % Self.ticksPerUnit == 0 }

    public var isNegative: Bool { ticks < 0 }

    public var magnitude: Quantity { Quantity(ticks: Int64(bitPattern: ticks.magnitude)) }

    /// Fixed-scale text with four decimals: `12.5000`, as reports print quantities.
    public var fixed: String { ScaledDecimal.format(ticks, scale: Self.scale) }

    /// Text without trailing zeros: `12.5`, `12`, as people type quantities.
    public var description: String { ScaledDecimal.formatTrimmed(ticks, scale: Self.scale) }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.ticks < rhs.ticks }

    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(ticks: lhs.ticks + rhs.ticks) }

    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(ticks: lhs.ticks - rhs.ticks) }

    public static prefix func - (value: Quantity) -> Quantity { Quantity(ticks: -value.ticks) }

    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs.ticks += rhs.ticks }

    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs.ticks -= rhs.ticks }

    /// `self + other`, or `nil` when the sum leaves the range an `Int64` of ticks can hold.
    public func adding(_ other: Quantity) -> Quantity? {
        let (sum, overflow) = ticks.addingReportingOverflow(other.ticks)
        return overflow ? nil : Quantity(ticks: sum)
    }

    /// `self - other`, or `nil` on overflow.
    public func subtracting(_ other: Quantity) -> Quantity? {
        let (difference, overflow) = ticks.subtractingReportingOverflow(other.ticks)
        return overflow ? nil : Quantity(ticks: difference)
    }

}

extension Quantity {
    /// Adds quantities, or returns `nil` if the running sum overflows.
    public static func sum(_ values: some Sequence<Quantity>) -> Quantity? {
        var total = Quantity.zero
        for value in values {
            guard let next = total.adding(value) else { return nil }
            total = next
        }
        return total
    }
}

extension Quantity {
    public var codableText: String { fixed }

    public init(codableText: String) throws {
        try self.init(parsing: codableText)
    }

    public static func describeFailure(text: String, error: any Error) -> String {
        "quantity \"\(text.prefix(40))\" \(error)"
    }
}
