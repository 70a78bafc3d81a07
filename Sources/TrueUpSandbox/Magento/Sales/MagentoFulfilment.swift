import TrueUpCore

/// What happens to an order after checkout, with MSI's stock movements: a shipment takes units
/// from a source and releases their reservation; a credit memo releases what was never shipped
/// and, when the merchant returns it to stock, puts back on its source what was; a cancelation
/// releases what is left.
struct MagentoFulfilment {
    let shippingSource: String
    let timestamp: String

    /// Ships everything left to ship. Each SKU leaves from the shipping source when that holds
    /// it, else from the first source that holds enough; nothing moves unless every line can.
    func ship(orderID: Int, in store: inout MagentoStore) throws(MagentoSimulationError) {
        var order = try openOrder(orderID, in: store)
        var plan: [(index: Int, itemID: Int?, sku: String, source: String?, quantity: Quantity)] = []
        var demand: [String: Quantity] = [:]
        for (index, item) in MagentoOrderLines.items(of: order) {
            let quantity = MagentoOrderLines.quantityToShip(item)
            guard quantity.ticks > 0, let sku = item.text("sku") else { continue }
            guard MagentoOrderLines.movesStock(item) else {
                plan.append((index, nil, sku, nil, quantity))
                continue
            }
            let source = try self.source(for: sku, needing: quantity, already: demand, in: store)
            demand[MagentoResource.sourceItemKey(sku: sku, source: source), default: .zero] += quantity
            plan.append((index, MagentoJSON.identifier(item["item_id"]), sku, source, quantity))
        }
        guard !plan.isEmpty else { throw MagentoSimulationError("order \(orderID) has nothing left to ship") }
        for step in plan {
            MagentoOrderLines.updateItem(&order, at: step.index) { item in
                MagentoOrderLines.add(step.quantity, to: "qty_shipped", of: &item)
                item["updated_at"] = .string(timestamp)
            }
            guard let source = step.source else { continue }
            store.moveSourceQuantity(sku: step.sku, source: source, by: -step.quantity)
            store.release(step.quantity, of: step.sku)
            if let itemID = step.itemID { store.shipped[itemID, default: []].append((source, step.quantity)) }
        }
        finish(&order, in: &store)
    }

