import Foundation
import PropertyBased
import Testing
import TrueUpCore

@Suite("Period")
struct PeriodTests {
    static func zone(_ identifier: String) throws -> TimeZone { try #require(TimeZone(identifier: identifier)) }
    static func period(_ text: String) throws -> Period { try Period(parsing: text) }
    static func instant(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    @Test("Months 1...12 of years 1...9999 are periods; others are refused")
    func validation() throws {
        let period = try Period(year: 2026, month: 11)
        #expect((period.year, period.month) == (2026, 11))
        #expect(try Period(year: 1, month: 1).description == "0001-01")
        #expect(try Period(year: 9999, month: 12).description == "9999-12")
        for (year, month) in [(2026, 0), (2026, 13), (0, 5), (10000, 1), (2026, -1)] {
            #expect(throws: DateFormatError(text: "\(year)-\(month)", expected: "a month as YYYY-MM")) {
                try Period(year: year, month: month)
            }
        }
    }

    @Test("YYYY-MM is parsed and printed back")
    func parses() throws {
        #expect(try Self.period("2026-11") == (try Period(year: 2026, month: 11)))
        #expect(try Self.period("2026-01").description == "2026-01")
        #expect(try Self.period("0999-12").description == "0999-12")
    }

    @Test(
        "Parsing is strict about the form",
        arguments: [
            "", "2026", "2026-1", "26-11", "2026-011", "2026-11-01", "2026/11", "2026-11 ", " 2026-11", "2026-",
            "-2026-11", "2026-+1", "+026-11", "2026- 1", "2026-1a", "202６-11",
        ]
    )
    func refusesMalformed(text: String) {
        #expect(throws: DateFormatError(text: text, expected: "a month as YYYY-MM")) { try Period(parsing: text) }
    }

    @Test("Well-formed text that is not a month is refused", arguments: ["2026-13", "2026-00", "0000-01"])
    func refusesImpossible(text: String) {
        #expect(throws: DateFormatError.self) { try Period(parsing: text) }
    }

    @Test("The period containing an instant depends on the organisation's time zone")
    func containingInstant() throws {
        let instant = Self.instant(1_796_040_000)  // 2026-11-30T12:00:00Z
        #expect(Period(containing: instant, in: try Self.zone("Pacific/Auckland")).description == "2026-12")
        #expect(Period(containing: instant, in: try Self.zone("America/Los_Angeles")).description == "2026-11")
        #expect(Period(containing: instant, in: .gmt).description == "2026-11")
        #expect(try Self.period("2026-12").contains(instant, in: try Self.zone("Pacific/Auckland")))
        #expect(!(try Self.period("2026-12").contains(instant, in: try Self.zone("America/Los_Angeles"))))
        // New Year in Auckland while it is still the old year in UTC.
        let newYear = Self.instant(1_798_714_800)  // 2026-12-31T11:00:00Z = 2027-01-01T00:00 NZDT
        #expect(Period(containing: newYear, in: try Self.zone("Pacific/Auckland")).description == "2027-01")
        #expect(
            Period(containing: newYear.addingTimeInterval(-1), in: try Self.zone("Pacific/Auckland")).description
                == "2026-12")
    }

    @Test("The period containing a business date, and contains(_:) for dates")
    func containingDate() throws {
        let date = try LocalDate(iso: "2026-11-30")
        let period = Period(containing: date)
        #expect(period.description == "2026-11")
        #expect(period.contains(date))
        #expect(period.contains(try LocalDate(iso: "2026-11-01")))
        #expect(!period.contains(try LocalDate(iso: "2026-12-01")))
        #expect(!period.contains(try LocalDate(iso: "2025-11-15")))
    }

    @Test(
        "First and last days follow the month's length, with leap years",
        arguments: [
            ("2026-01", "2026-01-31"), ("2024-02", "2024-02-29"), ("2026-02", "2026-02-28"), ("1900-02", "1900-02-28"),
            ("2000-02", "2000-02-29"), ("2026-04", "2026-04-30"), ("2026-12", "2026-12-31"),
        ] as [(String, String)]
    )
    func days(period: String, lastDay: String) throws {
        let value = try Self.period(period)
        #expect(value.firstDay.description == "\(period)-01")
        #expect(value.lastDay.description == lastDay)
    }

