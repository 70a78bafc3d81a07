public import Foundation
public import TrueUpCore

/// One shop, whatever its platform: what TrueUp reads from it and what it may write back.
///
/// Reads. Stock is always a full scan (no platform has a watermark for it). Orders, refunds and
/// payment transactions are read incrementally from a cursor the caller keeps: each read returns
/// where the next one should start, and the caller stores it only once the records have been put
/// to use, so a failed run reads the same records again. A record that cannot be read becomes an
/// ``InputProblem`` and the rest is kept; a response that cannot be read at all, or a platform
/// that cannot be reached, is a ``TrueUpError``.
///
/// Writes. A platform sets stock the way it does it (``StockWriteMode``) and sets the order
/// statuses it lists in ``StorefrontCapabilities/orderStatuses``; anything else is refused
/// before a request is made.
public protocol Storefront: Sendable {
    /// `magento`, `csv`.
    var platform: String { get }
    var capabilities: StorefrontCapabilities { get }

    /// Every source's quantity of every SKU (Magento MSI source items, a CSV feed's stock file).
    func readStock() async throws(TrueUpError) -> StorefrontRead<StockLevel>

    /// Orders changed since `since` (less the connector's overlap); `nil` reads from `lookback`
    /// before now, or everything when that is `nil` too.
    func readOrders(since: Date?, lookback: Duration?) async throws(TrueUpError) -> StorefrontRead<Order>

    /// Refunds changed since `since`, as ``readOrders(since:lookback:)``. `orders` is the
    /// ``StorefrontRead/context`` of the same run's orders read, which some platforms need to read
    /// refund lines correctly.
    func readRefunds(
        since: Date?, lookback: Duration?, orders: OrderContext
    ) async throws(TrueUpError)
        -> StorefrontRead<Refund>

    /// Payments taken (Magento invoices: captures) changed since `since`, as ``readOrders(since:lookback:)``.
    func readPayments(since: Date?, lookback: Duration?) async throws(TrueUpError) -> StorefrontRead<StorePayment>

    /// Payment transactions created since `since`, as ``readOrders(since:lookback:)``.
    func readTransactions(
        since: Date?, lookback: Duration?
    ) async throws(TrueUpError)
        -> StorefrontRead<StoreTransaction>

    /// Sets stock: one result per write, in order. Only when ``StorefrontCapabilities/stockWrite``
    /// is not `nil`.
    func writeStock(_ writes: [StockWrite]) async throws(TrueUpError) -> [StockWriteResult]

    /// Moves an order to `status` with a comment for the shop's staff. Only for a status in
    /// ``StorefrontCapabilities/orderStatuses``.
    func setOrderStatus(orderID: String, status: String, comment: String) async throws(TrueUpError)

    /// API requests made so far, and the fewest that the same reads and writes could have taken.
    var calls: CallTally { get }
}

/// What a platform can do, declared rather than discovered by failing.
public struct StorefrontCapabilities: Sendable, Hashable {
    /// How the platform sets stock, or `nil` when TrueUp may not write it.
    public var stockWrite: StockWriteMode?
    /// Whether quantities are whole units: a fractional correction for such a platform is a conflict.
    public var wholeUnits: Bool
    /// The order statuses ``Storefront/setOrderStatus(orderID:status:comment:)`` may set.
    public var orderStatuses: Set<String>
    /// Whether stock leaves the platform's quantity when an order ships (Magento MSI source
    /// quantity) rather than when it is placed: decides which order units are in flight.
    public var deductsAtShipment: Bool
    /// The most stock writes sent in one request.
    public var stockWriteChunk: Int

    public init(
        stockWrite: StockWriteMode?, wholeUnits: Bool, orderStatuses: Set<String> = [],
        deductsAtShipment: Bool = false, stockWriteChunk: Int = 1
    ) {
        self.stockWrite = stockWrite
        self.wholeUnits = wholeUnits
        self.orderStatuses = orderStatuses
        self.deductsAtShipment = deductsAtShipment
        self.stockWriteChunk = max(1, stockWriteChunk)
    }
}

/// How a platform changes stock.
public enum StockWriteMode: String, Sendable, Hashable, Codable {
    /// The new quantity is sent (Magento source items): sending it again changes nothing.
    case absolute
    /// A change is sent; the connector re-reads the current value first, so a repeat is caught.
    case delta
}

/// Records read from a storefront, with where the next incremental read starts.
public struct StorefrontRead<Record: Sendable>: Sendable {
    public var records: [Record]
    public var problems: [InputProblem]
    /// Where the next read of this kind starts: the newest change seen, or `nil` when nothing was read.
    public var cursor: Date?
    /// Requests this read made, and the fewest it could have made.
    public var calls: CallTally
    /// What an orders read learned that later reads of the same run need: pass it to
    /// ``Storefront/readRefunds(since:lookback:orders:)``. Empty for other reads.
    public var context: OrderContext

