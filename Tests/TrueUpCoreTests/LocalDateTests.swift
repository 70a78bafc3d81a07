import Foundation
import PropertyBased
import Testing
import TrueUpCore

@Suite("LocalDate")
struct LocalDateTests {
    static func zone(_ identifier: String) throws -> TimeZone { try #require(TimeZone(identifier: identifier)) }

    @Test(
        "Real calendar dates are accepted, including Feb 29 in leap years",
        arguments: [
            (2024, 2, 29), (2000, 2, 29), (1600, 2, 29), (2400, 2, 29), (2026, 2, 28), (2026, 1, 31), (2026, 4, 30),
            (2026, 12, 31), (1, 1, 1), (9999, 12, 31), (1900, 2, 28),
        ] as [(Int, Int, Int)]
    )
    func valid(year: Int, month: Int, day: Int) throws {
        let date = try LocalDate(year: year, month: month, day: day)
        #expect((date.year, date.month, date.day) == (year, month, day))
    }

    @Test(
        "Dates that do not exist are refused, including Feb 29 in 1900 and 2100",
        arguments: [
            (1900, 2, 29), (2100, 2, 29), (2023, 2, 29), (2026, 2, 30), (2026, 4, 31), (2026, 6, 31), (2026, 9, 31),
            (2026, 11, 31), (2026, 1, 32), (2026, 1, 0), (2026, 0, 1), (2026, 13, 1), (0, 1, 1), (10000, 1, 1),
            (-1, 1, 1), (2026, -1, 1), (2026, 1, -1),
        ] as [(Int, Int, Int)]
    )
    func invalid(year: Int, month: Int, day: Int) {
        #expect(throws: DateFormatError(text: "\(year)-\(month)-\(day)", expected: "a real calendar date")) {
            try LocalDate(year: year, month: month, day: day)
        }
    }

    @Test("The error says which text is not a date")
    func errorMessage() {
        #expect(
            DateFormatError(text: "2023-2-29", expected: "a real calendar date").description
                == #""2023-2-29" is not a real calendar date"#)
        let long = String(repeating: "x", count: 100)
        #expect(DateFormatError(text: long, expected: "a date").description == "\"\(long.prefix(64))\" is not a date")
    }

    @Test(
        "ISO text YYYY-MM-DD is parsed",
        arguments: [
            ("2026-11-20", 2026, 11, 20), ("2000-02-29", 2000, 2, 29), ("0001-01-01", 1, 1, 1),
            ("9999-12-31", 9999, 12, 31),
        ]
            as [(String, Int, Int, Int)]
    )
    func parsesISO(text: String, year: Int, month: Int, day: Int) throws {
        let date = try LocalDate(iso: text)
        #expect(date == (try LocalDate(year: year, month: month, day: day)))
        #expect(date.description == text)
    }

    @Test(
        "ISO parsing is strict about the form",
        arguments: [
            "", "2026-11-2", "2026-1-20", "26-11-20", "02026-11-20", "2026-011-20", "2026/11/20", "20261120",
            "2026-11-20T00:00:00", "2026-11-20 ", " 2026-11-20", "2026-11-", "-2026-11-20", "2026-11-20-",
            "2026-1a-05", "2026-+1-05", "2026-11-+5", "+026-11-20", "2026- 1-05", "２０２６-11-20",
        ]
    )
    func refusesMalformedISO(text: String) {
        #expect(throws: DateFormatError(text: text, expected: "a date as YYYY-MM-DD")) { try LocalDate(iso: text) }
    }

    @Test(
        "ISO text that is well formed but not a real date is refused as such",
        arguments: [
            ("2026-02-30", "2026-2-30"), ("1900-02-29", "1900-2-29"), ("2026-13-01", "2026-13-1"),
            ("0000-01-01", "0-1-1"),
        ]
    )
    func refusesImpossibleISO(text: String, reported: String) {
        #expect(throws: DateFormatError(text: reported, expected: "a real calendar date")) { try LocalDate(iso: text) }
    }

    @Test("description pads the year, month and day")
    func description() throws {
        #expect(try LocalDate(year: 5, month: 1, day: 2).description == "0005-01-02")
        #expect(try LocalDate(year: 2026, month: 11, day: 9).description == "2026-11-09")
    }

    @Test("Dates order by year, then month, then day")
    func ordering() throws {
        let dates = try ["2026-11-20", "2025-12-31", "2026-01-01", "2026-11-02"].map { try LocalDate(iso: $0) }
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-01-01", "2026-11-02", "2026-11-20"])
    }

