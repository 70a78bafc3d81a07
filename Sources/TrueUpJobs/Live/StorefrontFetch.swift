public import Foundation
public import StorefrontKit
public import TrueUpCore
public import TrueUpStore

/// Everything a run reads from the storefront: every source's stock, and the orders, refunds and
/// captures changed since the pair's cursors.
public struct StorefrontFetched: Sendable {
    public var stock: StorefrontRead<StockLevel>
    public var orders: StorefrontRead<Order>
    public var refunds: StorefrontRead<Refund>
    /// Captures, for the payments match.
    public var payments: StorefrontRead<StorePayment>
    /// Where each cursor moves once the run has used what was read.
    public var cursors: [String: Date]

    public var problems: [InputProblem] { stock.problems + orders.problems + refunds.problems }
    public var calls: CallTally { stock.calls + orders.calls + refunds.calls + payments.calls }
}

/// Stage 2 for the storefront (DESIGN §1): stock in full, orders and refunds from the stored
/// cursors (the first read reaches back ``PairSettings/firstReadDays``). Cursors are not moved
/// here: ``commit(_:run:at:)`` moves them once the caller has put what was read to use.
public struct StorefrontFetch: Sendable {
    public var pair: String
    public var firstReadDays: Int
    let store: StateStore
    let storefront: any Storefront

    public static let ordersCursor = "store.orders"
    public static let refundsCursor = "store.refunds"
    public static let paymentsCursor = "store.payments"

    public init(pair: String, store: StateStore, storefront: any Storefront, firstReadDays: Int) {
        self.pair = pair
        self.store = store
        self.storefront = storefront
        self.firstReadDays = firstReadDays
    }

    /// - Parameter payments: whether to read the shop's captures too (for the payments match).
    public func fetch(payments includePayments: Bool = true) async throws(TrueUpError) -> StorefrontFetched {
        let stock = try await storefront.readStock()
        let lookback: Duration = .seconds(firstReadDays * 86_400)
        let ordersSince = try await cursor(Self.ordersCursor)
        let orders = try await storefront.readOrders(
            since: ordersSince, lookback: ordersSince == nil ? lookback : nil)
        let refundsSince = try await cursor(Self.refundsCursor)
        let refunds = try await storefront.readRefunds(
            since: refundsSince, lookback: refundsSince == nil ? lookback : nil, orders: orders.context)
        var payments = StorefrontRead<StorePayment>(records: [])
        if includePayments {
            let paymentsSince = try await cursor(Self.paymentsCursor)
            payments = try await storefront.readPayments(
                since: paymentsSince, lookback: paymentsSince == nil ? lookback : nil)
        }
        var cursors: [String: Date] = [:]
        if let cursor = orders.cursor { cursors[Self.ordersCursor] = cursor }
        if let cursor = refunds.cursor { cursors[Self.refundsCursor] = cursor }
        if let cursor = payments.cursor { cursors[Self.paymentsCursor] = cursor }
        return StorefrontFetched(stock: stock, orders: orders, refunds: refunds, payments: payments, cursors: cursors)
    }

    /// Moves the cursors of a completed fetch.
    public func commit(_ fetched: StorefrontFetched, run: Int64?, at now: Date) async throws(TrueUpError) {
        try await store.setTimeCursors(fetched.cursors, pair: pair, run: run, at: now)
    }

    private func cursor(_ name: String) async throws(TrueUpError) -> Date? {
        try await store.timeCursor(pair: pair, name: name)
    }
}
