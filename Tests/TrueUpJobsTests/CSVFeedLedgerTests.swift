import Foundation
import Logging
import StorefrontKit
import Testing
import TrueUpCore
import TrueUpJobs
import TrueUpTestSupport

/// A CSV feed's orders, payments and refunds, read as a live run reads them and turned into the
/// storefront leg of the payments match.
@Suite("CSV feed: the storefront leg of the payments match")
struct CSVFeedLedgerTests {
    @Test func aCSVCaptureIsAPaymentOfItsOrder() async throws {
        let folder = try TemporaryFolder("csvfeed-ledger")
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: folder.path + "/" + name, atomically: true, encoding: .utf8)
        }
        // Orders have an id of their own, which payments and refunds name.
        try write(
            "orders.csv",
            """
            order_id;order_number;created_at;sku;quantity;currency;payment_method;amount_paid;transaction_id
            7001;100000042;2026-11-18T22:30:00Z;MUG;2;EUR;paypal_express;59,80;
            7001;100000042;2026-11-18T22:30:00Z;TEE;1;EUR;;;
            7002;100000043;2026-11-19T09:00:00Z;MUG;1;EUR;banktransfer;29,90;SEPA-77
            """)
        try write(
            "payments.csv",
            """
            payment_id;order_id;transaction_id;amount;date
            P-1;7001;PAYID-ABC;59,80;2026-11-19T00:15:00+01:00
            """)
        try write(
            "refunds.csv",
            """
            refund_number;order_id;created_at;sku;quantity;currency;refund_total;transaction_id
            R-9;7001;2026-11-19T15:00:00Z;TEE;1;EUR;19,90;REF-9
            R-9;7001;2026-11-19T15:00:00Z;MUG;1;EUR;;
            """)
        var settings = CSVFeedSettings(
            folder: folder.path, refundsFile: "refunds.csv", paymentsFile: "payments.csv")
        settings.columns.orders.id = "order_id"
        settings.columns.payments.order = "order_id"
        settings.columns.refunds.order = "order_id"
        let storefront = try CSVFeedStorefront(settings: settings, logger: Logger(label: "test"))

        let orders = try await storefront.readOrders(since: nil, lookback: nil)
        let payments = try await storefront.readPayments(since: nil, lookback: nil)
        let refunds = try await storefront.readRefunds(since: nil, lookback: nil, orders: orders.context)
        #expect(orders.problems.isEmpty && payments.problems.isEmpty && refunds.problems.isEmpty)
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let ledger = StoreLedger.entries(
            orders: orders.records, payments: payments.records, refunds: refunds.records, timeZone: berlin)

        #expect(ledger.problems.isEmpty)
        let euro = try Currency(code: "EUR")
        #expect(
            ledger.entries == [
                // The capture, in the order's currency, on its Berlin business date, with the order's
                // number and method.
                StoreLedgerEntry(
                    id: "invoice:P-1", kind: .payment, orderNumber: "100000042", reference: "PAYID-ABC",
                    amount: Money(minorUnits: 5980, currency: euro),
                    date: try LocalDate(year: 2026, month: 11, day: 19),
                    method: "paypal_express"),
                // An order paid but with no capture row stands for its own payment.
                StoreLedgerEntry(
                    id: "order:7002", kind: .payment, orderNumber: "100000043", reference: "SEPA-77",
                    amount: Money(minorUnits: 2990, currency: euro),
                    date: try LocalDate(year: 2026, month: 11, day: 19),
                    method: "banktransfer"),
                StoreLedgerEntry(
                    id: "creditmemo:R-9", kind: .refund, orderNumber: "100000042", reference: "REF-9",
                    refundNumber: "R-9", amount: Money(minorUnits: 1990, currency: euro),
                    date: try LocalDate(year: 2026, month: 11, day: 19), method: "paypal_express"),
            ])
    }

    @Test func aCaptureOfAnOrderNotReadIsAProblem() async throws {
        let folder = try TemporaryFolder("csvfeed-ledger")
        try "payment_id,order_number,amount,currency,date\nP-1,999,5.00,EUR,2026-11-19T10:00:00Z\n".write(
            toFile: folder.path + "/payments.csv", atomically: true, encoding: .utf8)
        let storefront = try CSVFeedStorefront(
            settings: CSVFeedSettings(folder: folder.path, paymentsFile: "payments.csv"), logger: Logger(label: "test"))
        let payments = try await storefront.readPayments(since: nil, lookback: nil)
        let ledger = StoreLedger.entries(orders: [], payments: payments.records, refunds: [], timeZone: .gmt)
        #expect(ledger.entries.isEmpty)
        #expect(ledger.problems.map(\.subject) == [.document("invoice P-1")])
    }
}
