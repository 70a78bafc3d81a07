import Foundation
import TrueUpCore
import TrueUpEngine
import TrueUpReports
import TrueUpStore

/// A payments match built by hand so that every status of DESIGN §4 comes out, in EUR and JPY, with
/// a payout that settles two orders and a line nothing on the storefront explains. The comments say
/// which matcher path gives each row its status; `PaymentReportTests` checks the figures against the
/// sums worked out below.
///
/// | order | storefront | Xero | bank | status |
/// | --- | --- | --- | --- | --- |
/// | 1001 | 100.00 ch_1001, 11-10 | payment ch_1001 | payout po_1 (fee 3.20) | matched |
/// | 1002 | 50.00 ch_1002, 11-11 | payment ch_1002 | payout po_1 (fee 1.75) | matched |
/// | (po_1 line) | — | — | payout po_1 (fee 0.30), no date | missing_in_store |
/// | 1003 | 80.00 ch_1003, 11-27 | payment ch_1003 | none, 3 days old | in_transit |
/// | 1004 | 60.00 ch_1004, 11-02 | payment ch_1004 | none, 28 days old | unbanked_overdue |
/// | 1005 | 40.00 ch_1005, 11-15 | open invoice, no payment | — | missing_in_xero |
/// | 1006 | 120.00 ch_1006, 11-16 | payment ch_1006 of 110.00 | — | amount_mismatch |
/// | 1007 | 70.00 ch_1007, 11-16 | payment ch_1007 of 69.97 | — | fee_write_off |
/// | 1008 | 30.00 ch_1008a, 11-17 | payment ch_1008a, reconciled | IsReconciled | matched |
/// | 1008 | 30.00 ch_1008b, 11-17 | invoice already paid | — | duplicate |
/// | 1001 | — | second payment ch_1001, 11-12 | — | duplicate |
/// | 1009 | 45.00, 11-18 | two payments of 45.02 | — | ambiguous |
/// | 9001 | — | payment manual-9001 25.00, 11-18 | — | missing_in_store |
/// | 2001 | JPY 5000 ch_2001, 11-19 | payment ch_2001 | line ch_2001 | matched |
/// | =HYPERLINK | 12.00 @ch_evil, 11-19 | no invoice | — | missing_in_xero |
/// | 1001 | refund CM-1001 20.00, 11-20 | credit note allocated | — | matched |
/// | — | — | — | deposit DEP-X 999.99, 11-20 | missing_in_store |
/// | — | — | credit note CM-9002 15.00 and its refund payment, 11-21 | — | missing_in_store (two rows) |
/// | 1003 | refund CM-1003 10.00, 11-28 | credit note with refund payment | none, 2 days old | in_transit |
enum PaymentFixture {
    static let formulaOrder = "=HYPERLINK(\"http://x\",\"pay\")"

    static func money(_ text: String, _ code: String = "EUR") throws -> Money {
        try Money(parsing: text, currency: Currency(code: code))
    }

    static func day(_ day: Int) throws -> LocalDate {
        try LocalDate(year: 2026, month: 11, day: day)
    }

    static let settings = PaymentMatchSettings(
        tolerance: MatchTolerance(absoluteMinorUnits: 5, dateWindowDays: 3), paymentAccount: "090",
        feeAccount: "404", roundingAccount: "405", bankAccount: "090", refundAccount: "200", settlementDays: 5)

