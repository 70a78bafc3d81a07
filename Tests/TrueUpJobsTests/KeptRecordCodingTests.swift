import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@testable import TrueUpJobs

/// The working set's own JSON for the records it keeps: the same text `JSONEncoder` wrote before
/// it, so that a state written by an earlier version reads, and one written now reads back there.
@Suite struct KeptRecordCodingTests {
    static let at = Date(timeIntervalSince1970: 1_795_000_000.123)
    /// A time with a fraction of a millisecond, which `JSONEncoder` writes as a fraction.
    static let between = Date(timeIntervalSince1970: 1_795_000_000.123_456)
    /// Text that needs escaping and is not ASCII.
    static let awkward = "Mug \"large\" \\ tab\t new\nline é 日本 🫖 \u{01} a/b"

    static func money(_ minor: Int64, _ code: String = "USD") throws -> Money {
        Money(minorUnits: minor, currency: try Currency(code: code))
    }

    static func line(_ code: String?, description: String? = nil) throws -> DocumentLine {
        DocumentLine(
            itemCode: code, description: description, quantity: Quantity(ticks: 12_500),
            unitAmount: UnitPrice(ticks: 9_223_372_036_854_775_807, currency: try Currency(code: "USD")),
            lineAmount: try money(-1250),
            accountCode: "200")
    }

    // MARK: Samples: every member set, every optional member left out, and awkward text

    static func orders(_ text: String) throws -> [Order] {
        [
            Order(
                id: "1", number: text, state: "processing", createdAt: at, updatedAt: between,
                currency: try Currency(code: "USD"),
                grandTotal: try money(12_345), customerID: "77",
                lines: [
                    OrderLine(
                        sku: text, quantityOrdered: Quantity(units: 3), quantityCanceled: Quantity(ticks: 5_000),
                        quantityRefunded: Quantity(units: 1), quantityShipped: Quantity(units: 2)),
                    OrderLine(sku: "B", quantityOrdered: Quantity(units: -1)),
                ],
                payment: OrderPayment(method: "checkmo", amountPaid: try money(0), lastTransactionID: "pi_1")),
            Order(
                id: "2", number: "2", state: "new", createdAt: at, updatedAt: at, currency: try Currency(code: "JPY"),
                lines: []),
            Order(
                id: "3", number: "3", state: "new", createdAt: at, updatedAt: at, currency: try Currency(code: "USD"),
                lines: [],
                payment: OrderPayment(method: nil, amountPaid: nil, lastTransactionID: nil)),
        ]
    }

    static func refunds(_ text: String) throws -> [Refund] {
        [
            Refund(
                id: "r1", number: text, orderID: "1", createdAt: at, updatedAt: between,
                currency: try Currency(code: "USD"),
                total: try money(500),
                lines: [RefundLine(sku: text, quantity: Quantity(units: 1), quantityRestocked: .zero)],
                reference: "re_1"),
            Refund(
                id: "r2", number: "R2", orderID: "2", createdAt: at, updatedAt: at, currency: try Currency(code: "JPY"),
                lines: []),
        ]
    }

    static func storePayments(_ text: String) throws -> [StorePayment] {
        [
            StorePayment(
                id: "p1", number: text, orderID: "1", reference: "ch_1", amount: try money(12_345), createdAt: at,
                updatedAt: between, method: "stripe_payments"),
            StorePayment(
                id: "p2", number: nil, orderID: "2", reference: nil, amount: try money(1, "JPY"), createdAt: at,
                updatedAt: at
            ),
        ]
    }

    static func invoices(_ text: String) throws -> [Invoice] {
        [
            Invoice(
                id: "i1", number: "INV-1", kind: .accrec, status: .authorised, reference: text,
                date: try LocalDate(year: 2026, month: 11, day: 23), currency: try Currency(code: "USD"),
                lines: [try line("MUG", description: text), DocumentLine(itemCode: nil, quantity: nil)],
                total: try money(12_345),
                amountDue: try money(0), updatedAt: between, contactID: "c1"),
            Invoice(
                id: "i2", number: nil, kind: .accpay, status: .draft, reference: nil, date: nil,
                currency: try Currency(code: "JPY"),
                lines: []),
        ]
    }

    static func creditNotes(_ text: String) throws -> [CreditNote] {
        [
            CreditNote(
                id: "n1", number: "CN-1", kind: .accreccredit, status: .paid, reference: text,
                date: try LocalDate(year: 2026, month: 2, day: 28), currency: try Currency(code: "USD"),
                lines: [try line(text)],
                total: try money(500),
                remainingCredit: try money(0),
                allocations: [
                    CreditAllocation(
                        invoiceID: "i1", invoiceNumber: text, amount: try money(500),
                        date: try LocalDate(year: 2026, month: 3, day: 1)),
                    CreditAllocation(invoiceID: "i2", amount: try money(1)),
                ], updatedAt: at),
            CreditNote(
                id: "n2", number: nil, kind: .accpaycredit, status: .voided, reference: nil, date: nil,
                currency: try Currency(code: "JPY"),
                lines: []),
        ]
    }

