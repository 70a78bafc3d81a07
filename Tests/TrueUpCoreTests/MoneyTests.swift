import Foundation
import Testing
import TrueUpCore

@Suite("Money and UnitPrice")
struct MoneyTests {
    static func currency(_ code: String) throws -> Currency { try Currency(code: code) }

    @Test(
        "The scale follows the currency's exponent",
        arguments: [
            ("JPY", "1250", 1250, "1250"), ("JPY", "12.0", 12, "12"), ("USD", "12.5", 1250, "12.50"),
            ("USD", "0.01", 1, "0.01"), ("USD", "-3", -300, "-3.00"), ("BHD", "1.234", 1234, "1.234"),
            ("BHD", "1.25", 1250, "1.250"), ("CLF", "1.2345", 12_345, "1.2345"), ("KRW", "1e3", 1000, "1000"),
            ("EUR", "1.5E-1", 15, "0.15"),
        ] as [(String, String, Int64, String)]
    )
    func parsesAtCurrencyScale(code: String, text: String, minorUnits: Int64, amount: String) throws {
        let currency = try Self.currency(code)
        let money = try Money(parsing: text, currency: currency)
        #expect(money.minorUnits == minorUnits)
        #expect(money.currency == currency)
        #expect(money.amount == amount)
        #expect(money.description == "\(amount) \(code)")
    }

    @Test(
        "More decimal places than the currency has are refused",
        arguments: [("JPY", "12.5", 0), ("USD", "12.345", 2), ("BHD", "1.2345", 3), ("CLF", "1.23456", 4)]
            as [(String, String, Int)]
    )
    func refusesTooPrecise(code: String, text: String, scale: Int) throws {
        let currency = try Self.currency(code)
        #expect(throws: ScaledDecimal.Failure.tooPrecise(scale: scale)) { try Money(parsing: text, currency: currency) }
    }

    @Test("Non-numbers and overflow are refused")
    func refusesOthers() throws {
        let usd = try Self.currency("USD")
        #expect(throws: ScaledDecimal.Failure.notANumber) { try Money(parsing: "12,50", currency: usd) }
        #expect(throws: ScaledDecimal.Failure.notANumber) { try Money(parsing: "$12.50", currency: usd) }
        #expect(throws: ScaledDecimal.Failure.outOfRange) { try Money(parsing: "92233720368547758.08", currency: usd) }
        #expect(try Money(parsing: "92233720368547758.07", currency: usd).minorUnits == .max)
    }

    @Test("zero is zero minor units in the currency")
    func zero() throws {
        let bhd = try Self.currency("BHD")
        #expect(Money.zero(bhd) == Money(minorUnits: 0, currency: bhd))
        #expect(Money.zero(bhd).amount == "0.000")
    }

    @Test("Equality needs the same amount and the same currency")
    func equality() throws {
        let usd = try Self.currency("USD")
        let nzd = try Self.currency("NZD")
        #expect(Money(minorUnits: 100, currency: usd) == Money(minorUnits: 100, currency: usd))
        #expect(Money(minorUnits: 100, currency: usd) != Money(minorUnits: 100, currency: nzd))
        #expect(Money(minorUnits: 100, currency: usd) != Money(minorUnits: 101, currency: usd))
    }

    @Test("adding sums one currency exactly and refuses mixed currencies and overflow")
    func adding() throws {
        let usd = try Self.currency("USD")
        let eur = try Self.currency("EUR")
        let sum = Money(minorUnits: 1250, currency: usd).adding(Money(minorUnits: -5, currency: usd))
        #expect(sum == Money(minorUnits: 1245, currency: usd))
        #expect(Money(minorUnits: 1, currency: usd).adding(Money(minorUnits: 1, currency: eur)) == nil)
        #expect(Money(minorUnits: .max, currency: usd).adding(Money(minorUnits: 1, currency: usd)) == nil)
        #expect(Money(minorUnits: .min, currency: usd).adding(Money(minorUnits: -1, currency: usd)) == nil)
        #expect(Money(minorUnits: .max, currency: usd).adding(Money(minorUnits: .min, currency: usd))?.minorUnits == -1)
    }

    // MARK: Codable

    @Test("Encodes as exact text with the code, never a JSON float")
    func encodes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let usd = try Self.currency("USD")
        let data = try encoder.encode(Money(minorUnits: 1250, currency: usd))
        #expect(String(decoding: data, as: UTF8.self) == #"{"amount":"12.50","currency":"USD"}"#)
        let jpy = try encoder.encode(Money(minorUnits: -7, currency: try Self.currency("JPY")))
        #expect(String(decoding: jpy, as: UTF8.self) == #"{"amount":"-7","currency":"JPY"}"#)
    }

    @Test("Decodes exactly at the currency's scale and round-trips")
    func decodes() throws {
        let decoded = try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"12.50","currency":"USD"}"#.utf8))
        #expect(decoded == Money(minorUnits: 1250, currency: try Self.currency("USD")))
        let lower = try JSONDecoder().decode(Money.self, from: Data(#"{"currency":"bhd","amount":"0.001"}"#.utf8))
        #expect(lower == Money(minorUnits: 1, currency: try Self.currency("BHD")))
        let values = [
            Money(minorUnits: 123_456, currency: try Self.currency("KWD")),
            Money(minorUnits: .max, currency: try Self.currency("JPY")),
            Money(minorUnits: -1, currency: try Self.currency("CLF")),
        ]
        #expect(try JSONDecoder().decode([Money].self, from: try JSONEncoder().encode(values)) == values)
    }

    @Test(
        "Decoding refuses a bad amount, an amount too precise for the currency, an unknown code and a JSON number",
        arguments: [
            #"{"amount":"12.5","currency":"JPY"}"#, #"{"amount":"abc","currency":"USD"}"#,
            #"{"amount":"1.00","currency":"ABC"}"#, #"{"amount":12.5,"currency":"USD"}"#,
            #"{"amount":"12.50"}"#, #"{"currency":"USD"}"#,
        ]
    )
    func refusesToDecode(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Money.self, from: Data(json.utf8)) }
    }

    @Test("The decoding error names the amount and the reason")
    func decodingMessage() throws {
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"12.5","currency":"JPY"}"#.utf8))
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription == #"amount "12.5" has more than 0 decimal places"#)
        #expect(context.codingPath.last?.stringValue == "amount")
    }

    // MARK: UnitPrice

    @Test("UnitPrice has four decimals whatever the currency")
    func unitPrice() throws {
        let jpy = try Self.currency("JPY")
        let price = try UnitPrice(parsing: "12.3456", currency: jpy)
        #expect(price.ticks == 123_456)
        #expect(price.amount == "12.3456")
        #expect(price.description == "12.3456 JPY")
        #expect(try UnitPrice(parsing: "0.1", currency: jpy).ticks == 1000)
        #expect(throws: ScaledDecimal.Failure.tooPrecise(scale: 4)) { try UnitPrice(parsing: "1.23456", currency: jpy) }
        #expect(throws: ScaledDecimal.Failure.notANumber) { try UnitPrice(parsing: "Infinity", currency: jpy) }
        #expect(UnitPrice(ticks: -5, currency: jpy).amount == "-0.0005")
    }

    @Test("UnitPrice round-trips through Codable")
    func unitPriceCodable() throws {
        let values = [
            UnitPrice(ticks: 123_456, currency: try Self.currency("USD")),
            UnitPrice(ticks: -1, currency: try Self.currency("BHD")),
        ]
        #expect(try JSONDecoder().decode([UnitPrice].self, from: try JSONEncoder().encode(values)) == values)
    }
}
