import Foundation
import TrueUpCore

/// A column's value as MySQL compares and sorts it: NULL first, then numbers by value (exactly,
/// to 8 decimals), timestamps by instant, and text as Magento's default collation
/// (utf8mb4_general_ci) orders it, ignoring the case of ASCII letters.
enum MagentoValue {
    case null
    case number(Int64)
    /// A `2026-11-20 18:40:00` timestamp, as seconds since 1970 (UTC).
    case timestamp(Int64)
    case text(String)

    static let scale = 8

    init(_ json: JSONValue?) {
        switch json {
        case nil, .null?, .array?, .object?: self = .null
        case .bool(let flag)?: self = .number(flag ? ExactDecimal.power(Self.scale) : 0)
        case .number(let text)?: self = ExactDecimal.parse(text, scale: Self.scale).map(Self.number) ?? .text(text)
        case .string(let text)?:
            if Self.isTimestamp(text), let instant = ISOTimestamp.parse(text) {
                self = .timestamp(Int64(instant.timeIntervalSince1970))
            } else {
                self = .text(text)
            }
        }
    }

    static func order(_ left: MagentoValue, _ right: MagentoValue) -> ComparisonResult {
        switch (left, right) {
        case (.number(let a), .number(let b)), (.timestamp(let a), .timestamp(let b)): compare(a, b)
        case (.text(let a), .text(let b)): folded(a, b)
        default: compare(left.rank, right.rank)
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .number: 1
        case .timestamp: 2
        case .text: 3
        }
    }

    static func compare<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
        a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }

    /// Orders text byte by byte with ASCII letters folded to lower case, without allocating.
    static func folded(_ left: String, _ right: String) -> ComparisonResult {
        var a = left.utf8.makeIterator()
        var b = right.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return .orderedSame
            case (nil, _): return .orderedAscending
            case (_, nil): return .orderedDescending
            case (let x?, let y?):
                let p = fold(x)
                let q = fold(y)
                if p != q { return p < q ? .orderedAscending : .orderedDescending }
            }
        }
    }

    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// Whether text is a timestamp as Magento writes one: `2026-11-20 18:40:00`.
    static func isTimestamp(_ text: String) -> Bool {
        var offset = 0
        for byte in text.utf8 {
            switch offset {
            case 4, 7: if byte != UInt8(ascii: "-") { return false }
            case 10: if byte != UInt8(ascii: " ") { return false }
            case 13, 16: if byte != UInt8(ascii: ":") { return false }
            case 19: return false
            default: if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { return false }
            }
            offset += 1
        }
        return offset == 19
    }
}
