import Foundation
public import TrueUpCore

/// An emulated Magento 2.4 shop (with or without the Inventory modules, MSI) and the parts of
/// its REST API TrueUp uses, under `/rest/<store code>/V1/…` and `/rest/V1/…`: the admin token,
/// searches with Magento's `searchCriteria` (filters, sort orders, paging, and the page past the
/// end that returns the last page again), source items and their bulk save, legacy stock
/// items, orders and their status comments, invoices, credit memos and payment transactions.
/// Serve it with ``SandboxServer/start(xero:magento:host:port:logger:)``.
///
/// The shop starts from a scenario folder's `magento/*.json` files (see `DESIGN.md` §8). Tests
/// make things happen in it as shoppers and staff would — ``placeOrder(lines:shipped:paid:number:currency:)``,
/// ``ship(orderID:)``, ``refund(orderID:lines:returnToStock:)``, ``cancel(orderID:)``,
/// ``setSourceQuantity(sku:source:quantity:)`` — with MSI's stock movements: an order only
/// reserves units, a shipment takes them from a source, a refund may put them back. They look
/// at the result with ``sourceQuantity(sku:source:)``, ``orders()`` and ``calls()``, and make
/// calls fail with ``inject(_:times:method:pathPrefix:)``.
public final class MagentoSandbox: Sendable {
    /// The configuration in force.
    public let configuration: MagentoSandboxConfiguration
    let state: Locked<MagentoState>
    let exchangeLog: ExchangeLog?
    let answering = WorkMeter()

    /// How long the sandbox has spent answering the REST API, from the operation to the body
    /// written: what a benchmark takes away to see the client's own time.
    public var answeringTime: Duration { answering.elapsed }

    /// Seeds the shop from `folder/magento/` (every file optional), or throws naming the file
    /// that cannot be read.
    public init(scenario folder: String, configuration: MagentoSandboxConfiguration = .init()) throws {
        let store = try MagentoSeed.load(folder: folder, configuration: configuration, now: configuration.now())
        self.configuration = configuration
        state = Locked(MagentoState(store: store))
        exchangeLog = configuration.exchangeLog.map(ExchangeLog.init(path:))
    }

    /// The sandbox's clock.
    var now: Date { configuration.now() }

    private var timestamp: String { MagentoJSON.timestamp(now) }

    /// Makes the next `times` matching calls fail with `fault`. `method` (e.g. `POST`) and
    /// `pathPrefix` (e.g. `/rest/default/V1/inventory/source-items`) narrow which calls match;
    /// without a prefix every call but the admin token's matches, with one any path that starts
    /// with it does. Faults apply to calls that pass authentication, and queue: each call takes
    /// the earliest one that matches.
    ///
    /// With `skipping`, that many matching calls are let through first: the fault hits the next ones.
    public func inject(
        _ fault: SandboxFault, times: Int = 1, skipping: Int = 0, method: String? = nil, pathPrefix: String? = nil
    ) {
        state.withLock {
            $0.faults.add(fault, times: times, skipping: skipping, method: method, pathPrefix: pathPrefix)
        }
    }

    /// Every call answered so far, oldest first.
    public func calls() -> [SandboxCall] {
        state.withLock { $0.calls }
    }

    /// Every admin token issued so far expires now; integration tokens still work.
    public func expireAdminTokens() {
        let now = now
        state.withLock { $0.auth.expireAll(now: now) }
    }

    // MARK: Stock

    /// A source item's quantity now, or `nil` when the SKU has no item at that source.
    public func sourceQuantity(sku: String, source: String = "default") -> Quantity? {
        state.withLock { $0.store.sourceQuantity(sku: sku, source: source) }
    }

    /// What MSI would sell of a SKU now: in-stock source quantity less the units orders hold.
    public func salableQuantity(sku: String) -> Quantity {
        state.withLock { $0.store.salableQuantity(sku: sku) }
    }

    /// Sets a source item's quantity as a stocktake or an admin's edit does, making the item
    /// (and the source) when there is none. The item is in stock exactly when the quantity is
    /// above zero.
    public func setSourceQuantity(sku: String, source: String = "default", quantity: Quantity) {
        state.withLock { state in
            if !state.store.sources.contains(source) {
                state.store.sources.append(
                    JSONObject([
                        "source_code": .string(source), "name": .string(source), "enabled": .bool(true),
                        "country_id": .string("NZ"), "postcode": .string("1010"),
                    ]))
            }
            state.store.setSourceItem(sku: sku, source: source, quantity: quantity, status: quantity.ticks > 0 ? 1 : 0)
        }
    }

    // MARK: Orders

