import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("CSV feed: orders and refunds")
struct CSVFeedOrderTests {
    static let header =
        "order_number,created_at,updated_at,sku,quantity,quantity_canceled,quantity_refunded,currency,status"
    static let orders = [
        header,
        "1001,2026-11-19T10:00:00+01:00,2026-11-19T12:00:00Z,MUG,2,0,,EUR,processing",
        "1002,2026-11-19T11:00:00Z,,TEE,1,,,EUR,new",
        "1001,2026-11-19T10:00:00+0100,2026-11-19T11:00:00Z,TEE,3,1,1,EUR,processing",
    ].joined(separator: "\n")

    static func time(_ text: String) throws -> Date { try #require(ISOTimestamp.parse(text)) }
    static func quantity(_ units: Int64) -> Quantity { Quantity(units: units) }

    @Test func rowsOfOneOrderAreItsLines() async throws {
        let feed = try FeedFolder()
        try feed.write("orders.csv", Self.orders)
        let read = try await feed.storefront().readOrders(since: nil, lookback: nil)
        #expect(read.problems.isEmpty)
        #expect(
            read.records == [
                Order(
                    id: "1001", number: "1001", state: "processing", createdAt: try Self.time("2026-11-19T09:00:00Z"),
                    updatedAt: try Self.time("2026-11-19T12:00:00Z"), currency: try Currency(code: "EUR"),
                    lines: [
                        OrderLine(sku: "MUG", quantityOrdered: Self.quantity(2)),
                        OrderLine(
                            sku: "TEE", quantityOrdered: Self.quantity(3), quantityCanceled: Self.quantity(1),
                            quantityRefunded: Self.quantity(1)),
                    ]),
                Order(
                    id: "1002", number: "1002", state: "new", createdAt: try Self.time("2026-11-19T11:00:00Z"),
                    updatedAt: try Self.time("2026-11-19T11:00:00Z"), currency: try Currency(code: "EUR"),
                    lines: [OrderLine(sku: "TEE", quantityOrdered: Self.quantity(1))]),
            ])
        #expect(read.cursor == (try Self.time("2026-11-19T12:00:00Z")))
        #expect(read.calls == CallTally(made: 1, lowerBound: 1))
    }

    @Test func readsAreIncrementalByUpdateTime() async throws {
        let feed = try FeedFolder()
        try feed.write("orders.csv", Self.orders)
        let storefront = try feed.storefront()
        func numbers(since: String?, lookback: Duration? = nil) async throws -> [String] {
            let since = try since.map { try Self.time($0) }
            return try await storefront.readOrders(since: since, lookback: lookback).records.map(\.number)
        }
        #expect(try await numbers(since: "2026-11-19T11:30:00Z") == ["1001"])
        #expect(try await numbers(since: "2026-11-19T11:00:00Z") == ["1001", "1002"])
        #expect(try await numbers(since: "2026-11-19T12:00:01Z") == [])
        // Without a cursor, the lookback counts back from now (2026-11-20T09:00:00Z).
        #expect(try await numbers(since: nil, lookback: .seconds(22 * 3600)) == ["1001", "1002"])
        #expect(try await numbers(since: nil, lookback: .seconds(21 * 3600)) == ["1001"])
        let empty = try await storefront.readOrders(since: try Self.time("2026-11-20T00:00:00Z"), lookback: nil)
        #expect(empty.cursor == nil)
    }

