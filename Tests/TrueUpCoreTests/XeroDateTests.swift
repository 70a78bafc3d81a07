import Foundation
import Testing
import TrueUpCore

@Suite("XeroDate")
struct XeroDateTests {
    static func instant(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test("/Date(ms)/ without an offset is an instant in UTC")
    func millisecondsOnly() throws {
        let date = try XeroDate(parsing: "/Date(1439434356790)/")
        #expect(date.millisecondsSince1970 == 1_439_434_356_790)
        #expect(abs(date.instant.timeIntervalSince1970 - 1_439_434_356.790) < 0.000_5)
        #expect(date.offsetMinutes == nil)
        #expect(date.localDate.description == "2015-08-13")
    }

    @Test("An offset gives the local date the instant stood for: Xero's midnight in +13:00 is 31 December")
    func positiveOffset() throws {
        let date = try XeroDate(parsing: "/Date(1419937200000+1300)/")
        #expect(date.instant == Self.instant(1_419_937_200))  // 2014-12-30T11:00:00Z
        #expect(date.offsetMinutes == 780)
        #expect(date.localDate.description == "2014-12-31")
        #expect(date.millisecondsSince1970 == 1_419_937_200_000)
    }

    @Test("A negative offset")
    func negativeOffset() throws {
        let date = try XeroDate(parsing: "/Date(1573755038314-0500)/")
        #expect(date.millisecondsSince1970 == 1_573_755_038_314)  // 2019-11-14T18:10:38.314Z
        #expect(date.offsetMinutes == -300)
        #expect(date.localDate.description == "2019-11-14")
        // 03:00Z is still the previous evening at −05:00.
        let early = try XeroDate(parsing: "/Date(1573700400000-0500)/")  // 2019-11-14T03:00:00Z
        #expect(early.localDate.description == "2019-11-13")
    }

    @Test("Offsets with minutes, zero and the extremes")
    func offsetForms() throws {
        #expect(try XeroDate(parsing: "/Date(0+0000)/").offsetMinutes == 0)
        #expect(try XeroDate(parsing: "/Date(0+0000)/").instant == Self.instant(0))
        #expect(try XeroDate(parsing: "/Date(0+0000)/").localDate.description == "1970-01-01")
        #expect(try XeroDate(parsing: "/Date(0+0545)/").offsetMinutes == 345)
        #expect(try XeroDate(parsing: "/Date(0-0930)/").offsetMinutes == -570)
        #expect(try XeroDate(parsing: "/Date(0+1400)/").offsetMinutes == 840)
        #expect(try XeroDate(parsing: "/Date(0-1400)/").offsetMinutes == -840)
        #expect(try XeroDate(parsing: "/Date(0-0930)/").localDate.description == "1969-12-31")
    }

    @Test("Negative milliseconds: before 1970, back to .NET's DateTime.MinValue")
    func beforeEpoch() throws {
        let minValue = try XeroDate(parsing: "/Date(-62135596800000+0000)/")
        #expect(minValue.instant == Self.instant(-62_135_596_800))
        #expect(minValue.offsetMinutes == 0)
        #expect(minValue.millisecondsSince1970 == -62_135_596_800_000)
        #expect(minValue.localDate.description == "0001-01-01")
        let moonLanding = try XeroDate(parsing: "/Date(-14182940000)/")
        #expect(moonLanding.localDate.description == "1969-07-20")
        #expect(try XeroDate(parsing: "/Date(-1)/").localDate.description == "1969-12-31")
    }

    @Test("The largest instant in year 9999 is accepted")
    func largest() throws {
        let date = try XeroDate(parsing: "/Date(253402300799999)/")
        #expect(date.localDate.description == "9999-12-31")
    }

    @Test(
        "Malformed /Date()/ text is refused, naming the text",
        arguments: [
            "/Date()/", "/Date(abc)/", "/Date(123", "/Date(123)", "/Date(123)/x", "/Date(123+25)/", "/Date(123+9999)/",
            "/Date(123+1401)/", "/Date(123+0060)/", "/Date(123+)/", "/Date(123-)/", "/Date(-)/", "/Date(+)/",
            "/Date(12.5)/", "/Date(1e3)/", "/Date( 123)/", "/Date(123 )/", "/Date(123+01:00)/", "/Date(123+00000)/",
            "/Date(123+0000+0000)/", "/Date(--123)/", "/Date(253402300800000)/", "/Date(99999999999999999999)/",
            "/Date(123+-100)/", "/Date(123++100)/", "/Date(123--959)/", "/Date(123+ 100)/",
        ]
    )
    func refusesMalformed(text: String) {
        #expect(throws: DateFormatError(text: text, expected: "a Xero date such as /Date(1439434356790+0000)/")) {
            try XeroDate(parsing: text)
        }
    }

    @Test(
        "ISO forms from the …DateString twins are UTC unless they carry an offset",
        arguments: [
            ("2026-11-20T10:15:00", 1_795_169_700.0),
            ("2026-11-20T10:15:00.123", 1_795_169_700.123),
            ("2026-11-20T10:15:00Z", 1_795_169_700.0),
            ("2026-11-20T10:15:00.5Z", 1_795_169_700.5),
            ("2026-11-20T10:15:00+13:00", 1_795_122_900.0),
            ("2026-11-20T10:15:00-05:30", 1_795_189_500.0),
        ] as [(String, Double)]
    )
    func isoForms(text: String, seconds: Double) throws {
        let date = try XeroDate(parsing: text)
        #expect(abs(date.instant.timeIntervalSince1970 - seconds) < 0.000_5)
        #expect(date.millisecondsSince1970 == Int64((seconds * 1000).rounded()))
    }

    @Test("An ISO date without an offset has no offset and its UTC date")
    func isoLocalDate() throws {
        let date = try XeroDate(parsing: "2026-11-20T00:00:00")
        #expect(date.offsetMinutes == nil)
        #expect(date.localDate.description == "2026-11-20")
    }

    @Test(
        "Malformed ISO text is refused, naming the text",
        arguments: ["", "2026-11-20", "Date(0)", "2026-11-20T25:00:00", "tomorrow"])
    func refusesMalformedISO(text: String) {
        #expect(throws: DateFormatError(text: text, expected: "a Xero date such as 2026-11-20T10:15:00")) {
            try XeroDate(parsing: text)
        }
    }

    @Test("Substrings parse like strings")
    func substring() throws {
        let text = "\"/Date(0+0100)/\""
        #expect(try XeroDate(parsing: text.dropFirst().dropLast()).offsetMinutes == 60)
    }

    @Test("The memberwise initialiser keeps what it is given")
    func initialiser() {
        let date = XeroDate(instant: Self.instant(86_400), offsetMinutes: -60)
        #expect(date.localDate.description == "1970-01-01")
        #expect(XeroDate(instant: Self.instant(86_400)).localDate.description == "1970-01-02")
        #expect(XeroDate(instant: Self.instant(1.2346)).millisecondsSince1970 == 1235)
    }
}
