import Foundation
import TrueUpCore

/// How Magento writes values in JSON, and small readers for the records the sandbox keeps.
enum MagentoJSON {
    /// `2026-11-20 18:40:00`: Magento's timestamps, in UTC without a zone.
    static func timestamp(_ instant: Date) -> String {
        var text = ISOTimestamp.format(instant)
        text.removeLast()  // the `Z`
        return text.replacingOccurrences(of: "T", with: " ")
    }

    /// A quantity as Magento prints a decimal(12,4) it casts to float: `2`, `2.5`.
    static func quantity(_ value: Quantity) -> JSONValue { .number(value.description) }

    /// An amount in minor units, with the currency's number of decimals: `83.70`.
    static func money(_ minorUnits: Int64, exponent: Int) -> JSONValue {
        .number(ExactDecimal.format(minorUnits, scale: exponent))
    }

    static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A quantity member (a JSON number or numeric string); zero when absent or unreadable.
    static func quantity(_ value: JSONValue?) -> Quantity {
        switch value {
        case .number(let text)?, .string(let text)?: (try? Quantity(parsing: text)) ?? .zero
        default: .zero
        }
    }

    /// An amount member in minor units at `exponent` decimals; zero when absent or unreadable.
    static func money(_ value: JSONValue?, exponent: Int) -> Int64 {
        ExactDecimal.read(value, scale: exponent).value ?? 0
    }

    /// An integer identifier (a JSON number or numeric string), or `nil`.
    static func identifier(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let text)?, .string(let text)?: Int(text)
        default: nil
        }
    }

    /// The text an identifier is indexed by: `311` for both `311` and `"311"`.
    static func key(_ value: JSONValue?) -> String? {
        switch value {
        case .number(let text)?, .string(let text)?: text
        default: nil
        }
    }

    /// `000000312`: an increment id, nine digits as Magento's default sequence writes them.
    static func incrementID(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }
}
