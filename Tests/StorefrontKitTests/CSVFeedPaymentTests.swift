import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("CSV feed: payments, order payments and refund totals")
struct CSVFeedPaymentTests {
    static func time(_ text: String) throws -> Date { try #require(ISOTimestamp.parse(text)) }
    static func money(_ minorUnits: Int64, _ code: String) throws -> Money {
        Money(minorUnits: minorUnits, currency: try Currency(code: code))
    }

    static func payment(
        _ id: String, order: String, reference: String? = nil, _ minorUnits: Int64, _ code: String = "EUR",
        at time: String
    ) throws -> StorePayment {
        let taken = try Self.time(time)
        return StorePayment(
            id: id, number: nil, orderID: order, reference: reference, amount: try Self.money(minorUnits, code),
            createdAt: taken, updatedAt: taken)
    }

    /// `line 4 txn-2`: each problem's line and subject, in order.
    static func found(_ problems: [InputProblem]) -> [String] {
        problems.map { "\(lineNumber($0) ?? 0) \($0.subject)" }
    }

    // MARK: - The payment files

    @Test func aMappedFileWithADecimalCommaIsRead() async throws {
        let feed = try FeedFolder()
        // Semicolons, so the decimal separator is a comma; times in the feed's date format and zone.
        try feed.write(
            "Zahlungen-Nov.CSV",
            """
            Zahlung;Bestellung;Transaktion;Betrag;Waehrung;Datum
            Z-1;1001;pi_3Nx;119,90;EUR;19.11.2026 10:15
            Z-2;1002;;5;CHF;19.11.2026 12:00
            """)
        try feed.write("orders.csv", "order_number,created_at,sku,quantity,currency\n")
        let storefront = try feed.storefront {
            $0.paymentsFile = "zahlungen*.csv"
            $0.dateFormat = "dd.MM.yyyy HH:mm"
            $0.timeZone = "Europe/Berlin"
            $0.columns.payments = CSVFeedSettings.PaymentColumns(
                id: "Zahlung", order: "Bestellung", transactionID: "Transaktion", amount: "Betrag",
                currency: "Waehrung", date: "Datum")
        }
        let read = try await storefront.readPayments(since: nil, lookback: nil)
        #expect(read.problems.isEmpty)
        #expect(
            read.records == [
                try Self.payment("Z-1", order: "1001", reference: "pi_3Nx", 11_990, at: "2026-11-19T09:15:00Z"),
                try Self.payment("Z-2", order: "1002", 500, "CHF", at: "2026-11-19T11:00:00Z"),
            ])
        #expect(read.cursor == (try Self.time("2026-11-19T11:00:00Z")))
        // Every row has its currency, so the order files are not read.
        #expect(read.calls == CallTally(made: 1, lowerBound: 1))
    }