    static func payments(_ text: String) throws -> [Payment] {
        [
            Payment(
                id: "y1", invoiceID: "i1", creditNoteID: "n1", invoiceNumber: "INV-1", creditNoteNumber: "CN-1",
                reference: text, amount: try money(12_345), date: try LocalDate(year: 2026, month: 11, day: 23),
                status: .authorised, kind: .accrecPayment, isReconciled: true, accountCode: "090", accountID: "a1",
                updatedAt: between),
            Payment(
                id: "y2", amount: try money(-5, "JPY"), date: try LocalDate(year: 2024, month: 2, day: 29),
                status: .deleted,
                isReconciled: false, updatedAt: at),
        ]
    }

    static func bankTransactions(_ text: String) throws -> [BankTransaction] {
        [
            BankTransaction(
                id: "b1", kind: .receiveTransfer, status: .authorised, reference: text, total: try money(99_999),
                date: try LocalDate(year: 2026, month: 11, day: 23), bankAccountCode: "090", bankAccountID: "a1",
                isReconciled: true, lines: [try line("FEE", description: text)], updatedAt: between),
            BankTransaction(
                id: "b2", kind: .spend, status: .voided, total: try money(1),
                date: try LocalDate(year: 2026, month: 1, day: 1),
                isReconciled: false, updatedAt: at),
        ]
    }

    // MARK: Checks

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// Each record, written either way, reads either way as the same value; and where its text
    /// needs no escaping that `JSONEncoder` writes differently, it is written as the same text.
    static func check<Record: KeptRecord & Codable & Equatable>(
        _ records: [Record], sameText: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for record in records {
            let encoded = String(decoding: try encoder.encode(record), as: UTF8.self)
            let expected = try decoder.decode(Record.self, from: Data(encoded.utf8))
            #expect(try Record(keptJSON: encoded) == expected, sourceLocation: sourceLocation)
            #expect(try Record(keptJSON: record.keptJSON) == expected, sourceLocation: sourceLocation)
            #expect(
                try decoder.decode(Record.self, from: Data(record.keptJSON.utf8)) == expected,
                sourceLocation: sourceLocation)
            if sameText { #expect(record.keptJSON == encoded, sourceLocation: sourceLocation) }
        }
    }

    @Test(arguments: ["1001", awkward])
    func everyFamilyReadsAndWritesAsJSONEncoderAndJSONDecoderDo(text: String) throws {
        let sameText = text == "1001"
        try Self.check(try Self.orders(text), sameText: sameText)
        try Self.check(try Self.refunds(text), sameText: sameText)
        try Self.check(try Self.storePayments(text), sameText: sameText)
        try Self.check(try Self.invoices(text), sameText: sameText)
        try Self.check(try Self.creditNotes(text), sameText: sameText)
        try Self.check(try Self.payments(text), sameText: sameText)
        try Self.check(try Self.bankTransactions(text), sameText: sameText)
    }

    @Test func membersAVersionDoesNotKnowAreSkipped() throws {
        let json =
            #"{"id":"r9","number":"R9","orderID":"9","createdAt":1795000000000,"updatedAt":1795000000000,"#
            + #""currency":"USD","lines":[{"sku":"A","quantity":"1","quantityRestocked":"0","bin":[1,{"x":null}]}],"#
            + #""later":{"a":[true,false]}}"#
        let refund = try Refund(keptJSON: json)
        #expect(refund.lines == [RefundLine(sku: "A", quantity: Quantity(units: 1), quantityRestocked: .zero)])
        #expect(refund.total == nil && refund.reference == nil)
    }

    @Test func aRecordThatCannotBeReadSaysWhatIsWrongAndWhere() {
        func failure(_ json: String) -> String? {
            do {
                _ = try Payment(keptJSON: json)
                return nil
            } catch {
                return error.description
            }
        }
        let payment = #""id":"y","amount":{"amount":"1.00","currency":"USD"},"date":"2026-11-23","isReconciled":true"#
        let complete = "{" + payment + #","status":"AUTHORISED","updatedAt":1795000000000}"#
        #expect(failure(complete) == nil)
        #expect(failure("{" + payment + #","status":"AUTHORISED"}"#)?.contains(#"has no "updatedAt""#) == true)
        #expect(
            failure("{" + payment + #","status":"PENDING","updatedAt":1}"#)?.contains(
                #""PENDING" is not a known value"#) == true)
        #expect(
            failure("{" + payment + #","status":"AUTHORISED","updatedAt":"soon"}"#)?.contains(
                "expected a number, found a string") == true)
        #expect(
            failure(complete.replacingOccurrences(of: #""1.00""#, with: #""1.001""#))?.contains(#"amount "1.001""#)
                == true)
        #expect(failure(complete.replacingOccurrences(of: "USD", with: "XXQ")) != nil)
        #expect(failure(String(complete.dropLast()))?.contains("truncated") == true)
    }
}
