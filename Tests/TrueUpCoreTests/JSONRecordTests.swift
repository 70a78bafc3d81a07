import Foundation
import Testing
import TrueUpCore

@Suite("JSONRecord")
struct JSONRecordTests {
    /// A record at `Items[3]` from JSON text.
    static func record(_ json: String, path: String = "Items[3]") throws -> JSONRecord {
        try JSONRecord(try JSONParser.parse(Array(json.utf8)), path: path)
    }

    static func usd() throws -> Currency { try Currency(code: "USD") }

    /// The description of the `RecordError` that `body` throws, or nil if it does not throw.
    static func message<T>(_ body: () throws -> T) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as RecordError {
            return error.description
        } catch {
            return "not a RecordError: \(error)"
        }
    }

    // MARK: Construction and presence

    @Test("A record is an object; anything else is refused naming the path")
    func construction() throws {
        let record = try Self.record(#"{"a": 1}"#)
        #expect(record.path == "Items[3]")
        #expect(record.object.keys == ["a"])
        #expect(throws: RecordError(path: "Items[3]", message: "expected an object, found 12")) {
            try Self.record("12")
        }
        #expect(throws: RecordError(path: "Body", message: "expected an object, found an array")) {
            try Self.record("[]", path: "Body")
        }
        #expect(throws: RecordError(path: "Body", message: #"expected an object, found "x""#)) {
            try Self.record(#""x""#, path: "Body")
        }
    }

    @Test("Absent and null are the same to has(_:) and value(_:)")
    func presence() throws {
        let record = try Self.record(#"{"a": 1, "n": null, "f": false, "s": ""}"#)
        #expect(record.has("a"))
        #expect(record.has("f"))
        #expect(record.has("s"))
        #expect(!record.has("n"))
        #expect(!record.has("missing"))
        #expect(record.value("a") == .number("1"))
        #expect(record.value("n") == nil)
        #expect(record.value("missing") == nil)
        #expect(record.hasArray("missing") == false)
    }

    @Test("hasArray is true only for an array member, even an empty one")
    func hasArray() throws {
        let record = try Self.record(#"{"a": [], "b": [1], "n": null, "o": {}}"#)
        #expect(record.hasArray("a"))
        #expect(record.hasArray("b"))
        #expect(!record.hasArray("n"))
        #expect(!record.hasArray("o"))
        #expect(!record.hasArray("missing"))
    }

    // MARK: Strings and identifiers

    @Test("Strings: present, absent, null and the wrong type")
    func strings() throws {
        let record = try Self.record(#"{"Name": "Widget", "Empty": "", "N": null, "Num": 12, "Obj": {}}"#)
        #expect(try record.string("Name") == "Widget")
        #expect(try record.string("Empty") == "")
        #expect(try record.optionalString("Name") == "Widget")
        #expect(try record.optionalString("N") == nil)
        #expect(try record.optionalString("Missing") == nil)
        #expect(Self.message { try record.string("N") } == "Items[3].N: is missing")
        #expect(Self.message { try record.string("Missing") } == "Items[3].Missing: is missing")
        #expect(Self.message { try record.optionalString("Num") } == "Items[3].Num: expected a string, found 12")
        #expect(Self.message { try record.string("Obj") } == "Items[3].Obj: expected a string, found an object")
    }

    @Test("Identifiers come from strings or integers, not decimals or other types")
    func identifiers() throws {
        let record = try Self.record(
            #"""
            {"s": "INV-001", "i": 12345, "neg": -5, "big": 123456789012345678901234567890,
             "d": 12.5, "e": 1e3, "E": 1E3, "b": true, "n": null}
            """#
        )
        #expect(try record.identifier("s") == "INV-001")
        #expect(try record.identifier("i") == "12345")
        #expect(try record.identifier("neg") == "-5")
        #expect(try record.identifier("big") == "123456789012345678901234567890")
        #expect(try record.optionalIdentifier("n") == nil)
        #expect(try record.optionalIdentifier("missing") == nil)
        #expect(Self.message { try record.identifier("n") } == "Items[3].n: is missing")
        #expect(Self.message { try record.identifier("d") } == "Items[3].d: expected an identifier, found 12.5")
        #expect(Self.message { try record.identifier("e") } == "Items[3].e: expected an identifier, found 1e3")
        #expect(Self.message { try record.identifier("E") } == "Items[3].E: expected an identifier, found 1E3")
        #expect(Self.message { try record.identifier("b") } == "Items[3].b: expected an identifier, found true")
    }

    // MARK: Numbers

    @Test("Quantities from numbers and numeric strings, exactly")
    func quantities() throws {
        let record = try Self.record(
            #"""
            {"n": 12.5, "s": "12.5", "padded": "  12.5  ", "tab": "\t7\t",
             "e": "1.25e2", "neg": -0.0001, "zero": "0", "null": null}
            """#
        )
        #expect(try record.quantity("n") == Quantity(ticks: 125_000))
        #expect(try record.quantity("s") == Quantity(ticks: 125_000))
        #expect(try record.quantity("padded") == Quantity(ticks: 125_000))
        #expect(try record.quantity("tab") == Quantity(units: 7))
        #expect(try record.quantity("e") == Quantity(units: 125))
        #expect(try record.quantity("neg") == Quantity(ticks: -1))
        #expect(try record.quantity("zero") == .zero)
        #expect(try record.optionalQuantity("null") == nil)
        #expect(try record.optionalQuantity("missing") == nil)
        #expect(Self.message { try record.quantity("null") } == "Items[3].null: is missing")
    }

    @Test(
        "Quantities that are not numbers, too precise or too large are errors naming path.key",
        arguments: [
            (#"{"QuantityOnHand": "abc"}"#, #"Items[3].QuantityOnHand: expected a number, found "abc""#),
            (#"{"QuantityOnHand": "NaN"}"#, #"Items[3].QuantityOnHand: expected a number, found "NaN""#),
            (#"{"QuantityOnHand": "Infinity"}"#, #"Items[3].QuantityOnHand: expected a number, found "Infinity""#),
            (#"{"QuantityOnHand": ""}"#, #"Items[3].QuantityOnHand: expected a number, found """#),
            (#"{"QuantityOnHand": "   "}"#, #"Items[3].QuantityOnHand: expected a number, found "   ""#),
            (#"{"QuantityOnHand": "12 5"}"#, #"Items[3].QuantityOnHand: expected a number, found "12 5""#),
            (#"{"QuantityOnHand": "1,5"}"#, #"Items[3].QuantityOnHand: expected a number, found "1,5""#),
            (#"{"QuantityOnHand": "1e999"}"#, "Items[3].QuantityOnHand: quantity 1e999 is too large"),
            (#"{"QuantityOnHand": 1e999}"#, "Items[3].QuantityOnHand: quantity 1e999 is too large"),
            (#"{"QuantityOnHand": 1e13}"#, "Items[3].QuantityOnHand: quantity 1e13 is too large"),
            (
                #"{"QuantityOnHand": 12.34567}"#,
                "Items[3].QuantityOnHand: quantity 12.34567 has more than 4 decimal places"
            ),
            (
                #"{"QuantityOnHand": " 12.34567 "}"#,
                "Items[3].QuantityOnHand: quantity 12.34567 has more than 4 decimal places"
            ),
            (#"{"QuantityOnHand": true}"#, "Items[3].QuantityOnHand: expected a number, found true"),
            (#"{"QuantityOnHand": [1]}"#, "Items[3].QuantityOnHand: expected a number, found an array"),
            (#"{"QuantityOnHand": {}}"#, "Items[3].QuantityOnHand: expected a number, found an object"),
        ] as [(String, String)]
    )
    func badQuantities(json: String, message: String) throws {
        let record = try Self.record(json)
        #expect(Self.message { try record.quantity("QuantityOnHand") } == message)
        #expect(Self.message { try record.optionalQuantity("QuantityOnHand") } == message)
    }

    @Test("Money at the currency's scale, from numbers and strings")
    func money() throws {
        let record = try Self.record(
            #"{"Total": 12.50, "Text": " 0.1 ", "Yen": "1250", "TooFine": 12.345, "Bad": "12.5 USD", "N": null}"#)
        let usd = try Self.usd()
        let jpy = try Currency(code: "JPY")
        #expect(try record.money("Total", currency: usd) == Money(minorUnits: 1250, currency: usd))
        #expect(try record.money("Text", currency: usd) == Money(minorUnits: 10, currency: usd))
        #expect(try record.money("Yen", currency: jpy) == Money(minorUnits: 1250, currency: jpy))
        #expect(try record.optionalMoney("N", currency: usd) == nil)
        #expect(Self.message { try record.money("N", currency: usd) } == "Items[3].N: is missing")
        #expect(
            Self.message { try record.money("TooFine", currency: usd) }
                == "Items[3].TooFine: amount 12.345 USD has more than 2 decimal places")
        #expect(
            Self.message { try record.money("Total", currency: jpy) }
                == "Items[3].Total: amount 12.50 JPY has more than 0 decimal places")
        #expect(
            Self.message { try record.money("Bad", currency: usd) }
                == #"Items[3].Bad: expected a number, found "12.5 USD""#)
    }

    @Test("Unit prices with four decimals")
    func unitPrices() throws {
        let record = try Self.record(#"{"UnitAmount": 12.3456, "Text": "0.5", "TooFine": 1.23456, "N": null}"#)
        let usd = try Self.usd()
        #expect(try record.optionalUnitPrice("UnitAmount", currency: usd) == UnitPrice(ticks: 123_456, currency: usd))
        #expect(try record.optionalUnitPrice("Text", currency: usd) == UnitPrice(ticks: 5000, currency: usd))
        #expect(try record.optionalUnitPrice("N", currency: usd) == nil)
        #expect(try record.optionalUnitPrice("missing", currency: usd) == nil)
        #expect(
            Self.message { try record.optionalUnitPrice("TooFine", currency: usd) }
                == "Items[3].TooFine: unit price 1.23456 has more than 4 decimal places")
    }

    @Test("Whole numbers as Int64")
    func integers() throws {
        let record = try Self.record(
            #"""
            {"a": 42, "b": "-7", "c": 1e3, "d": 1.0,
             "e": 1.5, "f": 9223372036854775808, "g": "x", "h": false, "n": null}
            """#
        )
        #expect(try record.int64("a") == 42)
        #expect(try record.int64("b") == -7)
        #expect(try record.int64("c") == 1000)
        #expect(try record.int64("d") == 1)
        #expect(try record.optionalInt64("n") == nil)
        #expect(Self.message { try record.int64("n") } == "Items[3].n: is missing")
        #expect(Self.message { try record.int64("e") } == "Items[3].e: expected a whole number, found 1.5")
        #expect(
            Self.message { try record.int64("f") }
                == "Items[3].f: expected a whole number, found 9223372036854775808")
        #expect(Self.message { try record.int64("g") } == #"Items[3].g: expected a number, found "x""#)
        #expect(Self.message { try record.int64("h") } == "Items[3].h: expected a number, found false")
    }

    @Test("optionalNumberText returns the literal, trimmed of spaces, and judges only whether it is a number")
    func numberText() throws {
        let record = try Self.record(
            #"""
            {"n": 12.50, "s": " 12.50 ", "precise": "1.123456789",
             "huge": "1e999", "nan": "NaN", "inf": "-Infinity"}
            """#
        )
        #expect(try record.optionalNumberText("n") == "12.50")
        #expect(try record.optionalNumberText("s") == "12.50")
        #expect(try record.optionalNumberText("precise") == "1.123456789")
        #expect(try record.optionalNumberText("huge") == "1e999")
        #expect(try record.optionalNumberText("missing") == nil)
        #expect(
            Self.message { try record.optionalNumberText("nan") } == #"Items[3].nan: expected a number, found "NaN""#)
        #expect(
            Self.message { try record.optionalNumberText("inf") }
                == #"Items[3].inf: expected a number, found "-Infinity""#)
    }

    @Test("A long string is shortened to 40 characters in the message")
    func longValues() throws {
        let long = String(repeating: "x", count: 60)
        let record = try Self.record(#"{"q": "\#(long)", "s": 1}"#)
        #expect(
            Self.message { try record.quantity("q") }
                == "Items[3].q: expected a number, found \"\(long.prefix(40))\"")
        let strings = try Self.record(#"{"s": ["\#(long)"], "n": "\#(long)"}"#)
        #expect(Self.message { try strings.string("s") } == "Items[3].s: expected a string, found an array")
        #expect(
            Self.message { try strings.bool("n") }
                == "Items[3].n: expected true or false, found \"\(long.prefix(40))…\"")
    }

    // MARK: Other scalars

    @Test("Booleans are only true or false")
    func booleans() throws {
        let record = try Self.record(#"{"t": true, "f": false, "s": "true", "i": 1, "n": null}"#)
        #expect(try record.bool("t") == true)
        #expect(try record.bool("f") == false)
        #expect(try record.optionalBool("n") == nil)
        #expect(try record.optionalBool("missing") == nil)
        #expect(Self.message { try record.bool("n") } == "Items[3].n: is missing")
        #expect(Self.message { try record.bool("s") } == #"Items[3].s: expected true or false, found "true""#)
        #expect(Self.message { try record.bool("i") } == "Items[3].i: expected true or false, found 1")
    }

    @Test("Currencies are looked up, ignoring case, and unknown codes are named")
    func currencies() throws {
        let record = try Self.record(#"{"c": "nzd", "bad": "XAU", "num": 840, "n": null}"#)
        #expect(try record.currency("c") == (try Currency(code: "NZD")))
        #expect(try record.optionalCurrency("n") == nil)
        #expect(Self.message { try record.currency("n") } == "Items[3].n: is missing")
        #expect(
            Self.message { try record.currency("bad") }
                == #"Items[3].bad: unknown currency code "XAU" (expected an ISO 4217 code such as USD)"#)
        #expect(Self.message { try record.currency("num") } == "Items[3].num: expected a string, found 840")
    }

    @Test("Xero dates in both forms; malformed ones are named")
    func xeroDates() throws {
        let record = try Self.record(
            #"""
            {"Date": "\/Date(1419937200000+1300)\/", "DateString": "2014-12-31T00:00:00",
             "Bad": "\/Date(abc)\/", "Num": 1, "N": null}
            """#
        )
        #expect(try record.xeroDate("Date").localDate.description == "2014-12-31")
        #expect(try record.xeroDate("DateString").localDate.description == "2014-12-31")
        #expect(try record.optionalXeroDate("N") == nil)
        #expect(Self.message { try record.xeroDate("N") } == "Items[3].N: is missing")
        #expect(
            Self.message { try record.xeroDate("Bad") }
                == #"Items[3].Bad: "/Date(abc)/" is not a Xero date such as /Date(1439434356790+0000)/"#)
        #expect(Self.message { try record.xeroDate("Num") } == "Items[3].Num: expected a string, found 1")
    }

    @Test("Timestamps in the Magento and ISO forms")
    func timestamps() throws {
        let record = try Self.record(
            #"""
            {"created_at": "2026-11-20 10:15:00", "iso": "2026-11-20T10:15:00Z",
             "bad": "2026-02-30 00:00:00", "n": null}
            """#
        )
        #expect(try record.timestamp("created_at") == Date(timeIntervalSince1970: 1_795_169_700))
        #expect(try record.timestamp("iso") == Date(timeIntervalSince1970: 1_795_169_700))
        #expect(try record.optionalTimestamp("n") == nil)
        #expect(Self.message { try record.timestamp("n") } == "Items[3].n: is missing")
        #expect(
            Self.message { try record.timestamp("bad") }
                == #"Items[3].bad: "2026-02-30 00:00:00" is not a timestamp such as 2026-11-20 10:15:00"#)
    }

    // MARK: Nesting

    @Test("Nested records carry the path")
    func nested() throws {
        let record = try Self.record(#"{"Contact": {"Name": 5, "Address": {"City": null}}, "S": "x", "N": null}"#)
        let contact = try record.record("Contact")
        #expect(contact.path == "Items[3].Contact")
        #expect(Self.message { try contact.string("Name") } == "Items[3].Contact.Name: expected a string, found 5")
        let address = try contact.record("Address")
        #expect(Self.message { try address.string("City") } == "Items[3].Contact.Address.City: is missing")
        #expect(try record.optionalRecord("N") == nil)
        #expect(try record.optionalRecord("missing") == nil)
        #expect(Self.message { try record.record("N") } == "Items[3].N: is missing")
        #expect(Self.message { try record.record("S") } == #"Items[3].S: expected an object, found "x""#)
    }

    @Test("records gives each element a path Items[0], Items[1], …; absent or null is empty")
    func records() throws {
        let body = try Self.record(
            #"{"Items": [{"Code": "A"}, {"Code": "B"}, {"QuantityOnHand": "abc"}], "N": null}"#, path: "")
        let items = try body.records("Items")
        #expect(items.map(\.path) == ["Items[0]", "Items[1]", "Items[2]"])
        #expect(try items.prefix(2).map { try $0.string("Code") } == ["A", "B"])
        #expect(
            Self.message { try items[2].quantity("QuantityOnHand") }
                == #"Items[2].QuantityOnHand: expected a number, found "abc""#)
        #expect(try body.records("N").isEmpty)
        #expect(try body.records("missing").isEmpty)

        let nested = try Self.record(#"{"Lines": [{"Qty": 1}]}"#, path: "Invoices[4]")
        #expect(try nested.records("Lines").map(\.path) == ["Invoices[4].Lines[0]"])
    }

    @Test("records refuses a non-array member and a non-object element, naming it")
    func badRecords() throws {
        let body = try Self.record(#"{"Items": [{"Code": "A"}, 7, null], "Obj": {}, "Str": "x"}"#, path: "")
        #expect(Self.message { try body.records("Items") } == "Items[1]: expected an object, found 7")
        #expect(Self.message { try body.records("Obj") } == "Obj: expected an array, found an object")
        #expect(Self.message { try body.records("Str") } == #"Str: expected an array, found "x""#)
        let nullElement = try Self.record(#"{"Items": [null]}"#, path: "")
        #expect(Self.message { try nullElement.records("Items") } == "Items[0]: expected an object, found null")
    }

    // MARK: Errors

    @Test("missing and invalid build errors for the record")
    func errorBuilders() throws {
        let record = try Self.record("{}")
        #expect(record.missing("Code") == RecordError(path: "Items[3]", key: "Code", message: "is missing"))
        #expect(record.invalid("Code", "is blank").description == "Items[3].Code: is blank")
        #expect(record.invalid(nil, "has no lines").description == "Items[3]: has no lines")
    }

    @Test(
        "RecordError.description joins the path and key that are present",
        arguments: [
            ("Items[3]", "QuantityOnHand", "Items[3].QuantityOnHand: bad"), ("", "Code", "Code: bad"),
            ("Items[3]", nil, "Items[3]: bad"),
            ("", nil, "bad"), ("Items[3]", "", "Items[3]: bad"),
        ] as [(String, String?, String)]
    )
    func errorDescription(path: String, key: String?, expected: String) {
        #expect(RecordError(path: path, key: key, message: "bad").description == expected)
    }
}