    @Test func aLocalTimeNeedsATimezone() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "orders.csv",
            """
            order_number,created_at,sku,quantity,currency
            2001,2026-11-19 10:00:00,MUG,1,EUR
            2002,2026-11-19T08:00:00Z,MUG,1,EUR
            2003,2026-11-19,MUG,1,EUR
            """)
        let guessed = try await feed.storefront().readOrders(since: nil, lookback: nil)
        #expect(guessed.records.map(\.number) == ["2002"])
        #expect(guessed.problems.map(\.subject) == [.order("2001"), .order("2003")])
        #expect(guessed.problems.allSatisfy { $0.message.contains("has no UTC offset: set timezone") })
        #expect(guessed.problems.map(lineNumber) == [2, 4])

        let placed = try await feed.storefront { $0.timeZone = "Europe/Berlin" }.readOrders(since: nil, lookback: nil)
        #expect(placed.problems.isEmpty)
        #expect(
            placed.records.map(\.createdAt) == [
                try Self.time("2026-11-19T09:00:00Z"), try Self.time("2026-11-19T08:00:00Z"),
                try Self.time("2026-11-18T23:00:00Z"),
            ])
    }

    @Test func aDateFormatReadsLocalTimesInTheTimezone() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "orders.csv",
            """
            Bestellung;Datum;Artikel;Menge;Waehrung
            3001;19.11.2026 10:15;MUG;1,5;NZD
            3002;19.07.2026 10:15;MUG;1;NZD
            """)
        let storefront = try feed.storefront {
            $0.dateFormat = "dd.MM.yyyy HH:mm"
            $0.timeZone = "Pacific/Auckland"
            $0.wholeUnits = false
            $0.columns.orders = CSVFeedSettings.OrderColumns(
                number: "Bestellung", createdAt: "Datum", sku: "Artikel", quantity: "Menge", currency: "Waehrung")
        }
        let read = try await storefront.readOrders(since: nil, lookback: nil)
        #expect(read.problems.isEmpty)
        // New Zealand keeps daylight time (+13:00) in November and standard time (+12:00) in July.
        #expect(
            read.records.map(\.createdAt) == [
                try Self.time("2026-11-18T21:15:00Z"), try Self.time("2026-07-18T22:15:00Z"),
            ])
        #expect(read.records.first?.lines.first?.quantityOrdered == Quantity(ticks: 15_000))
    }

    @Test func aBadLineIsAProblemAboutItsSKUAndTheOrderIsKept() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "orders.csv",
            [
                Self.header,
                "1001,2026-11-19T09:00:00Z,,MUG,two,,,EUR,new",  // 2
                "1001,2026-11-19T09:00:00Z,,TEE,1,,,EUR,new",  // 3
                "1002,2026-11-19T09:00:00Z,,TEE,1,,,EUR,new",  // 4
                "1002,2026-11-19T09:00:00Z,,MUG,1,,,USD,new",  // 5: another currency
                "1003,2026-11-19T09:00:00Z,,MUG,1,,,EURO,new",  // 6
                "1004,2026-11-19T09:00:00Z,,MUG,1,,EUR,new",  // 7: a cell short
                ",2026-11-19T09:00:00Z,,MUG,1,,,EUR,new",  // 8
                "1005,2026-11-19T09:00:00Z,,,1,,,EUR,new",  // 9
                "1006,yesterday,,MUG,1,,,EUR,new",  // 10
                "1007,2026-11-19T09:00:00Z,,MUG,1,x,,EUR,new",  // 11
            ].joined(separator: "\n"))
        let read = try await feed.storefront().readOrders(since: nil, lookback: nil)
        // 1007 is kept without its unreadable line, as 1001 is.
        #expect(read.records.map(\.number) == ["1001", "1007"])
        #expect(read.records.map { $0.lines.map(\.sku) } == [["TEE"], []])
        let found = read.problems.map { "\($0.subject) \(lineNumber($0) ?? 0)" }
        #expect(
            found == [
                "\(InputProblem.Subject.unknown) 8", "\(InputProblem.Subject.sku("MUG")) 2",
                "\(InputProblem.Subject.order("1002")) 5", "\(InputProblem.Subject.order("1003")) 6",
                "\(InputProblem.Subject.order("1004")) 7", "\(InputProblem.Subject.order("1005")) 9",
                "\(InputProblem.Subject.order("1006")) 10", "\(InputProblem.Subject.sku("MUG")) 11",
            ])
        #expect(read.problems[1].message.contains("quantity \"two\" is not a decimal number"))
        #expect(read.problems[2].message.contains("the currency differs from line 4 of the same order"))
        #expect(read.problems[3].message.contains("unknown currency code \"EURO\""))
        #expect(read.problems[7].message.contains("quantity_canceled \"x\""))

        // Problems with orders from before the cursor were reported when they were read; those whose
        // time cannot be trusted are reported again.
        let later = try await feed.storefront().readOrders(
            since: try Self.time("2026-11-19T10:00:00Z"), lookback: nil)
        #expect(later.records.isEmpty)
        #expect(later.problems.map(\.subject) == [.unknown, .order("1004"), .order("1006")])
    }

    @Test func anOrderInSeveralFilesKeepsItsLatestCopy() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "orders-1.csv", "\(Self.header)\n1001,2026-11-19T09:00:00Z,2026-11-19T10:00:00Z,MUG,2,,,EUR,new\n")
        try feed.write(
            "orders-2.csv", "\(Self.header)\n1001,2026-11-19T09:00:00Z,2026-11-19T11:00:00Z,MUG,1,1,,EUR,new\n")
        try feed.write("other.csv", "\(Self.header)\n9999,2026-11-19T09:00:00Z,,MUG,1,,,EUR,new\n")
        let read = try await feed.storefront().readOrders(since: nil, lookback: nil)
        #expect(read.records.count == 1)
        #expect(read.records.first?.lines.first?.quantityCanceled == Self.quantity(1))
        #expect(read.calls == CallTally(made: 2, lowerBound: 2))

        try feed.write(
            "orders-3.csv", "\(Self.header)\n1001,2026-11-19T09:00:00Z,2026-11-19T11:00:00Z,MUG,5,,,EUR,new\n")
        let clash = try await feed.storefront().readOrders(since: nil, lookback: nil)
        #expect(clash.records.isEmpty)
        #expect(clash.problems.map(\.subject) == [.order("1001")])
        #expect(clash.problems.first?.message.contains("orders-2.csv line 2 and") == true)
    }

    @Test func noOrderFilesReadsNoOrders() async throws {
        let feed = try FeedFolder()
        let read = try await feed.storefront().readOrders(since: nil, lookback: nil)
        #expect(read.records.isEmpty)
        #expect(read.cursor == nil)
        #expect(read.calls == CallTally())
    }

    @Test func missingOrderColumnsAreAnError() async throws {
        let feed = try FeedFolder()
        try feed.write("orders.csv", "order_number,sku,quantity\n1,A,1\n")
        let error = await #expect(throws: TrueUpError.self) {
            try await feed.storefront().readOrders(since: nil, lookback: nil)
        }
        #expect(error?.message.contains("the header has no columns created_at, currency") == true)
        #expect(error?.message.contains("columns.orders") == true)
    }

    @Test func refundsAreReadFromTheirOwnFiles() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "refunds-nov.csv",
            """
            refund_number,order_number,created_at,sku,quantity,quantity_restocked,currency
            R-1,1001,2026-11-19T13:00:00Z,MUG,2,1,EUR
            R-1,1001,2026-11-19T13:00:00Z,TEE,1,,EUR
            R-2,1002,2026-11-19T14:00:00Z,TEE,1,1,EUR
            """)
        let noFiles = try await feed.storefront().readRefunds(since: nil, lookback: nil, orders: OrderContext())
        #expect(noFiles.records.isEmpty)

        let storefront = try feed.storefront { $0.refundsFile = "refunds*.csv" }
        let read = try await storefront.readRefunds(since: nil, lookback: nil, orders: OrderContext())
        #expect(read.problems.isEmpty)
        #expect(
            read.records == [
                Refund(
                    id: "R-1", number: "R-1", orderID: "1001", createdAt: try Self.time("2026-11-19T13:00:00Z"),
                    updatedAt: try Self.time("2026-11-19T13:00:00Z"), currency: try Currency(code: "EUR"),
                    lines: [
                        RefundLine(sku: "MUG", quantity: Self.quantity(2), quantityRestocked: Self.quantity(1)),
                        RefundLine(sku: "TEE", quantity: Self.quantity(1), quantityRestocked: .zero),
                    ]),
                Refund(
                    id: "R-2", number: "R-2", orderID: "1002", createdAt: try Self.time("2026-11-19T14:00:00Z"),
                    updatedAt: try Self.time("2026-11-19T14:00:00Z"), currency: try Currency(code: "EUR"),
                    lines: [RefundLine(sku: "TEE", quantity: Self.quantity(1), quantityRestocked: Self.quantity(1))]),
            ])
        #expect(read.cursor == (try Self.time("2026-11-19T14:00:00Z")))
        let later = try await storefront.readRefunds(
            since: try Self.time("2026-11-19T13:30:00Z"), lookback: nil, orders: OrderContext())
        #expect(later.records.map(\.number) == ["R-2"])
    }

    @Test func theFeedDeclaresWhatItCanDo() async throws {
        let feed = try FeedFolder()
        let storefront = try feed.storefront { $0.wholeUnits = false }
        #expect(storefront.platform == "csv")
        #expect(storefront.capabilities.stockWrite == .absolute)
        #expect(storefront.capabilities.wholeUnits == false)
        #expect(storefront.capabilities.orderStatuses.isEmpty)
        #expect(storefront.capabilities.deductsAtShipment == false)
        #expect(storefront.capabilities.stockWriteChunk == CSVFeedStorefront.oneChunk)
        #expect(try await storefront.readPayments(since: nil, lookback: nil).records.isEmpty)
        #expect(try await storefront.readTransactions(since: nil, lookback: nil).records.isEmpty)
        let error = await #expect(throws: TrueUpError.self) {
            try await storefront.setOrderStatus(orderID: "1001", status: "complete", comment: "paid")
        }
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("cannot set order statuses") == true)
    }

    @Test func settingsThatCannotWorkAreRefused() throws {
        let feed = try FeedFolder()
        #expect(throws: TrueUpError.self) { try feed.storefront { $0.timeZone = "Mars/Olympus" } }
        #expect(throws: TrueUpError.self) { try feed.storefront { $0.dateFormat = "dd.MM.yyyy" } }
        #expect(throws: TrueUpError.self) { try feed.storefront { $0.stockFile = "*/stock.csv" } }
        _ = try feed.storefront { $0.dateFormat = "dd.MM.yyyy HH:mm xxx" }
    }
}
