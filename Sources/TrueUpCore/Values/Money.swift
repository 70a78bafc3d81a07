/// An amount of money: a whole number of the currency's minor units (cents, fils, yen) and the
/// currency. Never a floating-point number, and never decoded through one.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in minor units: 1250 for USD 12.50, 1250 for JPY 1250, 1250 for BHD 1.250.
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses exact decimal text in `currency`, refusing more decimal places than the currency has.
    public init(parsing text: some StringProtocol, currency: Currency) throws(ScaledDecimal.Failure) {
        self.minorUnits = try ScaledDecimal.parse(text, scale: currency.exponent).get()
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    /// The amount as plain decimal text at the currency's scale, `12.50`, without the code.
    public var amount: String { ScaledDecimal.format(minorUnits, scale: currency.exponent) }

    /// `12.50 USD`.
    public var description: String { "\(amount) \(currency.code)" }

    /// The sum, or `nil` when the currencies differ or the sum overflows.
    public func adding(_ other: Money) -> Money? {
        guard currency == other.currency else { return nil }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum, currency: currency)
    }

    private enum CodingKeys: String, CodingKey {
        case amount, currency
    }

    /// Encodes as `{"amount": "12.50", "currency": "USD"}`: exact text, never a JSON float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(Currency.self, forKey: .currency)
        let text = try container.decode(String.self, forKey: .amount)
        do {
            try self.init(parsing: text, currency: currency)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container, debugDescription: "amount \"\(text)\" \(error.description)")
        }
    }
}

/// A price per unit with four decimal places, as Xero keeps `UnitAmount` with `unitdp=4`.
public struct UnitPrice: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let scale = 4

    /// The price in ten-thousandths of the currency's major unit.
    public var ticks: Int64
    public var currency: Currency

    public init(ticks: Int64, currency: Currency) {
        self.ticks = ticks
        self.currency = currency
    }

    public init(parsing text: some StringProtocol, currency: Currency) throws(ScaledDecimal.Failure) {
        self.ticks = try ScaledDecimal.parse(text, scale: Self.scale).get()
        self.currency = currency
    }

    public var amount: String { ScaledDecimal.format(ticks, scale: Self.scale) }

    public var description: String { "\(amount) \(currency.code)" }
}
