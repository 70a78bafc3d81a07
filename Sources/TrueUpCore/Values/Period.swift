public import Foundation

/// A calendar month in the Xero organisation's timezone, written `YYYY-MM`: the unit of a
/// month-end close.
public struct Period: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) throws(DateFormatError) {
        guard (1...9999).contains(year), (1...12).contains(month) else {
            throw DateFormatError(text: "\(year)-\(month)", expected: "a month as YYYY-MM")
        }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init(parsing text: some StringProtocol) throws(DateFormatError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || (48...57).contains($0) }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { throw DateFormatError(text: String(text), expected: "a month as YYYY-MM") }
        try self.init(year: year, month: month)
    }

    /// The month that `instant` falls in, in `timeZone`.
    public init(containing instant: Date, in timeZone: TimeZone) {
        let date = LocalDate(instant, in: timeZone)
        self.year = date.year
        self.month = date.month
    }

    /// The month a business date belongs to.
    public init(containing date: LocalDate) {
        self.year = date.year
        self.month = date.month
    }

    public var firstDay: LocalDate {
        // A Period is always a valid month, so its first day is a valid date.
        (try? LocalDate(year: year, month: month, day: 1)) ?? LocalDate(Date(timeIntervalSince1970: 0), in: .gmt)
    }

    public var lastDay: LocalDate {
        let day = LocalDate.daysIn(month: month, year: year)
        return (try? LocalDate(year: year, month: month, day: day)) ?? firstDay
    }

    public var next: Period {
        month == 12 ? Period(unchecked: year + 1, 1) : Period(unchecked: year, month + 1)
    }

    public var previous: Period {
        month == 1 ? Period(unchecked: year - 1, 12) : Period(unchecked: year, month - 1)
    }

    /// Whether a business date falls in this month.
    public func contains(_ date: LocalDate) -> Bool { date.year == year && date.month == month }

    /// Whether an instant falls in this month, as seen in `timeZone`.
    public func contains(_ instant: Date, in timeZone: TimeZone) -> Bool {
        Period(containing: instant, in: timeZone) == self
    }

    /// The first instant of the month in `timeZone` (inclusive).
    public func start(in timeZone: TimeZone) -> Date { Self.midnight(firstDay, in: timeZone) }

    /// The first instant of the next month in `timeZone` (exclusive end).
    public func end(in timeZone: TimeZone) -> Date { next.start(in: timeZone) }

    public var description: String { "\(pad(year, 4))-\(pad(month, 2))" }

    public static func < (lhs: Period, rhs: Period) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }

    private init(unchecked year: Int, _ month: Int) {
        self.year = year
        self.month = month
    }

    private static func midnight(_ date: LocalDate, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }
}

extension Period {
    public var codableText: String { description }

    public init(codableText: String) throws {
        try self.init(parsing: codableText)
    }
}
