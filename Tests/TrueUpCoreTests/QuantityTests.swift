import Foundation
import PropertyBased
import Testing
import TrueUpCore

@Suite("Quantity")
struct QuantityTests {
    @Test("Parsing is exact, in ten-thousandths of a unit")
    func parses() throws {
        #expect(try Quantity(parsing: "12").ticks == 120_000)
        #expect(try Quantity(parsing: "12.5").ticks == 125_000)
        #expect(try Quantity(parsing: "0.1").ticks == 1000)
        #expect(try Quantity(parsing: "-0.0001").ticks == -1)
        #expect(try Quantity(parsing: "1.25e2").ticks == 1_250_000)
        #expect(try Quantity(parsing: "3.00000000").ticks == 30_000)
        #expect(try Quantity(parsing: "3".dropFirst(0)) == Quantity(units: 3))
    }

    @Test("Parsing refuses a fifth decimal place and non-numbers, with the reason")
    func refuses() {
        #expect(throws: ScaledDecimal.Failure.tooPrecise(scale: 4)) { try Quantity(parsing: "1.00001") }
        #expect(throws: ScaledDecimal.Failure.notANumber) { try Quantity(parsing: "abc") }
        #expect(throws: ScaledDecimal.Failure.notANumber) { try Quantity(parsing: "") }
        #expect(throws: ScaledDecimal.Failure.outOfRange) { try Quantity(parsing: "1e400") }
    }

    @Test(
        "The limit of a trillion units is enforced at parsing for both signs",
        arguments: ["", "-"]
    )
    func limit(sign: String) throws {
        #expect(Quantity.limit.ticks == 10_000_000_000_000_000)
        let atLimit = try Quantity(parsing: sign + "1000000000000")
        #expect(atLimit.ticks.magnitude == Quantity.limit.ticks.magnitude)
        #expect(atLimit.isNegative == (sign == "-"))
        #expect(try Quantity(parsing: sign + "1e12").ticks.magnitude == Quantity.limit.ticks.magnitude)
        #expect(try Quantity(parsing: sign + "999999999999.9999").ticks.magnitude == Quantity.limit.ticks.magnitude - 1)
        #expect(throws: ScaledDecimal.Failure.outOfRange) { try Quantity(parsing: sign + "1000000000000.0001") }
        #expect(throws: ScaledDecimal.Failure.outOfRange) { try Quantity(parsing: sign + "1000000000001") }
        #expect(throws: ScaledDecimal.Failure.outOfRange) { try Quantity(parsing: sign + "1e13") }
        // Still inside Int64 at scale 4, but far beyond anything real.
        #expect(throws: ScaledDecimal.Failure.outOfRange) { try Quantity(parsing: sign + "900000000000000") }
    }

    @Test(
        "fixed has four decimals; description trims trailing zeros",
        arguments: [
            (125_000, "12.5000", "12.5"), (120_000, "12.0000", "12"), (0, "0.0000", "0"), (-1, "-0.0001", "-0.0001"),
            (-250_000, "-25.0000", "-25"), (12_345, "1.2345", "1.2345"), (10_010, "1.0010", "1.001"),
        ] as [(Int64, String, String)]
    )
    func text(ticks: Int64, fixed: String, description: String) {
        let quantity = Quantity(ticks: ticks)
        #expect(quantity.fixed == fixed)
        #expect(quantity.description == description)
        #expect("\(quantity)" == description)
    }

    @Test("isWhole is true only for whole units, of either sign")
    func isWhole() {
        #expect(Quantity(units: 3).isWhole)
        #expect(Quantity(units: -3).isWhole)
        #expect(Quantity.zero.isWhole)
        #expect(!Quantity(ticks: 30_001).isWhole)
        #expect(!Quantity(ticks: -5000).isWhole)
        #expect(!Quantity(ticks: 1).isWhole)
    }