    /// Refunds `lines` (SKU and units) with a credit memo and returns its entity id. Only
    /// invoiced units can be refunded.
    func refund(
        orderID: Int, lines: [(sku: String, quantity: Quantity)], returnToStock: Bool, in store: inout MagentoStore
    ) throws(MagentoSimulationError) -> Int {
        var order = try openOrder(orderID, in: store, allowing: ["complete"])
        let exponent = MagentoOrderLines.exponent(of: order)
        let items = MagentoOrderLines.items(of: order)
        var wanted: [(index: Int, quantity: Quantity)] = []
        for line in lines {
            guard line.quantity.ticks > 0 else {
                throw MagentoSimulationError("the refunded quantity of \(line.sku) must be more than zero")
            }
            guard
                let found = items.first(where: { $0.item.text("sku") == line.sku && $0.item["parent_item_id"] == nil })
            else { throw MagentoSimulationError("order \(orderID) has no line with SKU \(line.sku)") }
            if let existing = wanted.firstIndex(where: { $0.index == found.index }) {
                wanted[existing].quantity += line.quantity
            } else {
                wanted.append((found.index, line.quantity))
            }
        }
        guard !wanted.isEmpty else { throw MagentoSimulationError("a refund needs at least one line") }
        for (index, quantity) in wanted {
            let item = items[items.firstIndex { $0.index == index } ?? 0].item
            let refundable =
                MagentoOrderLines.quantity(item, "qty_invoiced") - MagentoOrderLines.quantity(item, "qty_refunded")
            guard quantity <= refundable else {
                throw MagentoSimulationError(
                    "order \(orderID) has \(refundable) of \(item.text("sku") ?? "?") invoiced and not yet refunded, not \(quantity)"
                )
            }
        }

        let memoID = store.next(.creditMemo)
        var memoItems: [JSONValue] = []
        var subtotal: Int64 = 0
        var tax: Int64 = 0
        func money(_ value: Int64) -> JSONValue { MagentoJSON.money(value, exponent: exponent) }
        for (index, quantity) in wanted {
            guard let item = items.first(where: { $0.index == index })?.item else { continue }
            let children = items.filter {
                $0.item["parent_item_id"] != nil && $0.item["parent_item_id"] == item["item_id"]
            }
            let price = MagentoJSON.money(item["price"], exponent: exponent)
            let row = ScaledDecimal.multiplyDivide(price, quantity.ticks, Quantity.ticksPerUnit) ?? 0
            let ordered = MagentoOrderLines.quantity(item, "qty_ordered")
            let rowTax =
                ScaledDecimal.multiplyDivide(
                    MagentoJSON.money(item["tax_amount"], exponent: exponent), quantity.ticks, max(ordered.ticks, 1))
                ?? 0
            subtotal += row
            tax += rowTax
            for (position, line) in [(index, item)] + children.map({ ($0.index, $0.item) }) {
                let isParent = position == index
                memoItems.append(
                    memoItem(
                        line, memoID: memoID, quantity: quantity, row: isParent ? row : 0,
                        tax: isParent ? rowTax : 0, exponent: exponent, store: &store))
                returnStock(line, quantity: quantity, toStock: returnToStock, in: &store)
                MagentoOrderLines.updateItem(&order, at: position) { changed in
                    MagentoOrderLines.add(quantity, to: "qty_refunded", of: &changed)
                    if isParent {
                        MagentoOrderLines.add(row, to: "amount_refunded", of: &changed, exponent: exponent)
                        MagentoOrderLines.add(row, to: "base_amount_refunded", of: &changed, exponent: exponent)
                        MagentoOrderLines.add(rowTax, to: "tax_refunded", of: &changed, exponent: exponent)
                    }
                    changed["updated_at"] = .string(timestamp)
                }
            }
        }
        let total = subtotal + tax
        for member in [
            "total_refunded", "base_total_refunded", "total_offline_refunded", "base_total_offline_refunded",
        ] {
            MagentoOrderLines.add(total, to: member, of: &order, exponent: exponent)
        }
        MagentoOrderLines.add(subtotal, to: "subtotal_refunded", of: &order, exponent: exponent)
        MagentoOrderLines.add(subtotal, to: "base_subtotal_refunded", of: &order, exponent: exponent)
        MagentoOrderLines.add(tax, to: "tax_refunded", of: &order, exponent: exponent)
        MagentoOrderLines.add(tax, to: "base_tax_refunded", of: &order, exponent: exponent)
        var capture: String? = nil
        var paymentID: Int? = nil
        if var payment = order.object("payment") {
            MagentoOrderLines.add(total, to: "amount_refunded", of: &payment, exponent: exponent)
            MagentoOrderLines.add(total, to: "base_amount_refunded", of: &payment, exponent: exponent)
            capture = payment.text("last_trans_id")
            paymentID = MagentoJSON.identifier(payment["entity_id"])
            order["payment"] = .object(payment)
        }
        let invoiceID = store.invoices.records.first { MagentoJSON.identifier($0["order_id"]) == orderID }?["entity_id"]
        let code = order["order_currency_code"] ?? .string("NZD")
        var memo = JSONObject([
            "entity_id": MagentoJSON.integer(memoID),
            "increment_id": .string(MagentoJSON.incrementID(store.next(.creditMemoNumber))),
            "order_id": MagentoJSON.integer(orderID),
        ])
        if let invoiceID { memo["invoice_id"] = invoiceID }
        let rest: KeyValuePairs<String, JSONValue> = [
            "store_id": order["store_id"] ?? .number("1"),
            "state": .number("2"),
            "creditmemo_status": .number("2"),
            "created_at": .string(timestamp),
            "updated_at": .string(timestamp),
            "order_currency_code": code,
            "base_currency_code": order["base_currency_code"] ?? code,
            "global_currency_code": order["global_currency_code"] ?? code,
            "store_currency_code": order["store_currency_code"] ?? code,
            "subtotal": money(subtotal),
            "base_subtotal": money(subtotal),
            "tax_amount": money(tax),
            "base_tax_amount": money(tax),
            "shipping_amount": money(0),
            "adjustment": money(0),
            "grand_total": money(total),
            "base_grand_total": money(total),
            "email_sent": .number("1"),
            "items": .array(memoItems),
            "comments": .array([]),
        ]
        for (key, value) in rest { memo[key] = value }
        store.creditMemos.append(memo)
        if let capture, let paymentID {
            store.transactions.append(
                MagentoOrderWriter.transaction(
                    id: store.next(.transaction), orderID: orderID, paymentID: paymentID,
                    txnID: "\(capture)-refund-\(memoID)",
                    parent: capture, type: "refund", timestamp: timestamp))
        }
        finish(&order, in: &store)
        return memoID
    }