    @Test("An instant falls on the date of the given time zone")
    func fromInstant() throws {
        let instant = Date(timeIntervalSince1970: 1_796_040_000)  // 2026-11-30T12:00:00Z
        #expect(LocalDate(instant, in: .gmt).description == "2026-11-30")
        #expect(LocalDate(instant, in: try Self.zone("Pacific/Auckland")).description == "2026-12-01")
        #expect(LocalDate(instant, in: try Self.zone("America/Los_Angeles")).description == "2026-11-30")
        #expect(LocalDate(instant, in: try Self.zone("Pacific/Kiritimati")).description == "2026-12-01")
        #expect(LocalDate(instant, in: try Self.zone("Pacific/Pago_Pago")).description == "2026-11-30")
        let justBefore = Date(timeIntervalSince1970: 1_796_036_399)  // 2026-11-30T10:59:59Z, 23:59:59 in Auckland
        #expect(LocalDate(justBefore, in: try Self.zone("Pacific/Auckland")).description == "2026-11-30")
        #expect(LocalDate(Date(timeIntervalSince1970: -1), in: .gmt).description == "1969-12-31")
    }

    @Test("Instants before the Gregorian reform are read on the proleptic Gregorian calendar, like ISO text")
    func prolepticGregorian() throws {
        // 0001-01-01T00:00:00Z, .NET's DateTime.MinValue, which Xero sends for "no date".
        #expect(LocalDate(Date(timeIntervalSince1970: -62_135_596_800), in: .gmt).description == "0001-01-01")
        // 1600-02-29 exists in both calendars but is ten days apart.
        #expect(LocalDate(Date(timeIntervalSince1970: -11_670_998_400), in: .gmt).description == "1600-02-29")
    }

    @Test("Instants outside years 1...9999 are clamped to the supported range")
    func clamped() {
        #expect(LocalDate(Date.distantPast, in: .gmt).description == "0001-01-01")
        #expect(LocalDate(Date(timeIntervalSince1970: -1e15), in: .gmt).description == "0001-01-01")
        #expect(LocalDate(Date(timeIntervalSince1970: 1e15), in: .gmt).description == "9999-12-31")
        #expect(LocalDate(Date.distantFuture, in: .gmt).description == "4001-01-01")
    }

    @Test("The date of any instant in any zone is a valid date that reads back from its text")
    func alwaysValid() async throws {
        let zones = [
            "Pacific/Auckland", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu",
        ]
        let seconds = Gen.int64(in: -70_000_000_000...260_000_000_000)
        await propertyCheck(count: 1_000, input: seconds, Gen.element(of: zones)) { seconds, identifier in
            let zone = try Self.zone(try #require(identifier))
            let date = LocalDate(Date(timeIntervalSince1970: TimeInterval(seconds)), in: zone)
            #expect(try LocalDate(iso: date.description) == date)
        }
    }

    /// Any valid date, spread over the whole supported range.
    static let dates = zip(Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...31))
        .compactMap { year, month, day in try? LocalDate(year: year, month: month, day: day) }

    @Test("Midnight of a date at any offset is that date in a zone with that offset; the text round-trips")
    func instantRoundTrip() async throws {
        let offsets = [0, 14 * 3600, -11 * 3600, 5 * 3600 + 45 * 60]
        await propertyCheck(count: 1_000, input: Self.dates, Gen.element(of: offsets)) { date, offset in
            let offset = try #require(offset)
            let zone = try #require(TimeZone(secondsFromGMT: offset))
            let sign = offset < 0 ? "-" : "+"
            let hours = abs(offset) / 3600
            let minutes = abs(offset) / 60 % 60
            let text = "\(date)T00:00:00\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
            let midnight = try #require(ISOTimestamp.parse(text))
            #expect(LocalDate(midnight, in: zone) == date)
            #expect(LocalDate(midnight.addingTimeInterval(86_399), in: zone) == date)
            #expect(LocalDate(midnight.addingTimeInterval(-1), in: zone) < date)
            #expect(try LocalDate(iso: date.description) == date)
        }
    }

    @Test("Encodes as YYYY-MM-DD and decodes strictly")
    func codable() throws {
        let date = try LocalDate(year: 2026, month: 2, day: 3)
        #expect(String(decoding: try JSONEncoder().encode([date]), as: UTF8.self) == #"["2026-02-03"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: Data(#"["2026-02-03"]"#.utf8)) == [date])
        for bad in [#""2026-02-30""#, #""2026-2-3""#, #""03/02/2026""#, "20260203"] {
            #expect(throws: DecodingError.self, "\(bad)") {
                try JSONDecoder().decode(LocalDate.self, from: Data(bad.utf8))
            }
        }
    }
}
