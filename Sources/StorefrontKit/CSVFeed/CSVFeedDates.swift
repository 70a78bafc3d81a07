import Foundation
import TrueUpCore

/// Reads time cells into instants, never guessing a timezone.
///
/// An ISO 8601 time with a UTC offset (`2026-11-19T10:15:00+01:00`, `+0100`, `Z`; `T` or a space
/// before the hour) is read as it says. A time the feed's `date_format` reads comes next, then an
/// ISO 8601 local time (`2026-11-19T10:15:00`) or date (`2026-11-19`, its midnight): these are
/// placed in the feed's `timezone`, and are a problem when none is set.
struct CSVFeedDates {
    private let zone: TimeZone?
    private let format: String?
    private let formatter: DateFormatter?

    init(settings: CSVFeedSettings) {
        zone = settings.timeZone.flatMap(TimeZone.init(identifier:))
        format = settings.dateFormat
        if let pattern = settings.dateFormat, zone != nil || Self.patternHasZone(pattern) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = zone ?? TimeZone(secondsFromGMT: 0)
            formatter.isLenient = false
            formatter.dateFormat = pattern
            self.formatter = formatter
        } else {
            formatter = nil
        }
    }

    /// The instant in `text`, or what is wrong with it.
    func parse(_ text: String) -> Result<Date, CSVFeedCellError> {
        guard !text.isEmpty else { return .failure(CSVFeedCellError("is empty")) }
        if let withOffset = Self.withUTCOffset(text) {
            if let instant = ISOTimestamp.parse(withOffset) { return .success(instant) }
            return .failure(CSVFeedCellError("is not a time such as 2026-11-19T10:15:00+01:00"))
        }
        if let formatter, let instant = formatter.date(from: text) { return .success(instant) }
        if let local = Self.localReading(text) {
            guard let zone else {
                return .failure(
                    CSVFeedCellError(
                        "has no UTC offset: set timezone in the feed settings (such as Europe/Berlin), or export "
                            + "times with their offset, such as 2026-11-19T10:15:00+01:00"))
            }
            return .success(Self.place(local, in: zone))
        }
        let expected = format.map { " or in the date_format \($0)" } ?? ""
        return .failure(CSVFeedCellError("is not a time such as 2026-11-19T10:15:00+01:00\(expected)"))
    }

    /// Whether a date pattern has a zone field (`Z`, `X`, `x`, `O`, `z`, `v`, `V`) outside quotes.
    static func patternHasZone(_ pattern: String) -> Bool {
        var quoted = false
        for character in pattern {
            if character == "'" {
                quoted.toggle()
            } else if !quoted, "ZXxOzvV".contains(character) {
                return true
            }
        }
        return false
    }

    /// ISO 8601 date-time text that ends in `Z` or a `±hh:mm` offset, with a `±hhmm` offset
    /// rewritten as `±hh:mm`; `nil` for text with no offset.
    private static func withUTCOffset(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count > 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") else { return nil }
        if bytes[bytes.count - 1] == UInt8(ascii: "Z") { return text }
        func isSign(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let count = bytes.count
        if count >= 25, isSign(bytes[count - 6]), bytes[count - 3] == UInt8(ascii: ":") { return text }
        if count >= 24, isSign(bytes[count - 5]), bytes[count - 4..<count].allSatisfy(isDigit) {
            return String(decoding: bytes[..<(count - 2)] + [UInt8(ascii: ":")] + bytes[(count - 2)...], as: UTF8.self)
        }
        return nil
    }

    /// An ISO 8601 local date-time or date as if it were UTC.
    private static func localReading(_ text: String) -> Date? {
        if text.utf8.count == 10 { return ISOTimestamp.parse(text + "T00:00:00") }
        return ISOTimestamp.parse(text)
    }

    /// The instant at which the clocks of `zone` show what `reading` shows in UTC.
    private static func place(_ reading: Date, in zone: TimeZone) -> Date {
        let first = reading.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: reading)))
        return reading.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: first)))
    }
}
