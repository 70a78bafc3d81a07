public import Foundation

/// A calendar date with no time and no timezone of its own: an invoice date, a payment date.
/// Business dates belong to the Xero organisation's timezone; ``init(_:in:)`` says which.
public struct LocalDate: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid Gregorian date, or throws naming the text.
    public init(year: Int, month: Int, day: Int) throws(DateFormatError) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else {
            throw DateFormatError(text: "\(year)-\(month)-\(day)", expected: "a real calendar date")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init(iso text: some StringProtocol) throws(DateFormatError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw DateFormatError(text: String(text), expected: "a date as YYYY-MM-DD") }
        try self.init(year: year, month: month, day: day)
    }

    /// The date an instant falls on in `timeZone`, on the proleptic Gregorian calendar like
    /// ``init(year:month:day:)`` and ``ISOTimestamp`` (Foundation's calendar turns Julian before 1582,
    /// which made 0001-01-01T00:00Z the 3rd of January). Instants outside years 1...9999 are clamped.
    public init(_ instant: Date, in timeZone: TimeZone) {
        let seconds = instant.timeIntervalSince1970 + TimeInterval(timeZone.secondsFromGMT(for: instant))
        let days = min(max((seconds / 86_400).rounded(.down), -719_162), 2_932_896)
        self = ISOTimestamp.civilDate(fromDays: days.isNaN ? 0 : Int(days))
    }

    /// `YYYY-MM-DD`, the form Xero accepts on writes and reports print.
    public var description: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// Text that is not a date or time in the expected form.
public struct DateFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let expected: String

    public init(text: String, expected: String) {
        self.text = text
        self.expected = expected
    }

    public var description: String { "\"\(text.prefix(64))\" is not \(expected)" }
}

extension LocalDate {
    public var codableText: String { description }

    public init(codableText: String) throws {
        try self.init(iso: codableText)
    }
}

extension LocalDate {
    /// Days since 1970-01-01: what date windows and date buckets count in.
    public var dayNumber: Int { ISOTimestamp.daysSinceEpoch(self) }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        self = ISOTimestamp.civilDate(fromDays: dayNumber)
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }
}
