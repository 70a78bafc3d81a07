public import TrueUpCore

/// Reads the body of Magento `GET /V1/orders` (one page) into ``Order``s.
///
/// Lines. Magento lists a configurable or bundle product twice: the container item and, below it,
/// each child (a child's `parent_item_id` is the container's `item_id`; a configurable's container
/// carries the child's `sku`). Only items that are no other item's parent become ``OrderLine``s,
/// so a configurable counts once (its simple child) and a bundle counts each child.
///
/// Shipments. Where the shop takes stock out when an order ships (`deductsAtShipment`: Magento
/// MSI deducts the source quantity at shipment), each line's ``OrderLine/quantityShipped`` is its
/// `qty_shipped` (0 when absent). Magento records a configurable's shipments, and a bundle's when
/// it ships together, on the container item, so a child's shipped units are the larger of its own
/// `qty_shipped` and its container's scaled by the child's share (`qty_ordered` of child ÷
/// container). Elsewhere (legacy CatalogInventory decrements at order placement)
/// `quantityShipped` is `nil`.
///
/// Problems. A line that cannot be read but whose `sku` can is a problem about that SKU, and the
/// rest of the order is kept. Anything else — the order's own fields, an unknown currency, `items`
/// that is not an array of objects, a line with no `sku`, a `parent_item_id` that names no item —
/// keeps the whole order out, as a problem about the order's `increment_id` (`.unknown` when that
/// cannot be read). An `entity_id` repeated in the body keeps the copy with the later `updated_at`.
public enum MagentoOrdersDecoder {
    /// Decodes `{"items": [ <order>, … ], "search_criteria": {…}, "total_count": N}`.
    ///
    /// - Parameters:
    ///   - source: the file or endpoint, named in every problem and error: `magento/orders.json`.
    ///   - deductsAtShipment: whether stock leaves the shop when an order ships (MSI) rather
    ///     than when it is placed (legacy); fills ``OrderLine/quantityShipped`` when it does.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String, deductsAtShipment: Bool
    ) throws(BodyError) -> DecodedBody<Order> {
        var unused = MagentoOrderItemIndex()
        return try decode(body, source: source, deductsAtShipment: deductsAtShipment, itemIndex: &unused)
    }

    /// Decodes like ``decode(_:source:deductsAtShipment:)`` and adds each order's container items to `itemIndex`,
    /// for ``MagentoCreditMemosDecoder``. Pass the same index for every page. `itemIndex` is left
    /// as it was when the body cannot be read.
    public static func decode(
        _ body: some Collection<UInt8>, source: String, deductsAtShipment: Bool,
        itemIndex: inout MagentoOrderItemIndex
    ) throws(BodyError) -> DecodedBody<Order> {
        try decode(
            MagentoSearchResult(body, source: source), source: source, deductsAtShipment: deductsAtShipment,
            itemIndex: &itemIndex)
    }

    /// Decodes a search result already read, as ``decode(_:source:deductsAtShipment:itemIndex:)``
    /// decodes the body it reads.
    static func decode(
        _ result: MagentoSearchResult, source: String, deductsAtShipment: Bool,
        itemIndex: inout MagentoOrderItemIndex
    ) throws(BodyError) -> DecodedBody<Order> {
        var copies = LatestCopies<Order>(idKey: "entity_id", updatedKey: "updated_at")
        var problems: [InputProblem] = []
        var index = itemIndex
        for (path, record) in result.envelope.records(source: source, problems: &problems) {
            let subject =
                MagentoFields.readableText(record, "increment_id").map { InputProblem.Subject.order($0) } ?? .unknown
            do {
                let items = try ItemTree(MagentoFields.lineRecords(record))
                if let id = try? record.identifier("entity_id") {
                    index.record(orderID: id, containerItemIDs: items.containerItemIDs)
                }
                let (order, lineProblems) = try order(
                    from: record, items: items, deductsAtShipment: deductsAtShipment, source: source)
                problems += lineProblems
                copies.append(order, path: path, id: order.id, updatedAt: order.updatedAt, subject: subject)
            } catch {
                problems.append(InputProblem(source: source, subject: subject, message: error.description))
            }
        }
        let orders = copies.resolve(source: source, problems: &problems)
        itemIndex = index
        return DecodedBody(records: orders, problems: problems, paging: result.paging)
    }

    /// The order, and a problem for each line that could not be read but names its SKU.
    private static func order(
        from record: JSONRecord, items: ItemTree, deductsAtShipment: Bool, source: String
    ) throws(RecordError) -> (Order, [InputProblem]) {
        let id = try record.identifier("entity_id")
        let number = try MagentoFields.text(record, "increment_id")
        let state = try MagentoFields.text(record, "state")
        let createdAt = try record.timestamp("created_at")
        let updatedAt = try record.timestamp("updated_at")
        let currency = try record.currency("order_currency_code")
        let grandTotal = try record.optionalMoney("grand_total", currency: currency)
        let customerID = try record.optionalIdentifier("customer_id")
        var lines: [OrderLine] = []
        var problems: [InputProblem] = []
        for (item, container) in items.stockItems {
            let sku = try MagentoFields.text(item, "sku")
            do {
                let ordered = try item.quantity("qty_ordered")
                lines.append(
                    OrderLine(
                        sku: sku,
                        quantityOrdered: ordered,
                        quantityCanceled: try item.optionalQuantity("qty_canceled") ?? .zero,
                        quantityRefunded: try item.optionalQuantity("qty_refunded") ?? .zero,
                        quantityShipped: deductsAtShipment
                            ? try shipped(item, ordered: ordered, container: container) : nil
                    ))
            } catch {
                problems.append(InputProblem(source: source, subject: .sku(sku), message: error.description))
            }
        }
        var payment: OrderPayment?
        if let summary = try record.optionalRecord("payment") {
            payment = OrderPayment(
                method: MagentoFields.readableText(summary, "method"),
                amountPaid: try summary.optionalMoney("amount_paid", currency: currency),
                lastTransactionID: MagentoFields.readableText(summary, "last_trans_id"))
        }
        let order = Order(
            id: id, number: number, state: state, createdAt: createdAt, updatedAt: updatedAt, currency: currency,
            grandTotal: grandTotal, customerID: customerID, lines: lines, payment: payment)
        return (order, problems)
    }
}

