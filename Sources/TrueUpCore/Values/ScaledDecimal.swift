/// Exact conversion between decimal text and integers at a fixed scale.
///
/// `ScaledDecimal.parse("12.5", scale: 4)` is `125000`. Nothing goes through `Double`: JSON numbers
/// and numeric strings are read digit by digit, so `0.1` is exactly one tenth and a value that would
/// lose digits at the requested scale is refused instead of rounded.
public enum ScaledDecimal {
    /// Why a text is not an exact decimal at the requested scale.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notANumber
        case tooPrecise(scale: Int)
        case outOfRange

        public var description: String {
            switch self {
            case .notANumber: "is not a decimal number"
            case .tooPrecise(let scale): "has more than \(scale) decimal places"
            case .outOfRange: "is too large"
            }
        }
    }

    /// Parses decimal text (`-12`, `12.50`, `1e3`, `1.5E-2`) into an integer count of `10^-scale` units.
    ///
    /// Leading `+`, exponents and trailing zeros are accepted; `NaN`, `Infinity`, hex, empty text,
    /// a lone sign or point, and digits beyond `scale` that are not zero are refused.
    public static func parse(_ text: some StringProtocol, scale: Int) -> Result<Int64, Failure> {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0), scale: scale) }
    }

    /// Parses the UTF-8 bytes of a decimal number. See ``parse(_:scale:)``.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, scale: Int) -> Result<Int64, Failure> {
        var index = 0
        let count = bytes.count
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // Significant digits, with the position of the decimal point counted in `pointShift`.
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        var sawDigit = false
        var fractionDigits = 0
        while index < count, isDigit(bytes[index]) {
            appendDigit(bytes[index], to: &digits)
            sawDigit = true
            index += 1
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, isDigit(bytes[index]) {
                appendDigit(bytes[index], to: &digits)
                fractionDigits += 1
                sawDigit = true
                index += 1
            }
        }
        guard sawDigit else { return .failure(.notANumber) }
        var exponent = 0
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var sawExponentDigit = false
            while index < count, isDigit(bytes[index]) {
                sawExponentDigit = true
                // Exponents beyond a few hundred can only overflow or vanish; cap to stay in Int.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- 48) }
                index += 1
            }
            guard sawExponentDigit else { return .failure(.notANumber) }
            if exponentNegative { exponent = -exponent }
        }
        guard index == count else { return .failure(.notANumber) }

        // value = digits × 10^(exponent − fractionDigits); at `scale`: digits × 10^shift.
        let shift = exponent - fractionDigits + scale
        var significant = digits[...]
        if shift < 0 {
            // The last −shift digits fall below the scale: they must all be zero.
            let dropped = -shift
            if dropped >= significant.count {
                return significant.allSatisfy({ $0 == 0 }) ? .success(0) : .failure(.tooPrecise(scale: scale))
            }
            let cut = significant.endIndex - dropped
            guard significant[cut...].allSatisfy({ $0 == 0 }) else { return .failure(.tooPrecise(scale: scale)) }
            significant = significant[..<cut]
        }
        var magnitude: UInt64 = 0
        for digit in significant {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return .failure(.outOfRange) }
            magnitude = sum
        }
        if shift > 0, magnitude != 0 {
            for _ in 0..<shift {
                let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow else { return .failure(.outOfRange) }
                magnitude = times10
            }
        }
        guard magnitude <= UInt64(Int64.max) else { return .failure(.outOfRange) }
        let value = Int64(magnitude)
        return .success(negative ? -value : value)
    }

    /// Formats an integer count of `10^-scale` units as plain decimal text with exactly `scale`
    /// fraction digits: `format(125000, scale: 4)` is `"12.5000"`.
    public static func format(_ value: Int64, scale: Int) -> String {
        // Digit by digit into the string's own storage: reports format millions of these, and
        // building them by interpolation cost more than writing the rest of the report.
        let scale = max(0, scale)
        guard scale <= 18 else { return formatByInterpolation(value, scale: scale) }
        let negative = value < 0
        let magnitude = value.magnitude
        let divisor = pow10(scale)
        var whole = magnitude / divisor
        var fraction = magnitude % divisor
        var wholeDigits = 1
        var rest = whole
        while rest >= 10 {
            rest /= 10
            wholeDigits += 1
        }
        let length = (negative ? 1 : 0) + wholeDigits + (scale > 0 ? scale + 1 : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var index = length
            if scale > 0 {
                for _ in 0..<scale {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0") + UInt8(fraction % 10)
                    fraction /= 10
                }
                index -= 1
                buffer[index] = UInt8(ascii: ".")
            }
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(whole % 10)
                whole /= 10
            } while whole > 0
            if negative { buffer[0] = UInt8(ascii: "-") }
            return length
        }
    }

    /// ``format(_:scale:)`` for scales whose power of ten does not fit a `UInt64`.
    private static func formatByInterpolation(_ value: Int64, scale: Int) -> String {
        let magnitude = value.magnitude
        let sign = value < 0 ? "-" : ""
        let divisor = pow10(scale)
        let whole = magnitude / divisor
        let fraction = String(magnitude % divisor)
        let padding = String(repeating: "0", count: max(0, scale - fraction.count))
        return "\(sign)\(whole).\(padding)\(fraction)"
    }

    /// Formats like ``format(_:scale:)`` but without trailing fraction zeros: `"12.5"`, `"12"`.
    public static func formatTrimmed(_ value: Int64, scale: Int) -> String {
        var text = format(value, scale: scale)
        guard scale > 0 else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func pow10(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result &*= 10 }
        return result
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func appendDigit(_ byte: UInt8, to digits: inout [UInt8]) {
        let digit = byte &- UInt8(ascii: "0")
        // Leading zeros carry no value; dropping them keeps long zero-padded inputs cheap.
        if digits.isEmpty, digit == 0 { return }
        digits.append(digit)
    }

    /// `a × b ÷ d` rounded half away from zero, computed at full width so that the product may
    /// exceed `Int64`; `nil` when `d` is zero or the result does not fit.
    public static func multiplyDivide(_ a: Int64, _ b: Int64, _ d: Int64) -> Int64? {
        guard d != 0 else { return nil }
        let negative = ((a < 0) != (b < 0)) != (d < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = d.magnitude
        guard product.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var rounded = quotient
        if remainder >= divisor - remainder { rounded += 1 }
        guard rounded <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(rounded) : Int64(rounded)
    }
}
