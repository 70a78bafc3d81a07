import Foundation
import Testing
import TrueUpCore
import TrueUpEngine

/// The payments match on the smallest inputs that showed a defect while measuring it on synthetic
/// data, each kept as a regression test.
@Suite("Payments match: minimal inputs from the synthetic benchmark")
struct PaymentsMatcherIssuesTests {
    static let usd = (try? Currency(code: "USD")) ?? { fatalError("USD is ISO 4217") }()
    static let day = LocalDate(dayNumber: 20_150)

    static func money(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: usd) }

    static func invoice(_ order: String, total: Int64) -> Invoice {
        Invoice(
            id: "inv-\(order)", number: "INV-\(order)", kind: .accrec, status: .paid, reference: order, date: day,
            currency: usd, lines: [], total: money(total), amountDue: money(0))
    }

    static func payment(
        _ id: String, order: String, reference: String?, cents: Int64, reconciled: Bool = false
    )
        -> Payment
    {
        Payment(
            id: id, invoiceID: "inv-\(order)", invoiceNumber: "INV-\(order)", reference: reference,
            amount: money(cents),
            date: day, status: .authorised, kind: .accrecPayment, isReconciled: reconciled,
            updatedAt: Date(timeIntervalSince1970: 0))
    }

    static func line(_ id: String, cents: Int64, reference: String?) -> BankLine {
        BankLine(id: id, amount: money(cents), date: day, reference: reference, source: "statement.xml")
    }

    static func input(
        store: [StoreLedgerEntry], invoices: [Invoice], payments: [Payment], statement: [BankLine]
    ) -> PaymentMatchInput {
        PaymentMatchInput(
            pair: "minimal", store: store, invoices: invoices, payments: payments, statement: statement,
            asOf: day.adding(days: 2))
    }

    @Test("A payment Xero shows reconciled takes its statement line, which is then not reported missing in the store")
    func reconciledPaymentTakesItsLine() {
        let result = PaymentMatcher.match(
            Self.input(
                store: [
                    StoreLedgerEntry(
                        id: "invoice:1", kind: .payment, orderNumber: "1001", reference: "ch_1",
                        amount: Self.money(10_000),
                        date: Self.day)
                ],
                invoices: [Self.invoice("1001", total: 10_000)],
                payments: [Self.payment("pay-1", order: "1001", reference: "ch_1", cents: 10_000, reconciled: true)],
                statement: [Self.line("L1", cents: 10_000, reference: "ch_1")]))
        #expect(result.matches.first?.status == .matched)
        #expect(result.matches.count == 1)
        #expect(!result.matches.contains { $0.store < 0 && $0.status == .missingInStore })

    }

    @Test("Two payments of one order banked under the order number each take the line with their own amount")
    func orderNumberLinePrefersTheAmount() {
        let result = PaymentMatcher.match(
            Self.input(
                store: [
                    StoreLedgerEntry(
                        id: "invoice:1", kind: .payment, orderNumber: "1001", amount: Self.money(6_000), date: Self.day),
                    StoreLedgerEntry(
                        id: "invoice:2", kind: .payment, orderNumber: "1001", amount: Self.money(4_000), date: Self.day),
                ],
                invoices: [Self.invoice("1001", total: 10_000)],
                payments: [
                    Self.payment("pay-1", order: "1001", reference: nil, cents: 6_000),
                    Self.payment("pay-2", order: "1001", reference: nil, cents: 4_000),
                ],
                statement: [
                    Self.line("L1", cents: 4_000, reference: "1001"), Self.line("L2", cents: 6_000, reference: "1001"),
                ]))
        let rows = result.matches.filter { $0.store >= 0 }.sorted { $0.store < $1.store }
        #expect(rows.count == 2)
        #expect(rows.map(\.status) == [.matched, .matched])
        #expect(rows.map { result.bank[Int($0.bank)].id } == ["L2", "L1"])

    }

    @Test("Bank lines that tie for an ambiguous storefront payment are not reported missing in the store")
    func tiedLinesAreHeld() {
        let result = PaymentMatcher.match(
            Self.input(
                store: [
                    StoreLedgerEntry(
                        id: "invoice:1", kind: .payment, orderNumber: "1001", reference: "ch_1",
                        amount: Self.money(10_000),
                        date: Self.day)
                ],
                invoices: [Self.invoice("1001", total: 10_000)],
                payments: [Self.payment("pay-1", order: "1001", reference: "ch_1", cents: 10_000)],
                statement: [
                    Self.line("L1", cents: 10_000, reference: nil), Self.line("L2", cents: 10_000, reference: nil),
                ]
            ))
        let store = result.matches.first { $0.store == 0 }
        #expect(store?.status == .ambiguous)
        #expect(store?.note == .bankTie)
        #expect(!result.matches.contains { $0.store < 0 && $0.status == .missingInStore })
        #expect(result.matches.count == 1)
    }

    @Test("Currencies Xero lists in another order than the storefront still pair like with like")
    func currenciesSeenFirstInXeroKeepTheirIdentity() throws {
        // The Xero side is indexed apart from the storefront's and numbers its currencies in its own
        // order (AUD before USD here); the numbers must agree once the two sides are joined.
        let aud = try Currency(code: "AUD")
        let audInvoice = Invoice(
            id: "inv-2001", number: "INV-2001", kind: .accrec, status: .paid, reference: "2001", date: Self.day,
            currency: aud, lines: [], total: Money(minorUnits: 5_000, currency: aud),
            amountDue: Money(minorUnits: 0, currency: aud))
        var audPayment = Self.payment("pay-aud", order: "2001", reference: "ch_9", cents: 5_000)
        audPayment.amount = Money(minorUnits: 5_000, currency: aud)
        let result = PaymentMatcher.match(
            Self.input(
                store: [
                    StoreLedgerEntry(
                        id: "invoice:1", kind: .payment, orderNumber: "1001", reference: "ch_1",
                        amount: Self.money(10_000), date: Self.day)
                ],
                invoices: [audInvoice, Self.invoice("1001", total: 10_000)],
                payments: [audPayment, Self.payment("pay-1", order: "1001", reference: "ch_1", cents: 10_000)],
                statement: []))
        let storeRow = try #require(result.matches.first { $0.store == 0 })
        #expect(storeRow.status != .missingInXero)
        #expect(storeRow.payment == 1)
        #expect(result.matches.contains { $0.payment == 0 && $0.status == .missingInStore })
    }
}