    @Test("Units, sign, magnitude and order")
    func basics() {
        #expect(Quantity(units: 7).ticks == 70_000)
        #expect(Quantity(units: -7).isNegative)
        #expect(!Quantity.zero.isNegative)
        #expect(Quantity(units: -7).magnitude == Quantity(units: 7))
        #expect(Quantity(units: 7).magnitude == Quantity(units: 7))
        #expect(Quantity(ticks: -1) < .zero)
        #expect(Quantity(ticks: 9999) < Quantity(units: 1))
        #expect(
            [Quantity(units: 2), Quantity(ticks: -3), .zero].sorted() == [
                Quantity(ticks: -3), .zero, Quantity(units: 2),
            ])
    }

    @Test("Arithmetic operators")
    func operators() {
        var quantity = Quantity(units: 5)
        quantity += Quantity(ticks: 2_500)
        #expect(quantity.ticks == 52_500)
        quantity -= Quantity(units: 10)
        #expect(quantity.ticks == -47_500)
        #expect(-quantity == Quantity(ticks: 47_500))
        #expect(Quantity(units: 2) + Quantity(units: 3) == Quantity(units: 5))
        #expect(Quantity(units: 2) - Quantity(units: 3) == Quantity(units: -1))
    }

    @Test("adding and subtracting are exact, and nil on overflow")
    func checkedArithmetic() {
        #expect(Quantity(units: 2).adding(Quantity(ticks: 1)) == Quantity(ticks: 20_001))
        #expect(Quantity(units: 2).subtracting(Quantity(units: 5)) == Quantity(units: -3))
        #expect(Quantity(ticks: .max).adding(Quantity(ticks: 1)) == nil)
        #expect(Quantity(ticks: .max).adding(.zero) == Quantity(ticks: .max))
        #expect(Quantity(ticks: .min).adding(Quantity(ticks: -1)) == nil)
        #expect(Quantity(ticks: .min).subtracting(Quantity(ticks: 1)) == nil)
        #expect(Quantity(ticks: .max).subtracting(Quantity(ticks: -1)) == nil)
        #expect(Quantity.zero.subtracting(Quantity(ticks: .min)) == nil)
        #expect(Quantity(ticks: -1).subtracting(Quantity(ticks: .max)) == Quantity(ticks: .min))
    }

    @Test("sum adds exactly and is nil when the running total overflows")
    func sum() {
        #expect(Quantity.sum([]) == .zero)
        #expect(Quantity.sum([Quantity(ticks: 1), Quantity(ticks: 2), Quantity(units: -1)]) == Quantity(ticks: -9_997))
        #expect(Quantity.sum([Quantity(ticks: .max), Quantity(ticks: 1), Quantity(ticks: -5)]) == nil)
        #expect(
            Quantity.sum([Quantity(ticks: .max), Quantity(ticks: -5), Quantity(ticks: 1)]) == Quantity(ticks: .max - 4))
        #expect(Quantity.sum([Quantity(ticks: .min), Quantity(ticks: -1)]) == nil)
        // Many values at the limit still add up without overflow.
        #expect(
            Quantity.sum(Array(repeating: Quantity.limit, count: 900)) == Quantity(ticks: Quantity.limit.ticks * 900))
    }

    @Test("sum agrees with a wide integer sum, and is nil exactly when that leaves Int64")
    func sumProperty() async {
        let values = zip(Gen.bool, Gen.int64(in: -Int64.max...Int64.max), Gen.int64(in: -1_000_000...1_000_000))
            .map { wide, huge, small in Quantity(ticks: wide ? huge : small) }
            .array(of: 0...12)
        await propertyCheck(count: 1_000, input: values) { quantities in
            // The running total must stay in range at every step for the sum to be reported.
            // Decimal holds 38 digits, so it adds a dozen Int64 values exactly.
            var total = Decimal(0)
            var overflowed = false
            for quantity in quantities {
                total += Decimal(quantity.ticks)
                if total > Decimal(Int64.max) || total < Decimal(Int64.min) { overflowed = true }
            }
            let sum = Quantity.sum(quantities)
            if overflowed {
                #expect(sum == nil)
            } else {
                #expect(sum.map { Decimal($0.ticks) } == total)
            }
        }
    }

    // MARK: Codable

    @Test("Encodes as its exact four-decimal text")
    func encodes() throws {
        let data = try JSONEncoder().encode([Quantity(ticks: 125_000), Quantity(ticks: -1)])
        #expect(String(decoding: data, as: UTF8.self) == #"["12.5000","-0.0001"]"#)
    }

    @Test("Decodes exact text and round-trips")
    func decodes() throws {
        let decoded = try JSONDecoder().decode([Quantity].self, from: Data(#"["12.5","0.0001","-3","1e2"]"#.utf8))
        #expect(decoded == [Quantity(ticks: 125_000), Quantity(ticks: 1), Quantity(units: -3), Quantity(units: 100)])
        let values = [Quantity(ticks: 123_456_789), Quantity.limit, -Quantity.limit, .zero]
        let roundTripped = try JSONDecoder().decode([Quantity].self, from: try JSONEncoder().encode(values))
        #expect(roundTripped == values)
    }

    @Test(
        "Decoding refuses bad strings and JSON numbers, naming the text",
        arguments: [#""12.34567""#, #""abc""#, #""""#, #""NaN""#, #""1e13""#, "12.5", "null", "true"]
    )
    func refusesToDecode(json: String) throws {
        let error = try #require(throws: DecodingError.self) {
            try JSONDecoder().decode(Quantity.self, from: Data(json.utf8))
        }
        if json.hasPrefix("\"") {
            guard case .dataCorrupted(let context) = error else {
                Issue.record("expected dataCorrupted, got \(error)")
                return
            }
            #expect(context.debugDescription.hasPrefix("quantity \(json) "))
        }
    }

    @Test("The decoding error says why: too precise, not a number, too large")
    func decodingMessages() throws {
        func message(_ json: String) throws -> String {
            let error = try #require(throws: DecodingError.self) {
                try JSONDecoder().decode(Quantity.self, from: Data(json.utf8))
            }
            guard case .dataCorrupted(let context) = error else { return "\(error)" }
            return context.debugDescription
        }
        #expect(try message(#""12.34567""#) == #"quantity "12.34567" has more than 4 decimal places"#)
        #expect(try message(#""abc""#) == #"quantity "abc" is not a decimal number"#)
        #expect(try message(#""1e13""#) == #"quantity "1e13" is too large"#)
    }
}
