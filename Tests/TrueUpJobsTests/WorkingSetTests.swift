import Foundation
import Testing
import TrueUpCore
import TrueUpJobs
import TrueUpStore

/// What a pair keeps between incremental reads, and what it lets go of.
@Suite struct WorkingSetTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    static func order(_ number: String, updated: Date, sold: Int64 = 1, canceled: Int64 = 0) throws -> Order {
        let nzd = try Currency(code: "NZD")
        return Order(
            id: "id-\(number)", number: number, state: "processing", createdAt: updated, updatedAt: updated,
            currency: nzd,
            lines: [
                OrderLine(
                    sku: "MUG", quantityOrdered: Quantity(units: sold), quantityCanceled: Quantity(units: canceled))
            ])
    }

    static func invoice(_ reference: String, status: DocumentStatus, updated: Date) throws -> Invoice {
        let nzd = try Currency(code: "NZD")
        return Invoice(
            id: "inv-\(reference)", number: nil, kind: .accrec, status: status, reference: reference, date: nil,
            currency: nzd, lines: [], updatedAt: updated)
    }

    @Test func postedOrdersAreLetGoOfOnceOlderThanTheRetentionAndUnpostedOnesAreKeptHoweverOld() throws {
        var set = WorkingSet()
        set.orders = [
            try Self.order("1001", updated: Self.daysAgo(60)),  // posted, old: let go
            try Self.order("1002", updated: Self.daysAgo(10)),  // posted, recent: kept (a read may overlap it)
            try Self.order("1003", updated: Self.daysAgo(400)),  // never invoiced: in flight however old
            try Self.order("1004", updated: Self.daysAgo(60), sold: 2, canceled: 2),  // canceled, old: let go
        ]
        set.invoices = [
            try Self.invoice("1001", status: .paid, updated: Self.daysAgo(59)),
            try Self.invoice("1002", status: .authorised, updated: Self.daysAgo(9)),
            try Self.invoice("1003", status: .draft, updated: Self.daysAgo(300)),  // a draft posts nothing
            try Self.invoice("9999", status: .paid, updated: Self.daysAgo(90)),  // no order kept refers to it
        ]

        let settled = set.settled(asOf: Self.now)

        #expect(Set(settled[.order] ?? []) == ["id-1001", "id-1004"])
        // The invoices of orders let go of, and those no kept order refers to, go too; the draft
        // of an order still in flight stays, so that its posting is seen when it comes.
        #expect(Set(settled[.invoice] ?? []) == ["inv-1001", "inv-9999"])
    }

    @Test func theStateKeepsTheLaterCopyOfARecordAndDropsWhatIsSettled() async throws {
        let store = try StateStore.inMemory()
        let run = try await store.beginRun(
            pair: "shop", kind: "plan", source: "test", asOf: Self.now, period: Period(containing: Self.now, in: .gmt),
            settings: "{}", at: Self.now)
        #expect(run > 0)
        let newer = try Self.order("1001", updated: Self.daysAgo(1), sold: 3)
        try await WorkingSet.merge(
            orders: [newer], refunds: [], invoices: [], creditNotes: [], pair: "shop", store: store, at: Self.now)
        // An overlapping read returns an older copy: it does not replace the newer one.
        try await WorkingSet.merge(
            orders: [try Self.order("1001", updated: Self.daysAgo(2), sold: 1)], refunds: [],
            invoices: [try Self.invoice("1001", status: .paid, updated: Self.daysAgo(1))], creditNotes: [],
            pair: "shop",
            store: store, at: Self.now)
        var set = try await WorkingSet.load(pair: "shop", store: store)
        #expect(set.orders == [newer])
        #expect(set.invoices.count == 1)

        #expect(try await set.prune(pair: "shop", store: store, asOf: Self.daysAgo(-60)) == 2)
        set = try await WorkingSet.load(pair: "shop", store: store)
        #expect(set.orders.isEmpty && set.invoices.isEmpty)
    }

    @Test func aKeptRecordThatCannotBeReadIsNamed() async throws {
        let store = try StateStore.inMemory()
        _ = try await store.beginRun(
            pair: "shop", kind: "plan", source: "test", asOf: Self.now, period: Period(containing: Self.now, in: .gmt),
            settings: "{}", at: Self.now)
        try await WorkingSet.merge(
            orders: [try Self.order("1001", updated: Self.daysAgo(1))], refunds: [], invoices: [], creditNotes: [],
            pair: "shop", store: store, at: Self.now)
        try await store.mergeWorking(
            [WorkingRecord(id: "id-bad", updatedAt: Self.now, json: #"{"id":"id-bad"},{"id":"id-other"}"#)],
            family: .order, pair: "shop", at: Self.now)
        do {
            _ = try await WorkingSet.load(pair: "shop", store: store)
            Issue.record("a record that is two records was read")
        } catch {
            #expect(error.description.contains("kept order id-bad cannot be read"))
        }
    }

    @Test func theRecordsJustMergedAreTakenAsReadAndALaterKeptCopyStillWins() async throws {
        let store = try StateStore.inMemory()
        _ = try await store.beginRun(
            pair: "shop", kind: "plan", source: "test", asOf: Self.now, period: Period(containing: Self.now, in: .gmt),
            settings: "{}", at: Self.now)
        let kept = try Self.order("1001", updated: Self.daysAgo(1), sold: 3)
        try await WorkingSet.merge(
            orders: [kept, try Self.order("1002", updated: Self.daysAgo(5))], refunds: [], invoices: [],
            creditNotes: [], pair: "shop", store: store, at: Self.now)
        // This run read an older copy of 1001 (inside the overlap) and a new order 1003.
        let older = try Self.order("1001", updated: Self.daysAgo(2), sold: 1)
        let new = try Self.order("1003", updated: Self.now, sold: 2)
        try await WorkingSet.merge(
            orders: [older, new], refunds: [], invoices: [], creditNotes: [], pair: "shop", store: store, at: Self.now)
        var read = WorkingSet()
        read.orders = [older, new]

        let reused = try await WorkingSet.load(pair: "shop", store: store, reusing: read)
        let decoded = try await WorkingSet.load(pair: "shop", store: store)
        #expect(reused.orders == decoded.orders)
        #expect(reused.orders.map(\.id) == ["id-1001", "id-1002", "id-1003"])
        #expect(reused.orders.first { $0.id == "id-1001" } == kept)

        // A copy the state does not hold (same id, another time) is never taken in its place.
        var stray = new
        stray.updatedAt = Self.daysAgo(3)
        read.orders = [stray]
        let again = try await WorkingSet.load(pair: "shop", store: store, reusing: read)
        #expect(again.orders.first { $0.id == "id-1003" } == new)
    }
}
