import TrueUpCore

/// Reading and changing an order's items and its state, as Magento's order model does.
enum MagentoOrderLines {
    /// Whether an item moves stock itself: a simple (or virtual, downloadable) item does; the
    /// configurable, bundle or grouped parent of one does not.
    static func movesStock(_ item: JSONObject) -> Bool {
        !["configurable", "bundle", "grouped"].contains(item.text("product_type") ?? "simple")
    }

    static func quantity(_ item: JSONObject, _ member: String) -> Quantity {
        MagentoJSON.quantity(item[member])
    }

    /// Units still to ship: ordered less shipped, refunded and canceled.
    static func quantityToShip(_ item: JSONObject) -> Quantity {
        let open =
            quantity(item, "qty_ordered") - quantity(item, "qty_shipped") - quantity(item, "qty_refunded")
            - quantity(item, "qty_canceled")
        return max(open, .zero)
    }

    /// Units that may still be canceled: neither invoiced nor shipped (nor refunded), as
    /// Magento's `getQtyToCancel` counts them.
    static func quantityToCancel(_ item: JSONObject) -> Quantity {
        let notInvoiced =
            quantity(item, "qty_ordered") - quantity(item, "qty_invoiced") - quantity(item, "qty_canceled")
        return max(min(notInvoiced, quantityToShip(item)), .zero)
    }

    /// The order's items as objects, with their positions in `items`.
    static func items(of order: JSONObject) -> [(index: Int, item: JSONObject)] {
        (order.array("items") ?? []).enumerated().compactMap { index, value in
            guard case .object(let item) = value else { return nil }
            return (index, item)
        }
    }

    /// Changes the item at `index` of the order's `items`.
    static func updateItem(_ order: inout JSONObject, at index: Int, _ change: (inout JSONObject) -> Void) {
        guard var items = order.array("items"), index < items.count, case .object(var item) = items[index] else {
            return
        }
        change(&item)
        items[index] = .object(item)
        order["items"] = .array(items)
    }

    static func add(_ amount: Quantity, to member: String, of item: inout JSONObject) {
        item[member] = MagentoJSON.quantity(quantity(item, member) + amount)
    }

    static func add(_ minorUnits: Int64, to member: String, of object: inout JSONObject, exponent: Int) {
        object[member] = MagentoJSON.money(
            MagentoJSON.money(object[member], exponent: exponent) + minorUnits, exponent: exponent)
    }

    /// The order's currency exponent (2 when the code is missing or unknown).
    static func exponent(of order: JSONObject) -> Int {
        order.text("order_currency_code").flatMap { try? Currency(code: $0) }?.exponent ?? 2
    }

    /// Sets `state` and `status` from the items, as Magento does after an invoice, shipment or
    /// credit memo: `closed` when everything invoiced was refunded, `complete` when everything
    /// is invoiced and shipped (or refunded, or canceled), `processing` once something is
    /// invoiced or shipped, else `new` (status `pending`). A canceled order stays canceled.
    static func settle(_ order: inout JSONObject) {
        guard order.text("state") != "canceled" else { return }
        let lines = items(of: order).map(\.item).filter { $0["parent_item_id"] == nil }
        func sum(_ member: String) -> Quantity { lines.reduce(.zero) { $0 + quantity($1, member) } }
        let refunded = sum("qty_refunded")
        let state: String
        if refunded.ticks > 0, lines.allSatisfy({ quantity($0, "qty_refunded") >= quantity($0, "qty_invoiced") }),
            lines.allSatisfy({ quantityToShip($0).ticks == 0 })
        {
            state = "closed"
        } else if lines.allSatisfy({
            quantityToShip($0).ticks == 0
                && quantity($0, "qty_invoiced") + quantity($0, "qty_canceled") >= quantity($0, "qty_ordered")
        }) {
            state = "complete"
        } else if sum("qty_invoiced").ticks > 0 || sum("qty_shipped").ticks > 0 {
            state = "processing"
        } else {
            state = "new"
        }
        order["state"] = .string(state)
        order["status"] = .string(state == "new" ? "pending" : state)
    }
}
