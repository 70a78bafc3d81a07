public import Foundation

/// A date as Xero's JSON carries it: `/Date(1439434356790)/` or `/Date(1419937200000+1300)/`
/// (milliseconds since 1970 UTC, optionally with the offset of the local time it stood for),
/// or ISO 8601 text such as `2026-11-20T10:15:00` (UTC) in the `…DateString` twins.
public struct XeroDate: Sendable, Hashable {
    /// The moment, in UTC.
    public let instant: Date
    /// The offset east of UTC, in minutes, when the text carried one.
    public let offsetMinutes: Int?

    public init(instant: Date, offsetMinutes: Int? = nil) {
        self.instant = instant
        self.offsetMinutes = offsetMinutes
    }

    /// Parses either form, or throws naming the text.
    public init(parsing text: some StringProtocol) throws(DateFormatError) {
        if text.hasPrefix("/Date(") {
            self = try Self.parseMicrosoftDate(text)
        } else {
            self = try Self.parseISO(text)
        }
    }

    /// The calendar date the value stands for: the date at the carried offset, else in UTC.
    /// Xero writes business dates (an invoice's `Date`) as midnight of that date.
    public var localDate: LocalDate {
        let offset = TimeInterval((offsetMinutes ?? 0) * 60)
        return LocalDate(instant.addingTimeInterval(offset), in: .gmt)
    }

    /// The milliseconds since 1970 UTC, as Xero writes them.
    public var millisecondsSince1970: Int64 { Int64((instant.timeIntervalSince1970 * 1000).rounded()) }

    private static func parseMicrosoftDate(_ text: some StringProtocol) throws(DateFormatError) -> XeroDate {
        let failure = DateFormatError(text: String(text), expected: "a Xero date such as /Date(1439434356790+0000)/")
        guard text.hasSuffix(")/") else { throw failure }
        let inner = text.dropFirst("/Date(".count).dropLast(")/".count)
        guard !inner.isEmpty else { throw failure }
        // The sign of the offset is the first + or - after the first character (which may be a minus).
        let body = inner.dropFirst()
        let offsetStart = body.firstIndex(where: { $0 == "+" || $0 == "-" })
        let millisText = offsetStart.map { inner[inner.startIndex..<$0] } ?? inner[...]
        guard let millis = Int64(millisText), millis.magnitude <= 253_402_300_799_999 else { throw failure }
        var offsetMinutes: Int?
        if let offsetStart {
            let offsetText = inner[offsetStart...]
            guard offsetText.count == 5, offsetText.utf8.dropFirst().allSatisfy({ (48...57).contains($0) }),
                let hhmm = Int(offsetText.dropFirst()), hhmm % 100 < 60, hhmm <= 1400
            else { throw failure }
            let minutes = (hhmm / 100) * 60 + hhmm % 100
            offsetMinutes = offsetText.hasPrefix("-") ? -minutes : minutes
        }
        return XeroDate(instant: Date(timeIntervalSince1970: TimeInterval(millis) / 1000), offsetMinutes: offsetMinutes)
    }

    private static func parseISO(_ text: some StringProtocol) throws(DateFormatError) -> XeroDate {
        guard let instant = ISOTimestamp.parse(text) else {
            throw DateFormatError(text: String(text), expected: "a Xero date such as 2026-11-20T10:15:00")
        }
        return XeroDate(instant: instant)
    }
}

/// Parses the timestamp forms the APIs send: `2026-11-20T10:15:00`, with optional fractional
/// seconds, `Z` or `±hh:mm`; and Magento's `2026-11-20 10:15:00`. Text without an offset is UTC.
public enum ISOTimestamp {
    public static func parse(_ text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + length] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            hour < 24, minute < 60, second < 61,
            let date = try? LocalDate(year: year, month: month, day: day)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: "Z"), index + 1 == bytes.count {
                index += 1
            } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard bytes.count == index + 6, bytes[index + 3] == UInt8(ascii: ":"),
                    let hours = number(index + 1, 2), let minutes = number(index + 4, 2), hours <= 14, minutes < 60
                else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
                index += 6
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = daysSinceEpoch(date)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    /// `2026-11-20T10:15:00Z`: UTC, whole seconds.
    public static func format(_ instant: Date) -> String {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = civilDate(fromDays: Int(days))
        return "\(date)T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// Days from 1970-01-01 to `date` (Howard Hinnant's days_from_civil).
    static func daysSinceEpoch(_ date: LocalDate) -> Int {
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let monthIndex = date.month > 2 ? date.month - 3 : date.month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDays days: Int) -> LocalDate {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (try? LocalDate(year: year, month: month, day: day))
            ?? LocalDate(Date(timeIntervalSince1970: 0), in: .gmt)
    }
}