    @Test func aBadRowIsAProblemNamingItsLineAndTheOtherRowsAreRead() async throws {
        let feed = try FeedFolder()
        let file = try feed.write(
            "payments.csv",
            [
                "payment_id,order_number,transaction_id,amount,currency,date",
                "P-1,1001,txn-1,25.00,EUR,2026-11-19T10:00:00Z",  // 2
                "",  // 3: blank, still a line
                "P-2,1001,txn-2,25.0x,EUR,2026-11-19T10:00:00Z",  // 4
                "P-3,1002,,\"1,234.50\",EUR,2026-11-19T10:00:00Z",  // 5
                "P-4,1002,,-5.00,EUR,2026-11-19T10:00:00Z",  // 6
                "P-5,1002,,12.345,EUR,2026-11-19T10:00:00Z",  // 7
                ",1003,,1.00,EUR,2026-11-19T10:00:00Z",  // 8
                "P-7,,,1.00,EUR,2026-11-19T10:00:00Z",  // 9
                "P-8,1003,,1.00,EURO,2026-11-19T10:00:00Z",  // 10
                "P-9,1003,,1.00,EUR,2026-11-19 10:00:00",  // 11
                "P-10,1003,,1.00,EUR",  // 12
                "\"P-11\",\"1004\",\"txn\n11\",\"7.50\",EUR,2026-11-19T11:00:00Z",  // 13 and 14
                "P-12,1005,txn-12,\"12\"x,EUR,2026-11-19T10:00:00Z",  // 15
                "P-13,1005,,3,EUR,2026-11-19T12:00:00Z",  // 16
            ].joined(separator: "\n"))
        let read = try await feed.storefront { $0.paymentsFile = "payments.csv" }.readPayments(
            since: nil, lookback: nil)
        #expect(
            read.records == [
                try Self.payment("P-1", order: "1001", reference: "txn-1", 2500, at: "2026-11-19T10:00:00Z"),
                try Self.payment("P-11", order: "1004", reference: "txn\n11", 750, at: "2026-11-19T11:00:00Z"),
                try Self.payment("P-13", order: "1005", 300, at: "2026-11-19T12:00:00Z"),
            ])
        #expect(
            Self.found(read.problems) == [
                "4 \(InputProblem.Subject.reference("txn-2"))", "5 \(InputProblem.Subject.document("payment P-3"))",
                "6 \(InputProblem.Subject.document("payment P-4"))",
                "7 \(InputProblem.Subject.document("payment P-5"))", "8 \(InputProblem.Subject.unknown)",
                "9 \(InputProblem.Subject.document("payment P-7"))",
                "10 \(InputProblem.Subject.document("payment P-8"))",
                "11 \(InputProblem.Subject.document("payment P-9"))",
                "12 \(InputProblem.Subject.document("payment P-10"))",
                "15 \(InputProblem.Subject.reference("txn-12"))",
            ])
        #expect(read.problems.allSatisfy { $0.source == file && $0.message.hasSuffix("; the payment is not used") })
        let messages = read.problems.map(\.message)
        #expect(messages[0].contains("amount \"25.0x\" is not a decimal number"))
        #expect(messages[1].contains("amount \"1,234.50\" has a thousands separator"))
        #expect(messages[2].contains("amount \"-5.00\" is negative"))
        #expect(messages[3].contains("amount \"12.345\" has more than 2 decimal places"))
        #expect(messages[4].contains("the payment id (payment_id) is empty"))
        #expect(messages[5].contains("the order (order_number) is empty"))
        #expect(messages[6].contains("unknown currency code \"EURO\""))
        #expect(messages[7].contains("has no UTC offset: set timezone"))
        #expect(messages[8].contains("has 5 cells where the header has 6"))
        #expect(messages[9].contains("text after its closing quote"))
        #expect(read.cursor == (try Self.time("2026-11-19T12:00:00Z")))
    }

    @Test func aRowWithoutACurrencyIsInItsOrdersCurrency() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "orders.csv",
            """
            order_number,created_at,sku,quantity,currency
            1001,2026-10-01T09:00:00Z,MUG,1,JPY
            1002,2026-11-19T09:00:00Z,MUG,1,EUR
            """)
        try feed.write(
            "payments.csv",
            """
            payment_id,order_number,amount,currency,date
            P-1,1001,1500,,2026-11-19T10:00:00Z
            P-2,1002,12.5,,2026-11-19T10:00:00Z
            P-3,1002,12.5,USD,2026-11-19T10:00:00Z
            P-4,9999,1,,2026-11-19T10:00:00Z
            P-5,1001,1500.5,,2026-11-19T10:00:00Z
            """)
        let storefront = try feed.storefront { $0.paymentsFile = "payments.csv" }
        // The order files are read whole: order 1001 is older than the payments' cursor.
        let read = try await storefront.readPayments(since: try Self.time("2026-11-19T00:00:00Z"), lookback: nil)
        #expect(
            read.records == [
                try Self.payment("P-1", order: "1001", 1500, "JPY", at: "2026-11-19T10:00:00Z"),
                try Self.payment("P-2", order: "1002", 1250, at: "2026-11-19T10:00:00Z"),
                try Self.payment("P-3", order: "1002", 1250, "USD", at: "2026-11-19T10:00:00Z"),
            ])
        #expect(read.problems.map(lineNumber) == [5, 6])
        #expect(read.problems.first?.message.contains("order 9999 was not read from the order files") == true)
        #expect(read.problems.last?.message.contains("amount \"1500.5\" has more than 0 decimal places") == true)
        // The payment file, then the order file read once for the currencies.
        #expect(read.calls == CallTally(made: 2, lowerBound: 2))
    }

    @Test func readsAreIncrementalByPaymentTime() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "payments.csv",
            """
            payment_id,order_number,amount,currency,date
            P-1,1001,10.00,EUR,2026-11-19T08:00:00Z
            P-2,1002,oops,EUR,2026-11-19T08:30:00Z
            P-3,1003,30.00,EUR,2026-11-19T12:00:00Z
            P-4,1004,40.00,EUR,later
            """)
        let storefront = try feed.storefront { $0.paymentsFile = "payments.csv" }
        func read(since: String?, lookback: Duration? = nil) async throws -> StorefrontRead<StorePayment> {
            try await storefront.readPayments(since: try since.map { try Self.time($0) }, lookback: lookback)
        }
        let all = try await read(since: nil)
        #expect(all.records.map(\.id) == ["P-1", "P-3"])
        #expect(all.problems.map(lineNumber) == [3, 5])
        #expect(all.cursor == (try Self.time("2026-11-19T12:00:00Z")))

        // A row from before the cursor was read (and reported) before; a row whose time cannot be
        // read is reported every time.
        let later = try await read(since: "2026-11-19T10:00:00Z")
        #expect(later.records.map(\.id) == ["P-3"])
        #expect(later.problems.map(lineNumber) == [5])
        #expect(try await read(since: "2026-11-19T12:00:00Z").records.map(\.id) == ["P-3"])
        let none = try await read(since: "2026-11-19T12:00:01Z")
        #expect(none.records.isEmpty)
        #expect(none.cursor == nil)
        // Without a cursor, the lookback counts back from now (2026-11-20T09:00:00Z).
        #expect(try await read(since: nil, lookback: .seconds(22 * 3600)).records.map(\.id) == ["P-3"])
        #expect(try await read(since: nil, lookback: .seconds(26 * 3600)).records.map(\.id) == ["P-1", "P-3"])
    }

    @Test func aPaymentOnSeveralRowsKeepsItsLatestCopy() async throws {
        let feed = try FeedFolder()
        let header = "payment_id,order_number,amount,currency,date"
        try feed.write("payments-1.csv", "\(header)\nP-1,1001,10.00,EUR,2026-11-19T08:00:00Z\n")
        try feed.write(
            "payments-2.csv",
            """
            \(header)
            P-1,1001,10.00,EUR,2026-11-19T08:00:00Z
            P-1,1001,12.00,EUR,2026-11-19T09:00:00Z
            P-2,1002,5.00,EUR,2026-11-19T08:00:00Z
            P-2,1002,6.00,EUR,2026-11-19T08:00:00Z
            """)
        let read = try await feed.storefront { $0.paymentsFile = "payments-*.csv" }.readPayments(
            since: nil, lookback: nil)
        #expect(read.records == [try Self.payment("P-1", order: "1001", 1200, at: "2026-11-19T09:00:00Z")])
        #expect(read.problems.map(\.subject) == [.document("payment P-2")])
        #expect(
            read.problems.first?.message.contains(
                "payments-2.csv line 4 and \(feed.path)/payments-2.csv line 5: payment_id P-2 appears 2 times with "
                    + "different contents and the same date") == true)
    }

    @Test func noPaymentFilesReadsNoPayments() async throws {
        let feed = try FeedFolder()
        try feed.write("payments.csv", "payment_id,order_number,amount,currency,date\nP-1,1,1,EUR,2026-11-19\n")
        // Without payments_file the feed reads no payments, whatever the folder holds.
        let unset = try await feed.storefront().readPayments(since: nil, lookback: nil)
        #expect(unset.records.isEmpty)
        #expect(unset.calls == CallTally())
        let noMatch = try await feed.storefront { $0.paymentsFile = "captures*.csv" }.readPayments(
            since: nil, lookback: nil)
        #expect(noMatch.records.isEmpty)
        #expect(noMatch.problems.isEmpty)
        #expect(noMatch.cursor == nil)
    }

    @Test func missingPaymentColumnsAreAnError() async throws {
        let feed = try FeedFolder()
        try feed.write("payments.csv", "payment_id,order_number,total\nP-1,1001,5\n")
        let error = await #expect(throws: TrueUpError.self) {
            try await feed.storefront { $0.paymentsFile = "payments.csv" }.readPayments(since: nil, lookback: nil)
        }
        #expect(error?.message.contains("the header has no columns amount, date") == true)
        #expect(error?.message.contains("columns.payments") == true)
        #expect(throws: TrueUpError.self) { try feed.storefront { $0.paymentsFile = "*/payments.csv" } }
    }

    // MARK: - An order's payment

    @Test func anOrdersPaymentColumnsAreItsPayment() async throws {
        let feed = try FeedFolder()
        let file = try feed.write(
            "orders.csv",
            [
                "order_number,created_at,sku,quantity,currency,payment_method,amount_paid,transaction_id",
                "1001,2026-11-19T09:00:00Z,MUG,1,EUR,paypal,49.90,PAY-1",  // 2
                "1001,2026-11-19T09:00:00Z,TEE,2,EUR,,,",  // 3: the order's first row gave them
                "1002,2026-11-19T09:00:00Z,MUG,1,EUR,,,",  // 4
                "1003,2026-11-19T09:00:00Z,MUG,1,EUR,card,10.00,",  // 5
                "1003,2026-11-19T09:00:00Z,TEE,1,EUR,card,12.00,",  // 6
                "1004,2026-11-19T09:00:00Z,MUG,1,EUR,card,ten,",  // 7
                "1005,2026-11-19T09:00:00Z,MUG,1,JPY,,0,",  // 8
                "1005,2026-11-19T09:00:00Z,TEE,1,JPY,,0.0,",  // 9: the same amount
                "1006,2026-11-19T09:00:00Z,MUG,1,EUR,card,,ch_1",  // 10
                "1006,2026-11-19T09:00:00Z,TEE,1,EUR,invoice,,ch_1",  // 11
            ].joined(separator: "\n"))
        let read = try await feed.storefront().readOrders(since: nil, lookback: nil)
        #expect(read.records.map(\.number) == ["1001", "1002", "1005"])
        #expect(
            read.records.map(\.payment) == [
                OrderPayment(method: "paypal", amountPaid: try Self.money(4990, "EUR"), lastTransactionID: "PAY-1"),
                nil,
                OrderPayment(method: nil, amountPaid: try Self.money(0, "JPY"), lastTransactionID: nil),
            ])
        #expect(read.records.first?.lines.count == 2)
        #expect(read.problems.map(\.subject) == [.order("1003"), .order("1004"), .order("1006")])
        #expect(read.problems.map(lineNumber) == [6, 7, 11])
        #expect(read.problems.allSatisfy { $0.source == file })
        let messages = read.problems.map(\.message)
        #expect(messages[0].contains("amount_paid 12.00 differs from 10.00 on line 5 of the same order"))
        #expect(messages[1].contains("amount_paid \"ten\" is not a decimal number"))
        #expect(messages[2].contains("payment_method \"invoice\" differs from \"card\" on line 10 of the same order"))
    }

    @Test func mappedOrderPaymentColumnsReadADecimalComma() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "orders.csv",
            """
            Bestellung;Datum;Artikel;Menge;Waehrung;Zahlart;Bezahlt;Transaktion
            3001;2026-11-19T09:00:00Z;MUG;1;EUR;Rechnung;119,90;T-1
            3002;2026-11-19T09:00:00Z;MUG;1;EUR;Vorkasse;119.90;
            """)
        var columns = CSVFeedSettings.OrderColumns(
            number: "Bestellung", createdAt: "Datum", sku: "Artikel", quantity: "Menge", currency: "Waehrung")
        columns.paymentMethod = "Zahlart"
        columns.amountPaid = "Bezahlt"
        columns.transactionID = "Transaktion"
        let mapped = columns
        let read = try await feed.storefront { $0.columns.orders = mapped }.readOrders(since: nil, lookback: nil)
        #expect(
            read.records.map(\.payment) == [
                OrderPayment(method: "Rechnung", amountPaid: try Self.money(11_990, "EUR"), lastTransactionID: "T-1")
            ])
        #expect(read.problems.map(\.subject) == [.order("3002")])
        #expect(read.problems.first?.message.contains("Bezahlt \"119.90\" has a point") == true)

        // A column named in the settings must be in the file.
        columns.amountPaid = "Gezahlt"
        let misnamed = columns
        let error = await #expect(throws: TrueUpError.self) {
            try await feed.storefront { $0.columns.orders = misnamed }.readOrders(since: nil, lookback: nil)
        }
        #expect(error?.message.contains("the header has no column Gezahlt") == true)
    }

    // MARK: - A refund's total

    @Test func aRefundsTotalComesFromTheFirstRowThatGivesIt() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "refunds.csv",
            [
                "refund_number,order_number,created_at,sku,quantity,currency,refund_total,transaction_id",
                "R-1,1001,2026-11-19T13:00:00Z,MUG,1,EUR,,re_1",  // 2
                "R-1,1001,2026-11-19T13:00:00Z,TEE,1,EUR,12.50,re_1",  // 3
                "R-1,1001,2026-11-19T13:00:00Z,CAP,1,EUR,,",  // 4
                "R-2,1002,2026-11-19T13:00:00Z,MUG,1,EUR,20.00,",  // 5
                "R-2,1002,2026-11-19T13:00:00Z,TEE,1,EUR,20,",  // 6: the same amount
                "R-3,1003,2026-11-19T13:00:00Z,MUG,1,EUR,10.00,",  // 7
                "R-3,1003,2026-11-19T13:00:00Z,TEE,1,EUR,15.00,",  // 8
                "R-4,1004,2026-11-19T13:00:00Z,MUG,1,EUR,-5.00,",  // 9
                "R-5,1005,2026-11-19T13:00:00Z,MUG,1,EUR,,",  // 10
                "R-6,1006,2026-11-19T13:00:00Z,MUG,1,EUR,,re_6a",  // 11
                "R-6,1006,2026-11-19T13:00:00Z,TEE,1,EUR,,re_6b",  // 12
            ].joined(separator: "\n"))
        let read = try await feed.storefront { $0.refundsFile = "refunds.csv" }.readRefunds(
            since: nil, lookback: nil, orders: OrderContext())
        #expect(read.records.map(\.number) == ["R-1", "R-2", "R-5"])
        #expect(read.records.map(\.total) == [try Self.money(1250, "EUR"), try Self.money(2000, "EUR"), nil])
        #expect(read.records.map(\.reference) == ["re_1", nil, nil])
        #expect(read.records.first?.lines.map(\.sku) == ["MUG", "TEE", "CAP"])
        #expect(read.problems.map(\.subject) == [.refund("R-3"), .refund("R-4"), .refund("R-6")])
        #expect(read.problems.map(lineNumber) == [8, 9, 12])
        let messages = read.problems.map(\.message)
        #expect(messages[0].contains("refund_total 15.00 differs from 10.00 on line 7 of the same refund"))
        #expect(messages[0].hasSuffix("refund R-3 is not used"))
        #expect(messages[1].contains("refund_total \"-5.00\" is negative"))
        #expect(messages[2].contains("transaction_id \"re_6b\" differs from \"re_6a\" on line 11 of the same refund"))
    }

    @Test func mappedRefundTotalsReadADecimalComma() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "gutschriften.csv",
            """
            Gutschrift;Bestellung;Datum;Artikel;Menge;Waehrung;Betrag;Referenz
            G-1;3001;2026-11-19T13:00:00Z;MUG;1;EUR;19,95;rf-9
            """)
        let read = try await feed.storefront {
            $0.refundsFile = "gutschriften.csv"
            $0.columns.refunds = CSVFeedSettings.RefundColumns(
                number: "Gutschrift", order: "Bestellung", createdAt: "Datum", sku: "Artikel", quantity: "Menge",
                currency: "Waehrung", total: "Betrag", transactionID: "Referenz")
        }.readRefunds(since: nil, lookback: nil, orders: OrderContext())
        #expect(read.problems.isEmpty)
        #expect(read.records.map(\.total) == [try Self.money(1995, "EUR")])
        #expect(read.records.map(\.reference) == ["rf-9"])
    }

    // MARK: - Settings

    @Test func settingsStoredBeforeThePaymentColumnsStillDecode() throws {
        var current = CSVFeedSettings(folder: "/feed", refundsFile: "refunds*.csv")
        current.columns.orders.status = "Status"
        let encoded = try JSONEncoder().encode(current)
        var stored = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        var columns = try #require(stored["columns"] as? [String: Any])
        #expect(columns["payments"] != nil)
        columns["payments"] = nil
        stored["columns"] = columns
        let older = try JSONSerialization.data(withJSONObject: stored)
        #expect(try JSONDecoder().decode(CSVFeedSettings.self, from: older) == current)
    }
}