    static func input() throws -> PaymentMatchInput {
        func payment(
            _ id: String, _ order: String, _ reference: String?, _ amount: String, _ date: Int, _ code: String = "EUR"
        )
            throws -> StoreLedgerEntry
        {
            StoreLedgerEntry(
                id: id, kind: .payment, orderNumber: order, reference: reference, amount: try money(amount, code),
                date: try day(date), method: "stripe")
        }
        func refund(
            _ id: String, _ order: String, _ number: String, _ amount: String, _ date: Int
        ) throws
            -> StoreLedgerEntry
        {
            StoreLedgerEntry(
                id: id, kind: .refund, orderNumber: order, refundNumber: number, amount: try money(amount),
                date: try day(date), method: "stripe")
        }
        func invoice(
            _ order: String, _ status: DocumentStatus, total: String, due: String, _ code: String = "EUR"
        )
            throws -> Invoice
        {
            Invoice(
                id: "inv-\(order)", number: "INV-\(order)", kind: .accrec, status: status, reference: order,
                date: try day(1), currency: try Currency(code: code), lines: [], total: try money(total, code),
                amountDue: try money(due, code))
        }
        func xeroPayment(
            _ id: String, invoice order: String, _ reference: String?, _ amount: String, _ date: Int,
            _ code: String = "EUR", reconciled: Bool = false
        ) throws -> Payment {
            Payment(
                id: id, invoiceID: "inv-\(order)", invoiceNumber: "INV-\(order)", reference: reference,
                amount: try money(amount, code), date: try day(date), status: .authorised, kind: .accrecPayment,
                isReconciled: reconciled, updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
        }
        func refundPayment(
            _ id: String, note: String, _ reference: String, _ amount: String, _ date: Int
        ) throws
            -> Payment
        {
            Payment(
                id: id, creditNoteID: "cn-\(note)", creditNoteNumber: "CN-\(note)", reference: reference,
                amount: try money(amount), date: try day(date), status: .authorised, kind: .arCreditPayment,
                isReconciled: false, updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
        }
        func creditNote(
            _ number: String, reference: String, _ total: String, _ date: Int, allocatedTo order: String?
        )
            throws -> CreditNote
        {
            let allocations = try order.map {
                [CreditAllocation(invoiceID: "inv-\($0)", invoiceNumber: "INV-\($0)", amount: try money(total))]
            }
            return CreditNote(
                id: "cn-\(number)", number: "CN-\(number)", kind: .accreccredit, status: .authorised,
                reference: reference, date: try day(date), currency: try Currency(code: "EUR"), lines: [],
                total: try money(total), allocations: allocations ?? [])
        }
        func payout(
            _ order: String, _ reference: String, gross: String, fee: String, net: String, line: Int
        ) throws
            -> PayoutLine
        {
            PayoutLine(
                payoutID: "po_1", date: try day(12), orderNumber: order, reference: reference, gross: try money(gross),
                fee: try money(fee), net: try money(net), source: "payouts.csv:\(line)")
        }

        return PaymentMatchInput(
            pair: "demo",
            store: [
                try payment("invoice:1", "1001", "ch_1001", "100.00", 10),
                try payment("invoice:2", "1002", "ch_1002", "50.00", 11),
                try payment("invoice:3", "1003", "ch_1003", "80.00", 27),
                try payment("invoice:4", "1004", "ch_1004", "60.00", 2),
                try payment("invoice:5", "1005", "ch_1005", "40.00", 15),
                try payment("invoice:6", "1006", "ch_1006", "120.00", 16),
                try payment("invoice:7", "1007", "ch_1007", "70.00", 16),
                try payment("invoice:8", "1008", "ch_1008a", "30.00", 17),
                try payment("invoice:9", "1008", "ch_1008b", "30.00", 17),
                try payment("invoice:10", "1009", nil, "45.00", 18),
                try payment("invoice:11", "2001", "ch_2001", "5000", 19, "JPY"),
                try payment("invoice:12", formulaOrder, "@ch_evil", "12.00", 19),
                try refund("creditmemo:1", "1001", "CM-1001", "20.00", 20),
                try refund("creditmemo:2", "1003", "CM-1003", "10.00", 28),
            ],
            invoices: [
                try invoice("1001", .paid, total: "100.00", due: "0.00"),
                try invoice("1002", .paid, total: "50.00", due: "0.00"),
                try invoice("1003", .paid, total: "80.00", due: "0.00"),
                try invoice("1004", .paid, total: "60.00", due: "0.00"),
                try invoice("1005", .authorised, total: "40.00", due: "40.00"),
                try invoice("1006", .authorised, total: "120.00", due: "10.00"),
                try invoice("1007", .authorised, total: "70.00", due: "0.03"),
                try invoice("1008", .paid, total: "30.00", due: "0.00"),
                try invoice("1009", .paid, total: "45.00", due: "0.00"),
                try invoice("2001", .paid, total: "5000", due: "0", "JPY"),
                try invoice("9001", .paid, total: "25.00", due: "0.00"),
            ],
            creditNotes: [
                try creditNote("0001", reference: "CM-1001", "20.00", 20, allocatedTo: "1001"),
                try creditNote("0003", reference: "CM-1003", "10.00", 28, allocatedTo: nil),
                try creditNote("0009", reference: "CM-9002", "15.00", 21, allocatedTo: nil),
            ],
            payments: [
                try xeroPayment("pay-1001", invoice: "1001", "ch_1001", "100.00", 10),
                try xeroPayment("pay-1002", invoice: "1002", "ch_1002", "50.00", 11),
                try xeroPayment("pay-1003", invoice: "1003", "ch_1003", "80.00", 27),
                try xeroPayment("pay-1004", invoice: "1004", "ch_1004", "60.00", 2),
                try xeroPayment("pay-1006", invoice: "1006", "ch_1006", "110.00", 16),
                try xeroPayment("pay-1007", invoice: "1007", "ch_1007", "69.97", 16),
                try xeroPayment("pay-1008", invoice: "1008", "ch_1008a", "30.00", 17, reconciled: true),
                try xeroPayment("pay-1009a", invoice: "1009", nil, "45.02", 18),
                try xeroPayment("pay-1009b", invoice: "1009", nil, "45.02", 18),
                try xeroPayment("pay-2001", invoice: "2001", "ch_2001", "5000", 19, "JPY"),
                try xeroPayment("pay-9001", invoice: "9001", "manual-9001", "25.00", 18),
                try xeroPayment("pay-1001-again", invoice: "1001", "ch_1001", "100.00", 12),
                try refundPayment("pay-r3", note: "0003", "CM-1003", "10.00", 28),
                try refundPayment("pay-r9", note: "0009", "refund 9002", "15.00", 21),
            ],
            statement: [
                BankLine(
                    id: "stmt-1", amount: try money("149.75"), date: try day(12), reference: "po_1",
                    source: "statement.xml:1"),
                BankLine(
                    id: "stmt-9", amount: try money("999.99"), date: try day(20), reference: "DEP-X",
                    source: "statement.xml:2"),
                BankLine(
                    id: "stmt-jp", amount: try money("5000", "JPY"), date: try day(21), reference: "ch_2001",
                    source: "statement-jpy.xml:1"),
            ],
            payouts: [
                try payout("1001", "ch_1001", gross: "100.00", fee: "3.20", net: "96.80", line: 2),
                try payout("1002", "ch_1002", gross: "50.00", fee: "1.75", net: "48.25", line: 3),
                try payout("9003", "ch_9003", gross: "5.00", fee: "0.30", net: "4.70", line: 4),
            ],
            asOf: try day(30), settings: settings)
    }

    static func header(generatedAt: Date = Date(timeIntervalSince1970: 1_796_104_800)) throws -> ReportHeader {
        ReportHeader(
            pair: "demo", period: try Period(year: 2026, month: 11), runID: 7,
            asOf: Date(timeIntervalSince1970: 1_796_076_000), generatedAt: generatedAt, timeZone: "Europe/Berlin",
            source: "fixture")
    }

    /// A run with no inventory rows: the payments sections are what is under test.
    struct NoPlanRows: PlanRowSource {
        func rows(after sku: String?, limit: Int) async throws -> [InventoryRow] { [] }
    }
}
