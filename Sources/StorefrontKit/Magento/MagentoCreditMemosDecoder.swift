public import TrueUpCore

/// Reads the body of Magento `GET /V1/creditmemos` (one page) into ``Refund``s.
///
/// Restocking. The response does not say whether a memo put its items back in stock; the shop's
/// "Automatically Return Credit Memo Item to Stock" setting does, and the caller passes it as
/// `returnToStock`: each line's `quantityRestocked` is its `qty` when it is on, else zero.
///
/// Lines. A memo has a row per order item, including rows with `qty` 0 (skipped: no units) and
/// rows for containers (a configurable or bundle parent). A row has `order_item_id` but nothing
/// that says it is a container (its `parent_id` is the memo's own `entity_id`), so the order's items
/// decide, through a ``MagentoOrderItemIndex`` filled by ``MagentoOrdersDecoder``:
/// - when the memo's order is in the index, rows for its container items are skipped;
/// - when it is not, rows are kept as they are, except that a SKU on more than one row of the memo
///   becomes a problem about that SKU (a configurable's container and child both carry the child's
///   SKU, and cannot be told apart), with those rows kept out. A bundle's container row cannot be
///   recognised this way: it is kept, under the bundle's own SKU.
///
/// Problems. A row that cannot be read but whose `sku` can is a problem about that SKU, and the
/// rest of the memo is kept. Anything else keeps the whole memo out, as a problem about its
/// `increment_id` (`.unknown` when that cannot be read). An `entity_id` repeated in the body keeps
/// the copy with the later `updated_at`.
public enum MagentoCreditMemosDecoder {
    /// Decodes `{"items": [ <credit memo>, … ], "search_criteria": {…}, "total_count": N}`.
    ///
    /// - Parameters:
    ///   - source: the file or endpoint, named in every problem and error: `magento/creditmemos.json`.
    ///   - returnToStock: the shop's "Automatically Return Credit Memo Item to Stock" setting.
    ///   - orderItems: the container items of the orders decoded so far.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String, returnToStock: Bool,
        orderItems: MagentoOrderItemIndex = MagentoOrderItemIndex()
    ) throws(BodyError) -> DecodedBody<Refund> {
        try decode(
            MagentoSearchResult(body, source: source), source: source, returnToStock: returnToStock,
            orderItems: orderItems)
    }

    /// Decodes a search result already read, as ``decode(_:source:returnToStock:orderItems:)``
    /// decodes the body it reads.
    static func decode(
        _ result: MagentoSearchResult, source: String, returnToStock: Bool, orderItems: MagentoOrderItemIndex
    ) throws(BodyError) -> DecodedBody<Refund> {
        var copies = LatestCopies<Refund>(idKey: "entity_id", updatedKey: "updated_at")
        var problems: [InputProblem] = []
        for (path, record) in result.envelope.records(source: source, problems: &problems) {
            let subject =
                MagentoFields.readableText(record, "increment_id").map { InputProblem.Subject.refund($0) } ?? .unknown
            do {
                let (refund, lineProblems) = try refund(
                    from: record, returnToStock: returnToStock, orderItems: orderItems, source: source)
                problems += lineProblems
                copies.append(refund, path: path, id: refund.id, updatedAt: refund.updatedAt, subject: subject)
            } catch {
                problems.append(InputProblem(source: source, subject: subject, message: error.description))
            }
        }
        let refunds = copies.resolve(source: source, problems: &problems)
        return DecodedBody(records: refunds, problems: problems, paging: result.paging)
    }

    /// The refund, and a problem for each row that could not be used but names its SKU.
    private static func refund(
        from record: JSONRecord, returnToStock: Bool, orderItems: MagentoOrderItemIndex, source: String
    ) throws(RecordError) -> (Refund, [InputProblem]) {
        let id = try record.identifier("entity_id")
        let number = try MagentoFields.text(record, "increment_id")
        let orderID = try record.identifier("order_id")
        let createdAt = try record.timestamp("created_at")
        let updatedAt = try record.timestamp("updated_at")
        let currency = try MagentoFields.documentCurrency(record)
        let total = try record.optionalMoney("grand_total", currency: currency)
        let containers = orderItems.containerItemIDs(ofOrder: orderID)
        var rows: [(path: String, line: RefundLine)] = []
        var problems: [InputProblem] = []
        for row in try MagentoFields.lineRecords(record) {
            let sku = try MagentoFields.text(row, "sku")
            do {
                let quantity = try row.quantity("qty")
                if quantity == .zero { continue }
                if let containers, containers.contains(try row.identifier("order_item_id")) { continue }
                let restocked = returnToStock ? quantity : .zero
                rows.append((row.path, RefundLine(sku: sku, quantity: quantity, quantityRestocked: restocked)))
            } catch {
                problems.append(InputProblem(source: source, subject: .sku(sku), message: error.description))
            }
        }
        if containers == nil {
            rows = keepingUnambiguous(rows, memo: number, orderID: orderID, source: source, problems: &problems)
        }
        let refund = Refund(
            id: id, number: number, orderID: orderID, createdAt: createdAt, updatedAt: updatedAt, currency: currency,
            total: total, lines: rows.map(\.line), reference: MagentoFields.readableText(record, "transaction_id"))
        return (refund, problems)
    }

    /// Without the order's items, a SKU on several rows may be a configurable's container and
    /// child, or separate lines: those rows are kept out with a problem about the SKU.
    private static func keepingUnambiguous(
        _ rows: [(path: String, line: RefundLine)], memo: String, orderID: String, source: String,
        problems: inout [InputProblem]
    ) -> [(path: String, line: RefundLine)] {
        var pathsBySKU: [String: [String]] = [:]
        for row in rows { pathsBySKU[row.line.sku, default: []].append(row.path) }
        var reported: Set<String> = []
        for row in rows {
            guard let paths = pathsBySKU[row.line.sku], paths.count > 1, reported.insert(row.line.sku).inserted else {
                continue
            }
            let message =
                "\(listed(paths)): sku \"\(row.line.sku)\" is on \(paths.count) rows of credit memo \(memo), "
                + "and order \(orderID) was not among the decoded orders, so a configurable's container row cannot be "
                + "told from its child: decode the order (GET /V1/orders) before its credit memos"
            problems.append(InputProblem(source: source, subject: .sku(row.line.sku), message: message))
        }
        return rows.filter { !reported.contains($0.line.sku) }
    }
}
