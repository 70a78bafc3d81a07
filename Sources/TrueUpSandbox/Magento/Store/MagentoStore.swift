import TrueUpCore

/// Everything the emulated shop holds: its collections, MSI's reservations, what shipments took
/// from which source, and the next number of each sequence.
struct MagentoStore {
    var sourceItems = MagentoCollection(.sourceItems)
    var sources = MagentoCollection(.sources)
    var orders = MagentoCollection(.orders)
    var invoices = MagentoCollection(.invoices)
    var creditMemos = MagentoCollection(.creditMemos)
    var transactions = MagentoCollection(.transactions)
    var products = MagentoCollection(.products)

    /// MSI's reservations summed per SKU: negative while orders hold units not yet shipped,
    /// canceled or refunded. Salable quantity is the source quantity plus this.
    var reservations: [String: Quantity] = [:]
    /// What shipments took from which source, per order item id, oldest first, less what
    /// refunds have put back: where a refund that returns stock puts it.
    var shipped: [Int: [(source: String, quantity: Quantity)]] = [:]
    /// The legacy stock item id of each product, by SKU.
    var stockItemIDs: [String: Int] = [:]
    /// Each product's key in ``products``, by SKU.
    var productKeys: [String: String] = [:]
    private var sequences: [Sequence: Int] = [:]

    /// The numbers Magento hands out: table ids and increment ids.
    enum Sequence: Hashable {
        case order, orderItem, orderNumber, payment, statusHistory
        case invoice, invoiceItem, invoiceNumber
        case creditMemo, creditMemoItem, creditMemoNumber
        case transaction, product
    }

    func collection(_ resource: MagentoResource) -> MagentoCollection {
        switch resource {
        case .sourceItems: sourceItems
        case .sources: sources
        case .orders: orders
        case .invoices: invoices
        case .creditMemos: creditMemos
        case .transactions: transactions
        case .products: products
        }
    }

    /// Runs `body` on one collection in place (no copy of its records).
    mutating func withCollection<Result>(
        _ resource: MagentoResource, _ body: (inout MagentoCollection) throws -> Result
    ) rethrows -> Result {
        switch resource {
        case .sourceItems: try body(&sourceItems)
        case .sources: try body(&sources)
        case .orders: try body(&orders)
        case .invoices: try body(&invoices)
        case .creditMemos: try body(&creditMemos)
        case .transactions: try body(&transactions)
        case .products: try body(&products)
        }
    }

    /// Takes the next number of a sequence.
    mutating func next(_ sequence: Sequence) -> Int {
        let value = sequences[sequence, default: 1]
        sequences[sequence] = value + 1
        return value
    }

    /// Makes the sequence hand out numbers above `value`.
    mutating func reserve(_ sequence: Sequence, above value: Int) {
        sequences[sequence] = max(sequences[sequence, default: 1], value + 1)
    }

    // MARK: Stock

    /// The source codes the shop has, in the order they were made.
    var sourceCodes: [String] { sources.records.compactMap { $0.text("source_code") } }

    func sourceItem(sku: String, source: String) -> JSONObject? {
        sourceItems.record(MagentoResource.sourceItemKey(sku: sku, source: source))
    }

    func sourceQuantity(sku: String, source: String) -> Quantity? {
        sourceItem(sku: sku, source: source).map { MagentoJSON.quantity($0["quantity"]) }
    }

    /// Sets a source item's quantity and status, making the item when there is none.
    mutating func setSourceItem(sku: String, source: String, quantity: Quantity, status: Int) {
        let key = MagentoResource.sourceItemKey(sku: sku, source: source)
        let changed = sourceItems.update(key) { item in
            item["quantity"] = MagentoJSON.quantity(quantity)
            item["status"] = MagentoJSON.integer(status)
        }
        guard !changed else { return }
        sourceItems.append(
            JSONObject([
                "sku": .string(sku), "source_code": .string(source), "quantity": MagentoJSON.quantity(quantity),
                "status": MagentoJSON.integer(status),
            ]))
    }

    /// Moves a source item's quantity by `delta`, keeping its status.
    mutating func moveSourceQuantity(sku: String, source: String, by delta: Quantity) {
        let key = MagentoResource.sourceItemKey(sku: sku, source: source)
        let changed = sourceItems.update(key) { item in
            item["quantity"] = MagentoJSON.quantity(MagentoJSON.quantity(item["quantity"]) + delta)
        }
        if !changed { setSourceItem(sku: sku, source: source, quantity: delta, status: delta.ticks > 0 ? 1 : 0) }
    }

    /// The quantity MSI would sell: in-stock source quantity, less what orders hold.
    func salableQuantity(sku: String) -> Quantity {
        var total = reservations[sku] ?? .zero
        for code in sourceCodes {
            guard let item = sourceItem(sku: sku, source: code), MagentoJSON.identifier(item["status"]) == 1 else {
                continue
            }
            total += MagentoJSON.quantity(item["quantity"])
        }
        return total
    }

    mutating func reserve(_ quantity: Quantity, of sku: String) {
        reservations[sku, default: .zero] -= quantity
    }

    mutating func release(_ quantity: Quantity, of sku: String) {
        reservations[sku, default: .zero] += quantity
    }

    /// The legacy stock item of a product (`GET /V1/stockItems/{sku}`, a product's
    /// `extension_attributes.stock_item`): the `default` source's quantity and status.
    func stockItem(for product: JSONObject) -> JSONObject? {
        guard let sku = product.text("sku"), let productID = MagentoJSON.identifier(product["id"]) else { return nil }
        let item = sourceItem(sku: sku, source: MagentoStore.defaultSource)
        let quantity = item.map { MagentoJSON.quantity($0["quantity"]) } ?? .zero
        let inStock = item.map { MagentoJSON.identifier($0["status"]) == 1 } ?? false
        return JSONObject([
            "item_id": MagentoJSON.integer(stockItemIDs[sku] ?? productID),
            "product_id": MagentoJSON.integer(productID),
            "stock_id": .number("1"),
            "qty": MagentoJSON.quantity(quantity),
            "is_in_stock": .bool(inStock),
            "is_qty_decimal": .bool(!quantity.isWhole),
            "show_default_notification_message": .bool(false),
            "use_config_min_qty": .bool(true),
            "min_qty": .number("0"),
            "use_config_min_sale_qty": .number("1"),
            "min_sale_qty": .number("1"),
            "use_config_max_sale_qty": .bool(true),
            "max_sale_qty": .number("10000"),
            "use_config_backorders": .bool(true),
            "backorders": .number("0"),
            "use_config_notify_stock_qty": .bool(true),
            "notify_stock_qty": .number("1"),
            "use_config_qty_increments": .bool(true),
            "qty_increments": .number("0"),
            "use_config_enable_qty_inc": .bool(true),
            "enable_qty_increments": .bool(false),
            "use_config_manage_stock": .bool(true),
            "manage_stock": .bool(true),
            "low_stock_date": .null,
            "is_decimal_divided": .bool(false),
            "stock_status_changed_auto": .number("0"),
        ])
    }

    func product(sku: String) -> JSONObject? {
        productKeys[sku].flatMap { products.record($0) }
    }

    mutating func addProduct(_ product: JSONObject) {
        guard let sku = product.text("sku"), let key = MagentoJSON.key(product["id"]) else { return }
        products.append(product)
        if productKeys[sku] == nil { productKeys[sku] = key }
    }

    static let defaultSource = "default"
}
