import Foundation
import TrueUpCore

/// How the state database writes times: UTC ISO 8601 text for times people read, milliseconds
/// since 1970 for snapshot instants.
enum StoreTime {
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let whole = ISOTimestamp.format(Date(timeIntervalSince1970: TimeInterval(milliseconds.floorDivided(by: 1000))))
        let fraction = milliseconds - milliseconds.floorDivided(by: 1000) * 1000
        let padded =
            String(fraction).count == 3
            ? String(fraction) : String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        return whole.dropLast() + "." + padded + "Z"
    }

    static func date(_ text: String) -> Date? { ISOTimestamp.parse(text) }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