    @Test("next and previous cross year ends")
    func stepping() throws {
        #expect(try Self.period("2026-12").next.description == "2027-01")
        #expect(try Self.period("2027-01").previous.description == "2026-12")
        #expect(try Self.period("2026-06").next.description == "2026-07")
        #expect(try Self.period("2026-06").previous.description == "2026-05")
        var period = try Self.period("2025-03")
        for _ in 0..<24 { period = period.next }
        #expect(period.description == "2027-03")
        for _ in 0..<24 { period = period.previous }
        #expect(period.description == "2025-03")
    }

    @Test("Periods order by year then month")
    func ordering() throws {
        let periods = try ["2026-11", "2025-12", "2026-02"].map { try Self.period($0) }
        #expect(periods.sorted().map(\.description) == ["2025-12", "2026-02", "2026-11"])
        #expect(try Self.period("2026-12") < Self.period("2026-12").next)
    }

    @Test(
        "Start and end are local midnights in Pacific/Auckland, across daylight saving changes",
        arguments: [
            // NZDT (+13) all month.
            ("2026-11", 1_793_444_400, 1_796_036_400),
            // Starts in NZDT; daylight saving ends on 5 April, so the month ends at NZST (+12) midnight.
            ("2026-04", 1_774_954_800, 1_777_550_400),
            // Starts in NZST; daylight saving starts on 27 September.
            ("2026-09", 1_788_177_600, 1_790_766_000),
        ] as [(String, Int, Int)]
    )
    func aucklandBounds(period: String, start: Int, end: Int) throws {
        let zone = try Self.zone("Pacific/Auckland")
        let value = try Self.period(period)
        #expect(value.start(in: zone) == Self.instant(start))
        #expect(value.end(in: zone) == Self.instant(end))
        #expect(value.end(in: zone) == value.next.start(in: zone))
    }

    @Test("Start and end in UTC and Los Angeles")
    func otherBounds() throws {
        let period = try Self.period("2026-11")
        #expect(period.start(in: .gmt) == Self.instant(1_793_491_200))  // 2026-11-01T00:00Z
        #expect(period.end(in: .gmt) == Self.instant(1_796_083_200))  // 2026-12-01T00:00Z
        // PDT (−7) on 1 November at midnight; PST (−8) from 2am that day.
        let losAngeles = try Self.zone("America/Los_Angeles")
        #expect(period.start(in: losAngeles) == Self.instant(1_793_516_400))  // 2026-11-01T07:00Z
        #expect(period.end(in: losAngeles) == Self.instant(1_796_112_000))  // 2026-12-01T08:00Z
    }

    static let periods = zip(Gen.int(in: 1900...2200), Gen.int(in: 1...12)).compactMap {
        try? Period(year: $0, month: $1)
    }
    static let zones = [
        "Pacific/Auckland", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "UTC",
    ]

    @Test("A month's start is inside it, its end is the next month's start, and the instant before the end is inside")
    func boundsProperty() async throws {
        await propertyCheck(count: 500, input: Self.periods, Gen.element(of: Self.zones)) { period, identifier in
            let zone = try Self.zone(try #require(identifier))
            let start = period.start(in: zone)
            let end = period.end(in: zone)
            #expect(period.contains(start, in: zone))
            #expect(!period.contains(start.addingTimeInterval(-1), in: zone))
            #expect(period.contains(end.addingTimeInterval(-1), in: zone))
            #expect(!period.contains(end, in: zone))
            #expect(Period(containing: end, in: zone) == period.next)
            #expect(Period(containing: start.addingTimeInterval(-1), in: zone) == period.previous)
            // A month is 28 to 31 days long, give or take a daylight-saving hour.
            let days = end.timeIntervalSince(start) / 86_400
            #expect(days > 27.9 && days < 31.1)
            #expect(period.next.previous == period)
            #expect(try Period(parsing: period.description) == period)
        }
    }

    @Test("Encodes as \"YYYY-MM\" and decodes strictly")
    func codable() throws {
        let period = try Self.period("2026-11")
        #expect(String(decoding: try JSONEncoder().encode([period]), as: UTF8.self) == #"["2026-11"]"#)
        #expect(
            try JSONDecoder().decode([Period].self, from: Data(#"["2026-11","0001-01"]"#.utf8)).map(\.description) == [
                "2026-11", "0001-01",
            ])
        for bad in [#""2026-13""#, #""2026-1""#, #""2026-11-01""#, "202611"] {
            #expect(throws: DecodingError.self, "\(bad)") {
                try JSONDecoder().decode(Period.self, from: Data(bad.utf8))
            }
        }
    }
}
