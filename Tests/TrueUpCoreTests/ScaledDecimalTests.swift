import PropertyBased
import Testing
import TrueUpCore

@Suite("ScaledDecimal")
struct ScaledDecimalTests {
    @Test("a × b ÷ d works at full width and rounds half away from zero")
    func multiplyDivide() {
        // 1e12 cents × 1e8 ticks overflows Int64 before dividing.
        #expect(ScaledDecimal.multiplyDivide(1_000_000_000_000, 100_000_000, 200_000_000) == 500_000_000_000)
        #expect(ScaledDecimal.multiplyDivide(20_900, 30_000, 220_000) == 2_850)
        #expect(ScaledDecimal.multiplyDivide(-5, 1, 2) == -3)
        #expect(ScaledDecimal.multiplyDivide(5, 1, 2) == 3)
        #expect(ScaledDecimal.multiplyDivide(1, 1, 0) == nil)
        #expect(ScaledDecimal.multiplyDivide(Int64.max, 2, 1) == nil)
    }

    // MARK: Parsing

    @Test(
        "Decimal text is read exactly at the requested scale",
        arguments: [
            ("0.1", 4, 1000),
            ("12.5", 4, 125_000),
            ("12.3400", 4, 123_400),
            ("-0.0001", 4, -1),
            ("0.0001", 4, 1),
            ("-12", 4, -120_000),
            ("+5", 4, 50_000),
            ("+5", 0, 5),
            ("007.50", 2, 750),
            ("-007.50", 2, -750),
            ("1.000000000", 4, 10_000),
            ("0.00010", 4, 1),
            ("1e3", 4, 10_000_000),
            ("1E3", 0, 1000),
            ("1e+3", 0, 1000),
            ("1.5E-2", 4, 150),
            ("1.5e-2", 3, 15),
            ("125e-2", 2, 125),
            ("0.125e1", 2, 125),
            ("1.25e2", 0, 125),
            ("12.50", 2, 1250),
            ("1250", 0, 1250),
            ("0", 4, 0),
            ("-0", 4, 0),
            ("0.0000000", 0, 0),
            ("0e999999999", 4, 0),
            ("0e-999999999", 4, 0),
            ("0.0e400", 2, 0),
            ("000000000000000000000000000001", 0, 1),
            ("9223372036854775807", 0, Int64.max),
            ("-9223372036854775807", 0, -Int64.max),
            ("922337203685477.5807", 4, Int64.max),
            ("92233720368547758.07", 2, Int64.max),
            ("9.223372036854775807e18", 0, Int64.max),
        ] as [(String, Int, Int64)]
    )
    func parsesExactly(text: String, scale: Int, expected: Int64) {
        #expect(ScaledDecimal.parse(text, scale: scale) == .success(expected))
    }

    @Test("A fraction without a leading digit (.5) and a trailing point (1.) are accepted as numbers")
    func barePointForms() {
        #expect(ScaledDecimal.parse(".5", scale: 2) == .success(50))
        #expect(ScaledDecimal.parse("-.5", scale: 2) == .success(-50))
        #expect(ScaledDecimal.parse("1.", scale: 2) == .success(100))
        #expect(ScaledDecimal.parse("1.e2", scale: 0) == .success(100))
    }

    @Test(
        "Text that is not a plain decimal number is refused as notANumber",
        arguments: [
            "", "-", "+", ".", "-.", "+.", "NaN", "nan", "Infinity", "-Infinity", "inf", "0x10", "0b1", "1_000",
            "1,000", "1,5", " 1", "1 ", " ", "1 000", "\t1", "1\n", "--1", "+-1", "-+1", "1-", "1+", "1e", "1e+",
            "1E-", "e3", ".e3", "1e3.5", "1.2.3", "1..2", "12abc", "abc", "١٢", "１２", "1e3e4", "$12", "12%",
        ]
    )
    func refusesNonNumbers(text: String) {
        #expect(ScaledDecimal.parse(text, scale: 4) == .failure(.notANumber))
    }

    @Test(
        "Digits beyond the scale that are not zero are refused, never rounded",
        arguments: [
            ("1.00001", 4), ("0.00005", 4), ("-0.00001", 4), ("12.5", 0), ("0.5", 0), ("1.234", 2), ("1e-5", 4),
            ("1e-400", 4), ("-1e-400", 0), ("0.1e-4", 4), ("123456789e-9", 4), ("12.50001", 2),
        ] as [(String, Int)]
    )
    func refusesTooPrecise(text: String, scale: Int) {
        #expect(ScaledDecimal.parse(text, scale: scale) == .failure(.tooPrecise(scale: scale)))
    }

    @Test(
        "Values outside Int64 at the scale are refused as outOfRange",
        arguments: [
            ("9223372036854775808", 0), ("-9223372036854775809", 0), ("922337203685477.5808", 4),
            ("922337203685478", 4), ("99999999999999999999999999", 0), ("1e400", 0), ("1e400", 4), ("-1e400", 2),
            ("1e19", 0), ("1e15", 4), ("18446744073709551616", 0), ("1e999999999", 0),
        ] as [(String, Int)]
    )
    func refusesOutOfRange(text: String, scale: Int) {
        #expect(ScaledDecimal.parse(text, scale: scale) == .failure(.outOfRange))
    }

