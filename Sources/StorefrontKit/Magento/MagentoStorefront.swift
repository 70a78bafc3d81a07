public import Foundation
import Synchronization
public import TrueUpCore

/// A Magento 2 / Adobe Commerce shop as a ``Storefront``, over one ``MagentoClient``.
///
/// Stock is read in full: under MSI the source items of each of the pair's sources (every source
/// when ``MagentoSettings/sources`` is `nil`, listed by `GET /V1/inventory/sources`), one search
/// per source sorted by `sku`, so that each search is sorted on a unique key; in legacy mode the
/// products' stock items, at source `default`. Orders, credit memos and invoices are read from
/// `updated_at`, payment transactions from `created_at` (they have no `updated_at`), each sorted
/// by its id. Stock is written as absolute quantities: MSI source items in chunks, legacy stock
/// items one SKU at a time.
///
/// Order statuses. ``orderStatuses`` are Magento's default statuses of the states an order can
/// be in once placed (`processing`, `complete`, `closed`, `canceled`, `holded`). A status comment
/// (`POST /V1/orders/{id}/comments`) changes the order's status and history, not its state.
public final class MagentoStorefront: Storefront {
    /// The statuses ``setOrderStatus(orderID:status:comment:)`` may set.
    public static let orderStatuses: Set<String> = ["processing", "complete", "closed", "canceled", "holded"]

    public let client: MagentoClient
    /// Whether the shop runs the legacy CatalogInventory rather than MSI.
    public let usesLegacyInventory: Bool
    public let capabilities: StorefrontCapabilities
    let now: @Sendable () -> Date
    private let lowerBound = Mutex(0)

    public var platform: String { "magento" }

    var settings: MagentoSettings { client.settings }

    /// A storefront whose stock system is known: `legacyInventory` overrides
    /// ``MagentoSettings/inventory``. ``connect(_:now:)`` finds it out when the settings say `.detect`.
    public init(client: MagentoClient, legacyInventory: Bool, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.usesLegacyInventory = legacyInventory
        self.now = now
        self.capabilities = StorefrontCapabilities(
            stockWrite: .absolute, wholeUnits: client.settings.wholeUnits, orderStatuses: Self.orderStatuses,
            deductsAtShipment: !legacyInventory, stockWriteChunk: legacyInventory ? 1 : client.settings.stockWriteChunk)
    }