    /// Cancels what is neither invoiced nor shipped and releases its reservations. The order
    /// is `canceled` when nothing on it was invoiced or shipped.
    func cancel(orderID: Int, in store: inout MagentoStore) throws(MagentoSimulationError) {
        var order = try openOrder(orderID, in: store)
        let exponent = MagentoOrderLines.exponent(of: order)
        var canceledTotal: Int64 = 0
        var any = false
        for (index, item) in MagentoOrderLines.items(of: order) {
            let quantity = MagentoOrderLines.quantityToCancel(item)
            guard quantity.ticks > 0 else { continue }
            any = true
            if MagentoOrderLines.movesStock(item), let sku = item.text("sku") { store.release(quantity, of: sku) }
            if item["parent_item_id"] == nil {
                let ordered = MagentoOrderLines.quantity(item, "qty_ordered")
                let rowWithTax =
                    MagentoJSON.money(item["row_total"], exponent: exponent)
                    + MagentoJSON.money(item["tax_amount"], exponent: exponent)
                canceledTotal +=
                    ScaledDecimal.multiplyDivide(rowWithTax, quantity.ticks, max(ordered.ticks, 1)) ?? 0
            }
            MagentoOrderLines.updateItem(&order, at: index) { changed in
                MagentoOrderLines.add(quantity, to: "qty_canceled", of: &changed)
                changed["updated_at"] = .string(timestamp)
            }
        }
        guard any else {
            throw MagentoSimulationError(
                "order \(orderID) cannot be canceled: everything on it is invoiced or shipped; refund it instead")
        }
        MagentoOrderLines.add(canceledTotal, to: "total_canceled", of: &order, exponent: exponent)
        MagentoOrderLines.add(canceledTotal, to: "base_total_canceled", of: &order, exponent: exponent)
        let lines = MagentoOrderLines.items(of: order).map(\.item)
        let invoicedOrShipped = lines.contains {
            MagentoOrderLines.quantity($0, "qty_invoiced").ticks > 0
                || MagentoOrderLines.quantity($0, "qty_shipped").ticks > 0
        }
        if !invoicedOrShipped {
            order["state"] = .string("canceled")
            order["status"] = .string("canceled")
        }
        finish(&order, in: &store)
    }

    // MARK: Helpers

    private func openOrder(
        _ orderID: Int, in store: MagentoStore, allowing: Set<String> = []
    ) throws(MagentoSimulationError) -> JSONObject {
        guard let order = store.orders.record(String(orderID)) else {
            throw MagentoSimulationError("the shop has no order with entity_id \(orderID)")
        }
        let state = order.text("state") ?? ""
        if ["canceled", "closed"].contains(state) || (state == "complete" && !allowing.contains(state)) {
            throw MagentoSimulationError("order \(orderID) is \(state)")
        }
        return order
    }

    private func finish(_ order: inout JSONObject, in store: inout MagentoStore) {
        order["updated_at"] = .string(timestamp)
        MagentoOrderLines.settle(&order)
        guard let key = MagentoJSON.key(order["entity_id"]) else { return }
        let final = order
        store.orders.update(key) { $0 = final }
    }

