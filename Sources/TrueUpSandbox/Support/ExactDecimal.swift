import TrueUpCore

/// Exact decimal arithmetic on integers at a fixed scale, for the amounts the sandbox computes
/// the way Xero does: line amounts at 2 dp from a 4-dp quantity and unit amount, tax per line at
/// 2 dp, average cost at 2 dp. Rounding is half away from zero. Nothing goes through `Double`.
enum ExactDecimal {
    /// The finest scale read from input; finer digits are refused rather than guessed.
    static let inputScale = 8

    /// Parses decimal text (`12`, `12.345`, `1e2`) and rounds it to `scale` digits, or `nil` when
    /// the text is not a number, has more than ``inputScale`` decimals, or is too large.
    static func parse(_ text: some StringProtocol, scale: Int) -> Int64? {
        guard case .success(let fine) = ScaledDecimal.parse(text, scale: inputScale) else { return nil }
        return rescale(fine, from: inputScale, to: scale)
    }

    /// A JSON number or numeric string at `scale`; `.absent` when missing or null.
    static func read(_ value: JSONValue?, scale: Int) -> Reading {
        switch value {
        case nil, .null?: return .absent
        case .number(let text)?: return parse(text, scale: scale).map(Reading.value) ?? .invalid(text)
        case .string(let text)?: return parse(text, scale: scale).map(Reading.value) ?? .invalid("\"\(text)\"")
        case let other?: return .invalid(other.preview)
        }
    }

    enum Reading: Equatable {
        case absent
        case value(Int64)
        case invalid(String)

        var value: Int64? {
            if case .value(let number) = self { return number }
            return nil
        }
    }

    /// Plain decimal text with exactly `scale` fraction digits.
    static func format(_ value: Int64, scale: Int) -> String { ScaledDecimal.format(value, scale: scale) }

    /// A JSON number with exactly `scale` fraction digits.
    static func number(_ value: Int64, scale: Int) -> JSONValue { .number(format(value, scale: scale)) }

    /// Changes the scale of a value, rounding half away from zero when digits are dropped.
    static func rescale(_ value: Int64, from: Int, to: Int) -> Int64? {
        if to == from { return value }
        if to > from {
            let (result, overflow) = value.multipliedReportingOverflow(by: power(to - from))
            return overflow ? nil : result
        }
        return ScaledDecimal.multiplyDivide(value, 1, power(from - to))
    }

    static func power(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