    /// The storefront for `client`'s settings. With ``MagentoSettings/InventoryMode/detect`` it
    /// asks `GET /V1/inventory/source-items` for one record: a 404 to that request (not to the
    /// admin token's) means MSI is not installed.
    public static func connect(
        _ client: MagentoClient, now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(TrueUpError) -> MagentoStorefront {
        switch client.settings.inventory {
        case .msi: return MagentoStorefront(client: client, legacyInventory: false, now: now)
        case .legacy: return MagentoStorefront(client: client, legacyInventory: true, now: now)
        case .detect: break
        }
        let probe = MagentoSearch(path: "/inventory/source-items", sortField: "sku", pageSize: 1)
        let legacy: Bool
        do {
            _ = try await client.send("GET", probe.path, query: probe.query(page: 1))
            legacy = false
        } catch  where error.kind == .notFound && error.call == "GET /V1\(probe.path)" {
            legacy = true
        } catch {
            throw error.trueUpError
        }
        client.logger.info("magento.inventory.detected", metadata: ["mode": "\(legacy ? "legacy" : "msi")"])
        let storefront = MagentoStorefront(client: client, legacyInventory: legacy, now: now)
        storefront.lowerBound.withLock { $0 += 1 }
        return storefront
    }

    public var calls: CallTally {
        CallTally(made: client.callsMade, lowerBound: lowerBound.withLock { $0 })
    }

    // MARK: Reads

    public func readStock() async throws(TrueUpError) -> StorefrontRead<StockLevel> {
        let mark = mark()
        let source = usesLegacyInventory ? "GET /V1/products" : "GET /V1/inventory/source-items"
        var searches = 0
        var elements: [JSONValue] = []
        if usesLegacyInventory {
            let read = try await search(MagentoSearch(path: "/products", sortField: "sku", pageSize: settings.pageSize))
            searches += read.lowerBound
            elements = read.elements
        } else {
            var codes = settings.sources ?? []
            if settings.sources == nil {
                let read = try await search(
                    MagentoSearch(path: "/inventory/sources", sortField: "source_code", pageSize: settings.pageSize))
                searches += read.lowerBound
                codes = try Self.sourceCodes(read.elements)
            }
            var seen: Set<String> = []
            for code in codes where seen.insert(code).inserted {
                let read = try await search(
                    MagentoSearch(
                        path: "/inventory/source-items",
                        filter: MagentoSearch.Filter(field: "source_code", value: code, condition: "eq"),
                        sortField: "sku", pageSize: settings.pageSize))
                searches += read.lowerBound
                if read.elements.isEmpty {
                    client.logger.notice("magento.source.empty", metadata: ["source": "\(code)"])
                }
                elements += read.elements
            }
        }
        let document = MagentoSearchResult.document(elements)
        var decoded = try Self.decoded { () throws(BodyError) in
            let result = try MagentoSearchResult(document: document, source: source)
            return usesLegacyInventory
                ? try MagentoProductStockDecoder.decode(result, source: source)
                : try MagentoSourceItemsDecoder.decode(result, source: source)
        }
        decoded.records.sort { ($0.sku, $0.source) < ($1.sku, $1.source) }
        return StorefrontRead(
            records: decoded.records, problems: decoded.problems, calls: tally(since: mark, lowerBound: searches))
    }

    public func readOrders(since: Date?, lookback: Duration?) async throws(TrueUpError) -> StorefrontRead<Order> {
        let mark = mark()
        let source = "GET /V1/orders"
        let read = try await search(changed("/orders", field: "updated_at", since: since, lookback: lookback))
        var index = MagentoOrderItemIndex()
        let deducts = capabilities.deductsAtShipment
        let decoded = try Self.decoded { () throws(BodyError) in
            try MagentoOrdersDecoder.decode(
                read.result(source: source), source: source, deductsAtShipment: deducts, itemIndex: &index)
        }
        return StorefrontRead(
            records: decoded.records, problems: decoded.problems, cursor: read.newest("updated_at"),
            calls: tally(since: mark, lowerBound: read.lowerBound), context: OrderContext(magentoItems: index))
    }

    public func readRefunds(
        since: Date?, lookback: Duration?, orders: OrderContext
    ) async throws(TrueUpError) -> StorefrontRead<Refund> {
        let mark = mark()
        let source = "GET /V1/creditmemos"
        let read = try await search(changed("/creditmemos", field: "updated_at", since: since, lookback: lookback))
        let returnToStock = settings.refundsReturnToStock
        let decoded = try Self.decoded { () throws(BodyError) in
            try MagentoCreditMemosDecoder.decode(
                read.result(source: source), source: source, returnToStock: returnToStock,
                orderItems: orders.magentoItems)
        }
        return StorefrontRead(
            records: decoded.records, problems: decoded.problems, cursor: read.newest("updated_at"),
            calls: tally(since: mark, lowerBound: read.lowerBound))
    }

    public func readPayments(
        since: Date?, lookback: Duration?
    ) async throws(TrueUpError) -> StorefrontRead<StorePayment> {
        let mark = mark()
        let source = "GET /V1/invoices"
        let read = try await search(changed("/invoices", field: "updated_at", since: since, lookback: lookback))
        let decoded = try Self.decoded { () throws(BodyError) in
            try MagentoInvoicesDecoder.decode(read.result(source: source), source: source)
        }
        return StorefrontRead(
            records: decoded.records, problems: decoded.problems, cursor: read.newest("updated_at"),
            calls: tally(since: mark, lowerBound: read.lowerBound))
    }

    public func readTransactions(
        since: Date?, lookback: Duration?
    ) async throws(TrueUpError) -> StorefrontRead<StoreTransaction> {
        let mark = mark()
        let source = "GET /V1/transactions"
        let read = try await search(
            changed("/transactions", field: "created_at", sortField: "transaction_id", since: since, lookback: lookback)
        )
        let decoded = try Self.decoded { () throws(BodyError) in
            try MagentoTransactionsDecoder.decode(read.result(source: source), source: source)
        }
        return StorefrontRead(
            records: decoded.records, problems: decoded.problems, cursor: read.newest("created_at"),
            calls: tally(since: mark, lowerBound: read.lowerBound))
    }

    /// The search for records of `path` whose `field` is at or after the start of the window:
    /// `since` less the overlap, else `lookback` before now, else no filter.
    func changed(
        _ path: String, field: String, sortField: String = "entity_id", since: Date?, lookback: Duration?
    ) -> MagentoSearch {
        let start: Date? =
            if let since {
                since.addingTimeInterval(-Self.seconds(settings.overlap))
            } else if let lookback {
                now().addingTimeInterval(-Self.seconds(lookback))
            } else {
                nil
            }
        return MagentoSearch(
            path: path, filter: start.map { MagentoSearch.Filter.since(field, $0) }, sortField: sortField,
            pageSize: settings.pageSize)
    }

    // MARK: Support

    func search(_ search: MagentoSearch) async throws(TrueUpError) -> MagentoSearchRead {
        do {
            return try await client.search(search)
        } catch {
            throw error.trueUpError
        }
    }

    /// Where the counts stood before an operation.
    struct CallMark {
        let made: Int
        let tokens: Int
    }

    func mark() -> CallMark { CallMark(made: client.callsMade, tokens: client.tokenRequests) }

    /// The requests made since `mark`, next to `lowerBound` (one more when an admin token had to
    /// be fetched); the lower bound joins the storefront's running total.
    func tally(since mark: CallMark, lowerBound: Int) -> CallTally {
        let tokens = client.tokenRequests - mark.tokens
        let tally = CallTally(made: client.callsMade - mark.made, lowerBound: lowerBound + (tokens > 0 ? 1 : 0))
        self.lowerBound.withLock { $0 += tally.lowerBound }
        return tally
    }

    /// The `source_code` of each source `GET /V1/inventory/sources` listed.
    static func sourceCodes(_ elements: [JSONValue]) throws(TrueUpError) -> [String] {
        var codes: [String] = []
        for (offset, element) in elements.enumerated() {
            guard case .object(let object) = element, let code = object.text("source_code"), !code.isEmpty else {
                throw TrueUpError(
                    .remote,
                    "GET /V1/inventory/sources: items[\(offset)] has no source_code, so which sources to read "
                        + "cannot be known; list the pair's sources in its settings")
            }
            codes.append(code)
        }
        return codes
    }

    /// A body the API promised but that cannot be read is the shop's fault, not the caller's.
    static func decoded<T>(_ decode: () throws(BodyError) -> T) throws(TrueUpError) -> T {
        do {
            return try decode()
        } catch {
            throw TrueUpError(.remote, "Magento sent a response that cannot be read: \(error.description)")
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
