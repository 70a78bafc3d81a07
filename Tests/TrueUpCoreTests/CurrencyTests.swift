import Foundation
import Testing

@testable import TrueUpCore

@Suite("Currency")
struct CurrencyTests {
    @Test(
        "Lookups ignore letter case and store the upper-case code",
        arguments: [("usd", "USD", 2), ("Usd", "USD", 2), ("jpy", "JPY", 0), ("bHd", "BHD", 3), ("clf", "CLF", 4)]
            as [(String, String, Int)]
    )
    func lookup(text: String, code: String, exponent: Int) throws {
        let currency = try Currency(code: text)
        #expect(currency.code == code)
        #expect(currency.exponent == exponent)
        #expect(currency.description == code)
        #expect(currency == (try Currency(code: code)))
    }

    @Test("Substrings look up like strings")
    func substring() throws {
        let text = "NZD/USD"
        #expect(try Currency(code: text.prefix(3)).code == "NZD")
    }

    @Test(
        "Unknown codes throw naming the code",
        arguments: ["ABC", "XXX", "XAU", "", "US", "USDD", "U$D", " USD", "USD ", "€", "usd\n"]
    )
    func unknown(code: String) {
        #expect(throws: UnknownCurrency(code: code)) { try Currency(code: code) }
        let error = UnknownCurrency(code: code)
        #expect(error.description == "unknown currency code \"\(code)\" (expected an ISO 4217 code such as USD)")
    }

    @Test("The error keeps the code as written, not upper-cased")
    func keepsOriginalText() {
        #expect(throws: UnknownCurrency(code: "abc")) { try Currency(code: "abc") }
    }

    @Test(
        "Common currencies have their ISO 4217 exponents",
        arguments: [
            ("USD", 2), ("EUR", 2), ("GBP", 2), ("NZD", 2), ("AUD", 2), ("CAD", 2), ("JPY", 0), ("KRW", 0),
            ("BHD", 3), ("KWD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("CLF", 4), ("UYW", 4), ("ISK", 0),
            ("VND", 0), ("XOF", 0),
        ] as [(String, Int)]
    )
    func exponents(code: String, exponent: Int) throws {
        #expect(try Currency(code: code).exponent == exponent)
    }

    @Test("Every code in the table is three upper-case letters with an exponent in 0...4")
    func tableSanity() throws {
        #expect(Currency.exponents.count > 150)
        for (code, exponent) in Currency.exponents {
            #expect(code.utf8.count == 3, "\(code)")
            #expect(code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }, "\(code)")
            #expect((0...4).contains(exponent), "\(code)")
            let currency = try Currency(code: code.lowercased())
            #expect(currency.code == code && currency.exponent == exponent)
        }
        // Funds and metals without a minor unit are left out.
        for code in ["XAU", "XAG", "XPT", "XPD", "XDR", "XXX", "XTS"] {
            #expect(Currency.exponents[code] == nil, "\(code)")
        }
    }

    @Test("Currencies order by code")
    func ordering() throws {
        let codes = ["USD", "AUD", "NZD", "EUR"]
        let sorted = try codes.map { try Currency(code: $0) }.sorted().map(\.code)
        #expect(sorted == ["AUD", "EUR", "NZD", "USD"])
    }

    @Test("Encodes as the bare code and decodes any case; unknown codes fail to decode with the message")
    func codable() throws {
        let data = try JSONEncoder().encode([try Currency(code: "usd")])
        #expect(String(decoding: data, as: UTF8.self) == #"["USD"]"#)
        #expect(
            try JSONDecoder().decode([Currency].self, from: Data(#"["nzd","JPY"]"#.utf8)).map(\.code) == ["NZD", "JPY"])
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(Currency.self, from: Data(#""XAU""#.utf8))
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription.contains("\"XAU\""))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Currency.self, from: Data("840".utf8)) }
    }
}