    /// The source a shipment of `sku` leaves from: the shipping source when it holds the SKU,
    /// else the first source (in the shop's order) holding enough, else the first holding any.
    private func source(
        for sku: String, needing quantity: Quantity, already demand: [String: Quantity], in store: MagentoStore
    ) throws(MagentoSimulationError) -> String {
        func available(_ source: String) -> Quantity? {
            store.sourceQuantity(sku: sku, source: source).map {
                $0 - demand[MagentoResource.sourceItemKey(sku: sku, source: source), default: .zero]
            }
        }
        let holding = ([shippingSource] + store.sourceCodes).filter { available($0) != nil }
        guard let first = holding.first else { throw MagentoSimulationError("no source holds SKU \(sku)") }
        let chosen =
            available(shippingSource) != nil
            ? shippingSource : (holding.first { (available($0) ?? .zero) >= quantity } ?? first)
        guard let left = available(chosen), left >= quantity else {
            throw MagentoSimulationError(
                "Not all of your products are available in the requested quantity: source \(chosen) holds \(available(chosen) ?? .zero) of \(sku), the shipment needs \(quantity)"
            )
        }
        return chosen
    }

    private func memoItem(
        _ item: JSONObject, memoID: Int, quantity: Quantity, row: Int64, tax: Int64, exponent: Int,
        store: inout MagentoStore
    ) -> JSONValue {
        func money(_ value: Int64) -> JSONValue { MagentoJSON.money(value, exponent: exponent) }
        let isPriced = row != 0 || tax != 0
        var line = JSONObject([
            "entity_id": MagentoJSON.integer(store.next(.creditMemoItem)),
            "parent_id": MagentoJSON.integer(memoID),
            "order_item_id": item["item_id"] ?? .number("0"),
        ])
        if let productID = item["product_id"] { line["product_id"] = productID }
        let rest: KeyValuePairs<String, JSONValue> = [
            "sku": item["sku"] ?? .string(""),
            "name": item["name"] ?? .string(""),
            "qty": MagentoJSON.quantity(quantity),
            "price": isPriced ? (item["price"] ?? money(0)) : money(0),
            "base_price": isPriced ? (item["base_price"] ?? item["price"] ?? money(0)) : money(0),
            "base_cost": money(0),
            "price_incl_tax": isPriced ? (item["price_incl_tax"] ?? money(0)) : money(0),
            "row_total": money(row),
            "base_row_total": money(row),
            "tax_amount": money(tax),
            "base_tax_amount": money(tax),
            "discount_amount": money(0),
        ]
        for (key, value) in rest { line[key] = value }
        return .object(line)
    }

    /// Releases the refunded units that were never shipped; puts back on their source those
    /// that were, when the merchant returns them to stock.
    private func returnStock(_ item: JSONObject, quantity: Quantity, toStock: Bool, in store: inout MagentoStore) {
        guard MagentoOrderLines.movesStock(item), let sku = item.text("sku") else { return }
        let unshipped = min(quantity, MagentoOrderLines.quantityToShip(item))
        if unshipped.ticks > 0 { store.release(unshipped, of: sku) }
        var shippedBack = quantity - unshipped
        guard toStock, shippedBack.ticks > 0 else { return }
        if let itemID = MagentoJSON.identifier(item["item_id"]) {
            var shipments = store.shipped[itemID] ?? []
            while shippedBack.ticks > 0, !shipments.isEmpty {
                let part = min(shippedBack, shipments[0].quantity)
                store.moveSourceQuantity(sku: sku, source: shipments[0].source, by: part)
                shipments[0].quantity -= part
                if shipments[0].quantity.ticks == 0 { shipments.removeFirst() }
                shippedBack -= part
            }
            store.shipped[itemID] = shipments
        }
        guard shippedBack.ticks > 0 else { return }
        // A seeded order's shipments are not known: its units go back to the shipping source, or
        // the first source that holds the SKU.
        let source =
            store.sourceItem(sku: sku, source: shippingSource) != nil
            ? shippingSource
            : (store.sourceCodes.first { store.sourceItem(sku: sku, source: $0) != nil } ?? shippingSource)
        store.moveSourceQuantity(sku: sku, source: source, by: shippedBack)
    }
}