    /// Places an order as a shopper at checkout: a new `entity_id` and `increment_id` (`number`
    /// when given), one simple item per line priced from the product, tax at the configured
    /// rate, `created_at` and `updated_at` now. A `paid` order is invoiced (with a capture
    /// transaction); a `shipped` one is then shipped at once (see ``ship(orderID:)``). Placing
    /// only reserves units: the source quantity moves when the order ships.
    @discardableResult
    public func placeOrder(
        lines: [(sku: String, quantity: Quantity)], shipped: Bool = true, paid: Bool = true, number: String? = nil,
        currency: String = "NZD"
    ) throws -> MagentoPlacedOrder {
        let code: Currency
        do {
            code = try Currency(code: currency)
        } catch {
            throw MagentoSimulationError(error.description)
        }
        let writer = MagentoOrderWriter(currency: code, taxPercent: configuration.taxPercent, timestamp: timestamp)
        let fulfilment = MagentoFulfilment(shippingSource: configuration.shippingSource, timestamp: timestamp)
        return try transaction { store throws(MagentoSimulationError) in
            let placed = try writer.place(
                lines.map { MagentoOrderWriter.Line(sku: $0.sku, quantity: $0.quantity) }, paid: paid, number: number,
                in: &store)
            if shipped { try fulfilment.ship(orderID: placed.entityID, in: &store) }
            return MagentoPlacedOrder(entityID: placed.entityID, incrementID: placed.incrementID)
        }
    }

    /// Ships what is left to ship on an order: each SKU leaves the configured shipping source
    /// when that holds it, else the first source holding enough; its reservation is released
    /// and `qty_shipped` and `updated_at` move. Throws when there is nothing to ship or a
    /// source lacks the units (nothing moves then).
    public func ship(orderID: Int) throws {
        let fulfilment = MagentoFulfilment(shippingSource: configuration.shippingSource, timestamp: timestamp)
        try transaction { store throws(MagentoSimulationError) in try fulfilment.ship(orderID: orderID, in: &store) }
    }

    /// Refunds invoiced units with a credit memo (returned as its `entity_id`): `qty_refunded`,
    /// the refunded totals and `updated_at` move on the order. Units never shipped are released;
    /// shipped ones go back to the source they left when `returnToStock`.
    @discardableResult
    public func refund(orderID: Int, lines: [(sku: String, quantity: Quantity)], returnToStock: Bool) throws -> Int {
        let fulfilment = MagentoFulfilment(shippingSource: configuration.shippingSource, timestamp: timestamp)
        return try transaction { store throws(MagentoSimulationError) in
            try fulfilment.refund(orderID: orderID, lines: lines, returnToStock: returnToStock, in: &store)
        }
    }

    /// Cancels what is neither invoiced nor shipped: `qty_canceled` moves, the reservations are
    /// released, and an order with nothing invoiced or shipped becomes `canceled`. Throws when
    /// nothing can be canceled (a paid order is refunded instead).
    public func cancel(orderID: Int) throws {
        let fulfilment = MagentoFulfilment(shippingSource: configuration.shippingSource, timestamp: timestamp)
        try transaction { store throws(MagentoSimulationError) in try fulfilment.cancel(orderID: orderID, in: &store) }
    }

    /// Runs `change` on a copy of the store and keeps the copy only when it succeeds, so that a
    /// simulated event that cannot happen changes nothing.
    private func transaction<Value>(
        _ change: (inout MagentoStore) throws(MagentoSimulationError) -> Value
    ) throws(MagentoSimulationError) -> Value {
        let outcome = state.withLock { state -> Result<Value, MagentoSimulationError> in
            var store = state.store
            do throws(MagentoSimulationError) {
                let value = try change(&store)
                state.store = store
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// Every order as `GET /V1/orders/{id}` shows it, in the order they were made.
    public func orders() -> [JSONObject] {
        state.withLock { $0.store.orders.records }
    }

    /// The order with this `increment_id`.
    public func order(number: String) -> JSONObject? {
        state.withLock { state in state.store.orders.records.first { $0.text("increment_id") == number } }
    }

    /// Every credit memo, in the order they were made.
    public func creditMemos() -> [JSONObject] {
        state.withLock { $0.store.creditMemos.records }
    }

    /// An order's status history entries (`status_histories`), oldest first.
    public func statusComments(orderID: Int) -> [JSONObject] {
        state.withLock { state in
            let entries = state.store.orders.record(String(orderID))?.array("status_histories") ?? []
            return entries.reversed().compactMap { value in
                guard case .object(let entry) = value else { return nil }
                return entry
            }
        }
    }
}

/// An order placed with ``MagentoSandbox/placeOrder(lines:shipped:paid:number:currency:)``.
public struct MagentoPlacedOrder: Sendable, Equatable {
    /// The order's `entity_id`: the id of `GET /V1/orders/{id}`.
    public let entityID: Int
    /// The order's `increment_id`: its number as the shopper sees it.
    public let incrementID: String

    public init(entityID: Int, incrementID: String) {
        self.entityID = entityID
        self.incrementID = incrementID
    }
}

/// Everything a Magento sandbox changes, behind one lock.
struct MagentoState {
    var store: MagentoStore
    var auth = MagentoAuthState()
    var faults = SandboxFaultQueue()
    var calls: [SandboxCall] = []
}
