import Foundation
import PropertyBased
import Testing
import TrueUpCore

@Suite("ISOTimestamp")
struct ISOTimestampTests {
    static func seconds(_ text: String) -> TimeInterval? { ISOTimestamp.parse(text)?.timeIntervalSince1970 }

    @Test(
        "The forms the APIs send are parsed; text without an offset is UTC",
        arguments: [
            ("2026-11-20 10:15:00", 1_795_169_700.0),
            ("2026-11-20T10:15:00", 1_795_169_700.0),
            ("2026-11-20T10:15:00Z", 1_795_169_700.0),
            ("2026-11-20 10:15:00Z", 1_795_169_700.0),
            ("2026-11-20T10:15:00.25", 1_795_169_700.25),
            ("2026-11-20T10:15:00.000000001Z", 1_795_169_700.0),
            ("2026-11-20T10:15:00+13:00", 1_795_122_900.0),
            ("2026-11-20T10:15:00-00:30", 1_795_171_500.0),
            ("2026-11-20T10:15:00.5+01:00", 1_795_166_100.5),
            ("1970-01-01T00:00:00", 0.0),
            ("1969-12-31T23:59:59", -1.0),
            ("1969-07-20 20:17:40", -14_182_940.0),
            ("1900-03-01T00:00:00", -2_203_891_200.0),
            ("0001-01-01T00:00:00Z", -62_135_596_800.0),
            ("2000-02-29T12:00:00", 951_825_600.0),
        ] as [(String, Double)]
    )
    func parses(text: String, expected: Double) throws {
        let seconds = try #require(Self.seconds(text))
        #expect(abs(seconds - expected) < 0.000_5)
    }

    @Test(
        "Impossible dates and times, and malformed text, are nil",
        arguments: [
            "2026-02-30 00:00:00", "1900-02-29 00:00:00", "2026-13-01 00:00:00", "2026-00-01 00:00:00",
            "0000-01-01 00:00:00", "2026-11-20 24:00:00", "2026-11-20 10:60:00", "2026-11-20 10:15:61",
            "", "2026-11-20", "2026-11-20 10:15", "2026-11-20X10:15:00", "2026/11/20 10:15:00", "2026-11-20 10:15:00 ",
            " 2026-11-20 10:15:00", "2026-11-20 10:15:00.", "2026-11-20 10:15:00.x", "2026-11-20T10:15:00z",
            "2026-11-20T10:15:00ZZ", "2026-11-20T10:15:00+1300", "2026-11-20T10:15:00+13", "2026-11-20T10:15:00+15:00",
            "2026-11-20T10:15:00+13:60", "2026-11-20T10:15:00+13:00Z", "2026-11-20T10:15:00 +13:00",
            "+026-11-20 10:15:00",
            "2026-1a-20 10:15:00", "2026-11-20 1:15:00 ", "２０２６-11-20 10:15:00",
        ]
    )
    func refuses(text: String) {
        #expect(ISOTimestamp.parse(text) == nil)
    }

    @Test("format writes UTC with whole seconds")
    func formats() {
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: 1_795_169_700)) == "2026-11-20T10:15:00Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: 1_795_169_700.999)) == "2026-11-20T10:15:00Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: -86_400)) == "1969-12-31T00:00:00Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00Z")
        #expect(ISOTimestamp.format(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59Z")
    }

    /// Whole seconds from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    static let instants = Gen.int64(in: -62_135_596_800...253_402_300_799)

    @Test("format then parse gives back the instant, to the whole second, before and after 1970")
    func roundTrip() async throws {
        await propertyCheck(count: 2_000, input: Self.instants, Gen.int(in: 0...999)) { seconds, millis in
            let instant = Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(millis) / 1000)
            let text = ISOTimestamp.format(instant)
            let parsed = try #require(ISOTimestamp.parse(text), "\(text)")
            #expect(parsed.timeIntervalSince1970 == TimeInterval(seconds), "\(text)")
            #expect(text.utf8.count == 20)
            // The Magento form of the same text parses to the same instant.
            let magento = String(text.dropLast()).replacingOccurrences(of: "T", with: " ")
            #expect(ISOTimestamp.parse(magento) == parsed)
        }
    }

    @Test("format agrees with the date a UTC calendar gives")
    func agreesWithLocalDate() async throws {
        await propertyCheck(count: 1_000, input: Self.instants) { seconds in
            let instant = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(ISOTimestamp.format(instant).hasPrefix(LocalDate(instant, in: .gmt).description + "T"))
        }
    }
}