    public init(
        records: [Record], problems: [InputProblem] = [], cursor: Date? = nil, calls: CallTally = CallTally(),
        context: OrderContext = OrderContext()
    ) {
        self.records = records
        self.problems = problems
        self.cursor = cursor
        self.calls = calls
        self.context = context
    }
}

/// Requests made, next to the fewest the same work needed.
public struct CallTally: Sendable, Hashable {
    public var made: Int
    public var lowerBound: Int

    public init(made: Int = 0, lowerBound: Int = 0) {
        self.made = made
        self.lowerBound = lowerBound
    }

    public static func + (lhs: CallTally, rhs: CallTally) -> CallTally {
        CallTally(made: lhs.made + rhs.made, lowerBound: lhs.lowerBound + rhs.lowerBound)
    }

    public static func += (lhs: inout CallTally, rhs: CallTally) { lhs = lhs + rhs }
}

/// The orders a run has read, for platforms whose refund lines need them (Magento credit memo
/// rows do not say which are configurable or bundle containers).
public struct OrderContext: Sendable {
    public var magentoItems: MagentoOrderItemIndex

    public init(magentoItems: MagentoOrderItemIndex = MagentoOrderItemIndex()) {
        self.magentoItems = magentoItems
    }
}

/// One stock change for a storefront: the quantity one source should hold, and the change that
/// gets it there from what the plan saw.
public struct StockWrite: Sendable, Hashable {
    /// The outbox correction this carries out, for the log and the platform's idempotency.
    public var correctionID: String
    public var sku: String
    public var source: String
    /// The quantity the source should hold (absolute platforms).
    public var quantity: Quantity
    /// The change from ``observed`` (delta platforms).
    public var delta: Quantity
    /// What the source held when the plan was made: a delta platform checks it before writing.
    public var observed: Quantity

    public init(correctionID: String, sku: String, source: String, quantity: Quantity, observed: Quantity) {
        self.correctionID = correctionID
        self.sku = sku
        self.source = source
        self.quantity = quantity
        self.observed = observed
        self.delta = quantity - observed
    }
}

/// What became of one ``StockWrite``.
public enum StockWriteResult: Sendable, Hashable {
    /// The platform holds the quantity now.
    case applied
    /// The platform refused it for a reason sending again will not change: it becomes a conflict.
    case rejected(String)
    /// It may or may not have happened (a timeout, a 5xx after retries): try again next run.
    case failed(String)
    /// Handed over for the shop to carry out later (a CSV feed's corrections file, imported by the
    /// shop): the correction stays `sent`, and is acknowledged when a later stock read shows it.
    case awaitingConfirmation
}

/// A payment transaction on a storefront order: a capture, a refund, an authorisation.
public struct StoreTransaction: Sendable, Hashable, Codable {
    /// The platform's id of the transaction record.
    public var id: String
    /// The platform id of the order.
    public var orderID: String
    /// The payment gateway's transaction id (Magento `txn_id`), which a Xero payment's
    /// `Reference` carries.
    public var reference: String
    /// `capture`, `refund`, `authorization`, `void`, `order`.
    public var kind: String
    public var createdAt: Date
    public var isClosed: Bool

    public init(id: String, orderID: String, reference: String, kind: String, createdAt: Date, isClosed: Bool) {
        self.id = id
        self.orderID = orderID
        self.reference = reference
        self.kind = kind
        self.createdAt = createdAt
        self.isClosed = isClosed
    }
}

/// Money a storefront took for an order: a Magento invoice (a capture), a CSV feed's payment row.
public struct StorePayment: Sendable, Hashable, Codable {
    /// The platform's id of the payment record (Magento invoice `entity_id`).
    public var id: String
    /// The payment's own number (Magento invoice `increment_id`), where it has one.
    public var number: String?
    /// The platform id of the order.
    public var orderID: String
    /// The payment gateway's transaction id, where the platform records one.
    public var reference: String?
    public var amount: Money
    public var createdAt: Date
    public var updatedAt: Date
    /// The payment method, where the platform records one per payment (a CSV feed's `method`
    /// column); else the order's method applies.
    public var method: String?

    public init(
        id: String, number: String?, orderID: String, reference: String?, amount: Money, createdAt: Date,
        updatedAt: Date, method: String? = nil
    ) {
        self.id = id
        self.number = number
        self.orderID = orderID
        self.reference = reference
        self.amount = amount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.method = method
    }
}