/// Units shipped on a stock-holding item: its own `qty_shipped`, or its container's share when
/// the container's shipments count for more (a configurable's and a bundle shipped together are
/// recorded on the container).
private func shipped(_ item: JSONRecord, ordered: Quantity, container: JSONRecord?) throws(RecordError) -> Quantity {
    let own = try item.optionalQuantity("qty_shipped") ?? .zero
    guard let container, let containerShipped = try container.optionalQuantity("qty_shipped"),
        containerShipped > .zero
    else { return own }
    let containerOrdered = try container.quantity("qty_ordered")
    guard containerOrdered > .zero,
        let ticks = ScaledDecimal.multiplyDivide(containerShipped.ticks, ordered.ticks, containerOrdered.ticks)
    else {
        throw container.invalid(
            "qty_ordered", "is \(containerOrdered), so the child's share of its shipments is unknown")
    }
    return max(own, Quantity(ticks: ticks))
}

/// An order's `items` split into those that hold stock (each with its container, if any) and
/// the containers above them.
private struct ItemTree {
    let stockItems: [(item: JSONRecord, container: JSONRecord?)]
    let containerItemIDs: Set<String>

    init(_ items: [JSONRecord]) throws(RecordError) {
        var itemIDs: Set<String> = []
        var parents: [(item: JSONRecord, parentID: String)] = []
        var ids: [String?] = []
        for item in items {
            let id = try item.optionalIdentifier("item_id")
            if let id { itemIDs.insert(id) }
            ids.append(id)
            if let parentID = try item.optionalIdentifier("parent_item_id") { parents.append((item, parentID)) }
        }
        for (item, parentID) in parents where !itemIDs.contains(parentID) {
            throw item.invalid(
                "parent_item_id",
                "\(parentID) names no item of this order, so which line holds the stock cannot be told")
        }
        let containers = Set(parents.map(\.parentID))
        var itemsByID: [String: JSONRecord] = [:]
        for (item, id) in zip(items, ids) {
            if let id, containers.contains(id) { itemsByID[id] = item }
        }
        var stockItems: [(item: JSONRecord, container: JSONRecord?)] = []
        for (item, id) in zip(items, ids) where id.map({ !containers.contains($0) }) ?? true {
            let parentID = try item.optionalIdentifier("parent_item_id")
            stockItems.append((item, parentID.flatMap { itemsByID[$0] }))
        }
        self.containerItemIDs = containers
        self.stockItems = stockItems
    }
}