    @Test("The range is symmetric: -Int64.max is accepted, Int64.min is refused as outOfRange")
    func symmetricRange() {
        #expect(ScaledDecimal.parse("-9223372036854775807", scale: 0) == .success(-Int64.max))
        #expect(ScaledDecimal.parse("-9223372036854775808", scale: 0) == .failure(.outOfRange))
        #expect(ScaledDecimal.parse(ScaledDecimal.format(.min, scale: 4), scale: 4) == .failure(.outOfRange))
    }

    @Test("The byte-buffer overload reads the same bytes the same way")
    func parsesBytes() {
        let bytes = Array("-12.3400".utf8)
        let result = bytes.withUnsafeBufferPointer { ScaledDecimal.parse($0, scale: 4) }
        #expect(result == .success(-123_400))
        let empty: [UInt8] = []
        #expect(empty.withUnsafeBufferPointer { ScaledDecimal.parse($0, scale: 4) } == .failure(.notANumber))
    }

    @Test("Substrings parse like strings")
    func parsesSubstrings() {
        let text = "qty=12.5;"
        let slice = text.dropFirst(4).dropLast()
        #expect(ScaledDecimal.parse(slice, scale: 4) == .success(125_000))
    }

    @Test("Failure descriptions say what is wrong")
    func failureDescriptions() {
        #expect(ScaledDecimal.Failure.notANumber.description == "is not a decimal number")
        #expect(ScaledDecimal.Failure.tooPrecise(scale: 4).description == "has more than 4 decimal places")
        #expect(ScaledDecimal.Failure.outOfRange.description == "is too large")
    }

    // MARK: Formatting

    @Test(
        "format writes exactly `scale` fraction digits",
        arguments: [
            (125_000, 4, "12.5000"), (-1, 4, "-0.0001"), (0, 4, "0.0000"), (0, 0, "0"), (-5, 0, "-5"),
            (1250, 2, "12.50"), (5, 2, "0.05"), (-5, 2, "-0.05"), (100, 2, "1.00"), (1234, 3, "1.234"),
            (Int64.max, 4, "922337203685477.5807"), (Int64.min, 4, "-922337203685477.5808"),
            (Int64.max, 0, "9223372036854775807"), (Int64.min, 0, "-9223372036854775808"),
            (1, 6, "0.000001"),
        ] as [(Int64, Int, String)]
    )
    func formats(value: Int64, scale: Int, expected: String) {
        #expect(ScaledDecimal.format(value, scale: scale) == expected)
    }

    @Test(
        "formatTrimmed drops trailing fraction zeros and a bare point",
        arguments: [
            (125_000, 4, "12.5"), (120_000, 4, "12"), (-120_000, 4, "-12"), (0, 4, "0"), (-1, 4, "-0.0001"),
            (100, 0, "100"), (1000, 2, "10"), (1010, 2, "10.1"), (10_001, 4, "1.0001"), (-5, 0, "-5"),
        ] as [(Int64, Int, String)]
    )
    func formatsTrimmed(value: Int64, scale: Int, expected: String) {
        #expect(ScaledDecimal.formatTrimmed(value, scale: scale) == expected)
    }

    // MARK: Properties

    /// Ticks that matter: zero, small values around it, and anything an Int64 can hold but `Int64.min`.
    static let ticks = zip(Gen.int(in: 0...3), Gen.int64(in: -Int64.max...Int64.max), Gen.int64(in: -100_000...100_000))
        .map { (kind: Int, wide: Int64, small: Int64) -> Int64 in
            switch kind {
            case 0: small
            case 1: small * 10_000
            default: wide
            }
        }

    @Test("format and formatTrimmed round-trip through parse at every scale")
    func roundTrip() async {
        await propertyCheck(count: 2_000, input: Self.ticks, Gen.int(in: 0...6)) { value, scale in
            let fixed = ScaledDecimal.format(value, scale: scale)
            let trimmed = ScaledDecimal.formatTrimmed(value, scale: scale)
            #expect(ScaledDecimal.parse(fixed, scale: scale) == .success(value))
            #expect(ScaledDecimal.parse(trimmed, scale: scale) == .success(value))
            #expect(!trimmed.hasSuffix("."))
            if trimmed.contains(".") { #expect(!trimmed.hasSuffix("0")) }
        }
    }

    @Test("Integer digits with an exponent of -scale, or with extra zero digits, parse to the same ticks")
    func exponentForms() async {
        await propertyCheck(count: 1_000, input: Self.ticks, Gen.int(in: 0...6), Gen.int(in: 0...5)) {
            value, scale, zeros in
            let digits = String(value)
            let padded = String(value) + String(repeating: "0", count: zeros)
            #expect(ScaledDecimal.parse("\(digits)e-\(scale)", scale: scale) == .success(value))
            #expect(ScaledDecimal.parse("\(padded)E-\(scale + zeros)", scale: scale) == .success(value))
            // One more non-zero digit below the scale is always refused.
            #expect(
                ScaledDecimal.parse("\(digits)1e-\(scale + 1)", scale: scale) == .failure(.tooPrecise(scale: scale)))
        }
    }
}
