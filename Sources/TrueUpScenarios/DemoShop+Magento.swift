import TrueUpCore

/// The Magento 2 shop's bodies: what the admin REST searches (`GET /V1/inventory/source-items`,
/// `/V1/products`, `/V1/orders`, `/V1/invoices`, `/V1/creditmemos`, `/V1/transactions`) answer at
/// the run, each as one page. Catalogue prices include GST, as New Zealand shops show them.
extension DemoShopModel {
    func magentoFiles() -> [DemoShop.File] {
        [
            file("source-items", sourceItems()), file("products", catalogueProducts()), file("orders", orderRecords()),
            file("invoices", captures()), file("creditmemos", memos()), file("transactions", transactions()),
        ]
    }

    private func file(_ name: String, _ items: [JSONValue]) -> DemoShop.File {
        let body = JSONObject([
            "items": .array(items), "search_criteria": .object(JSONObject(["filter_groups": .array([])])),
            "total_count": DemoAmount.integer(items.count),
        ])
        return DemoShop.File(
            path: "magento/\(name).json", bytes: JSONWriter.bytes(.object(body), pretty: true) + [0x0A])
    }

    private func money(_ cents: Int64) -> JSONValue { DemoAmount.money(cents) }
    private func integer(_ value: Int64) -> JSONValue { DemoAmount.integer(value) }
    private func integer(_ value: Int) -> JSONValue { DemoAmount.integer(value) }

    private func productID(_ product: Int) -> JSONValue { integer(101 + product) }

    /// The shop's own price before GST for a GST-inclusive amount.
    private func net(_ inclusive: Int64, gift: Bool) -> Int64 {
        gift ? inclusive : inclusive - DemoAmount.gstIn(inclusive)
    }

    private func sourceItems() -> [JSONValue] {
        products.indices.sorted { products[$0].sku < products[$1].sku }.map { index in
            .object(
                JSONObject([
                    "sku": .string(products[index].sku), "source_code": .string("default"),
                    "quantity": integer(stock[index].store), "status": integer(stock[index].store > 0 ? 1 : 0),
                ]))
        }
    }

    private func catalogueProducts() -> [JSONValue] {
        let opened = DemoClock.magento(DemoClock.start - 400 * DemoClock.day)
        let listed = DemoClock.magento(DemoClock.instant(Self.listingDay, hour: 9))
        return products.indices.map { index in
            let product = products[index]
            let created = product.sku == DemoCatalogue.mistyped ? listed : opened
            return .object(
                JSONObject([
                    "id": productID(index), "sku": .string(product.sku), "name": .string(product.name),
                    "attribute_set_id": .number("4"), "price": money(product.price), "status": .number("1"),
                    "visibility": .number("4"), "type_id": .string("simple"),
                    "created_at": .string(created), "updated_at": .string(created),
                    "extension_attributes": .object(JSONObject(["website_ids": .array([.number("1")])])),
                    "product_links": .array([]), "options": .array([]), "media_gallery_entries": .array([]),
                    "tier_prices": .array([]), "custom_attributes": .array([]),
                ]))
        }
    }

    private func currencies(_ object: inout JSONObject) {
        for key in ["order_currency_code", "base_currency_code", "global_currency_code", "store_currency_code"] {
            object[key] = .string("NZD")
        }
    }

    /// Units of each order line given back by refunds.
    private func refundedUnits(_ order: DemoOrder) -> [Int: Int64] {
        var units: [Int: Int64] = [:]
        for refund in order.refunds { if let line = refunds[refund].line { units[line, default: 0] += 1 } }
        return units
    }

    private func orderRecords() -> [JSONValue] {
        orders.map { order in
            let customer = customers[order.customer]
            let created = DemoClock.magento(order.created)
            let paid = order.paid != nil
            let refunded = order.refunds.reduce(Int64(0)) { $0 + refunds[$1].amount }
            let returned = refundedUnits(order)
            var items: [JSONValue] = []
            for (position, line) in order.lines.enumerated() {
                let product = products[line.product]
                let gift = product.isGiftCard
                let canceled = order.state == .canceled ? line.quantity : 0
                let shipped = order.shipped != nil ? line.quantity : 0
                let refundedRow = (returned[position] ?? 0) * product.price
                items.append(
                    .object(
                        JSONObject([
                            "item_id": integer(order.entityID * 10 + position + 1), "order_id": integer(order.entityID),
                            "store_id": .number("1"), "created_at": .string(created), "updated_at": .string(created),
                            "product_id": productID(line.product), "product_type": .string("simple"),
                            "sku": .string(product.sku), "name": .string(product.name),
                            "is_virtual": .number("0"), "qty_ordered": integer(line.quantity),
                            "qty_canceled": integer(canceled), "qty_invoiced": integer(paid ? line.quantity : 0),
                            "qty_refunded": integer(returned[position] ?? 0), "qty_shipped": integer(shipped),
                            "price": money(net(product.price, gift: gift)),
                            "base_price": money(net(product.price, gift: gift)), "original_price": money(product.price),
                            "price_incl_tax": money(product.price), "base_price_incl_tax": money(product.price),
                            "row_total": money(line.row - line.tax), "base_row_total": money(line.row - line.tax),
                            "row_total_incl_tax": money(line.row), "base_row_total_incl_tax": money(line.row),
                            "tax_amount": money(line.tax), "base_tax_amount": money(line.tax),
                            "tax_percent": .number(gift ? "0" : "15"), "discount_amount": money(0),
                            "amount_refunded": money(refundedRow - DemoAmount.gstIn(refundedRow)),
                        ])))
            }
            var payment = JSONObject([
                "entity_id": integer(order.entityID), "parent_id": integer(order.entityID),
                "method": .string(order.method.magento), "account_status": .null,
                "additional_information": .array([]),
                "cc_last4": order.method == .card ? .string(order.cardLast4) : .null,
                "amount_ordered": money(order.total), "base_amount_ordered": money(order.total),
            ])
            if paid {
                payment["amount_paid"] = money(order.total)
                payment["base_amount_paid"] = money(order.total)
            }
            if let charge = order.charge, paid { payment["last_trans_id"] = .string(charge) }
            if refunded > 0 {
                payment["amount_refunded"] = money(refunded)
                payment["base_amount_refunded"] = money(refunded)
            }
            let subtotal = order.lines.reduce(Int64(0)) { $0 + $1.row - $1.tax }
            var record = JSONObject([
                "entity_id": integer(order.entityID), "increment_id": .string(order.number),
                "state": .string(order.state.rawValue), "status": .string(order.state.rawValue),
                "created_at": .string(created), "updated_at": .string(DemoClock.magento(updated(order))),
                "store_id": .number("1"), "store_name": .string("Main Website\nMain Website Store\nDefault Store View"),
                "customer_id": integer(customer.id), "customer_is_guest": .number("0"),
                "customer_email": .string(customer.email), "customer_firstname": .string(customer.firstName),
                "customer_lastname": .string(customer.lastName), "customer_group_id": .number("1"),
            ])
            currencies(&record)
            let rest: KeyValuePairs<String, JSONValue> = [
                "base_to_order_rate": .number("1"), "subtotal": money(subtotal), "base_subtotal": money(subtotal),
                "subtotal_incl_tax": money(order.total - order.shipping), "tax_amount": money(order.tax),
                "base_tax_amount": money(order.tax), "shipping_amount": money(order.shipping - order.shippingTax),
                "base_shipping_amount": money(order.shipping - order.shippingTax),
                "shipping_incl_tax": money(order.shipping), "shipping_tax_amount": money(order.shippingTax),
                "shipping_description": .string(order.shipping > 0 ? "NZ Post - Tracked" : "Free shipping"),
                "discount_amount": money(0), "grand_total": money(order.total), "base_grand_total": money(order.total),
                "total_qty_ordered": integer(order.units), "total_item_count": integer(order.lines.count),
                "total_invoiced": money(paid ? order.total : 0), "total_paid": money(paid ? order.total : 0),
                "base_total_paid": money(paid ? order.total : 0), "total_refunded": money(refunded),
                "total_canceled": money(order.state == .canceled ? order.total : 0),
                "total_due": money(paid || order.state == .canceled ? 0 : order.total), "is_virtual": .number("0"),
                "items": .array(items), "payment": .object(payment), "status_histories": .array([]),
            ]
            for (key, value) in rest { record[key] = value }
            return .object(record)
        }
    }

    /// Magento invoices: the money captured for each paid order.
    private func captures() -> [JSONValue] {
        orders.compactMap { order -> JSONValue? in
            guard let paid = order.paid else { return nil }
            let time = DemoClock.magento(paid)
            var items: [JSONValue] = []
            for (position, line) in order.lines.enumerated() {
                let product = products[line.product]
                let gift = product.isGiftCard
                items.append(
                    .object(
                        JSONObject([
                            "entity_id": integer(order.captureID * 10 + position + 1),
                            "parent_id": integer(order.captureID),
                            "order_item_id": integer(order.entityID * 10 + position + 1),
                            "product_id": productID(line.product), "sku": .string(product.sku),
                            "name": .string(product.name), "qty": integer(line.quantity),
                            "price": money(net(product.price, gift: gift)),
                            "base_price": money(net(product.price, gift: gift)),
                            "price_incl_tax": money(product.price), "row_total": money(line.row - line.tax),
                            "base_row_total": money(line.row - line.tax), "row_total_incl_tax": money(line.row),
                            "tax_amount": money(line.tax), "base_tax_amount": money(line.tax),
                            "discount_amount": money(0),
                        ])))
            }
            let subtotal = order.lines.reduce(Int64(0)) { $0 + $1.row - $1.tax }
            var record = JSONObject([
                "entity_id": integer(order.captureID),
                "increment_id": .string(Self.orderNumber(2200 + order.captureID - 7000)),
                "order_id": integer(order.entityID), "store_id": .number("1"), "state": .number("2"),
                "can_void_flag": .number("0"), "email_sent": .number("1"),
            ])
            currencies(&record)
            let rest: KeyValuePairs<String, JSONValue> = [
                "subtotal": money(subtotal), "base_subtotal": money(subtotal),
                "subtotal_incl_tax": money(order.total - order.shipping), "tax_amount": money(order.tax),
                "base_tax_amount": money(order.tax), "shipping_amount": money(order.shipping - order.shippingTax),
                "base_shipping_amount": money(order.shipping - order.shippingTax),
                "shipping_incl_tax": money(order.shipping), "discount_amount": money(0),
                "grand_total": money(order.total), "base_grand_total": money(order.total),
                "total_qty": integer(order.units), "created_at": .string(time), "updated_at": .string(time),
                "items": .array(items), "comments": .array([]),
            ]
            for (key, value) in rest { record[key] = value }
            if let charge = order.charge { record["transaction_id"] = .string(charge) }
            return .object(record)
        }
    }

    /// Credit memos: one unit of a line back to the card (not returned to stock), or a goodwill
    /// adjustment with no units.
    private func memos() -> [JSONValue] {
        refunds.map { refund in
            let order = orders[refund.order]
            let time = DemoClock.magento(refund.created)
            let position = refund.line ?? order.lines.firstIndex { !products[$0.product].isGiftCard } ?? 0
            let line = order.lines[position]
            let product = products[line.product]
            let units: Int64 = refund.line == nil ? 0 : 1
            let tax = refund.line == nil ? 0 : DemoAmount.gstIn(refund.amount)
            let row = refund.line == nil ? 0 : refund.amount - tax
            let adjustment = refund.line == nil ? refund.amount : 0
            let item = JSONObject([
                "entity_id": integer(refund.entityID * 10 + 1), "parent_id": integer(refund.entityID),
                "order_item_id": integer(order.entityID * 10 + position + 1), "product_id": productID(line.product),
                "sku": .string(product.sku), "name": .string(product.name), "qty": integer(units),
                "price": money(net(product.price, gift: false)), "base_price": money(net(product.price, gift: false)),
                "base_cost": money(product.cost), "price_incl_tax": money(product.price), "row_total": money(row),
                "base_row_total": money(row), "tax_amount": money(tax), "base_tax_amount": money(tax),
                "discount_amount": money(0),
            ])
            var record = JSONObject([
                "entity_id": integer(refund.entityID), "increment_id": .string(refund.number),
                "order_id": integer(order.entityID), "invoice_id": integer(order.captureID), "store_id": .number("1"),
                "state": .number("2"), "creditmemo_status": .number("2"), "created_at": .string(time),
                "updated_at": .string(time),
            ])
            currencies(&record)
            let rest: KeyValuePairs<String, JSONValue> = [
                "subtotal": money(row), "base_subtotal": money(row), "tax_amount": money(tax),
                "base_tax_amount": money(tax), "shipping_amount": money(0), "adjustment_positive": money(adjustment),
                "adjustment_negative": money(0), "adjustment": money(adjustment), "grand_total": money(refund.amount),
                "base_grand_total": money(refund.amount), "email_sent": .number("1"), "items": .array([.object(item)]),
                "comments": .array([]), "transaction_id": .string(refund.stripeID),
            ]
            for (key, value) in rest { record[key] = value }
            return .object(record)
        }
    }

    /// Stripe's captures and refunds as Magento records its payment transactions, oldest first.
    private func transactions() -> [JSONValue] {
        var entries: [(time: Int64, order: Int, id: String, parent: String?, type: String)] = []
        for order in orders {
            guard let charge = order.charge, let paid = order.paid else { continue }
            entries.append((paid, order.entityID, charge, nil, "capture"))
        }
        for refund in refunds {
            let order = orders[refund.order]
            entries.append((refund.created, order.entityID, refund.stripeID, order.charge, "refund"))
        }
        entries.sort { ($0.time, $0.id) < ($1.time, $1.id) }
        return entries.enumerated().map { offset, entry in
            .object(
                JSONObject([
                    "transaction_id": integer(offset + 1), "order_id": integer(entry.order),
                    "payment_id": integer(entry.order), "txn_id": .string(entry.id),
                    "parent_txn_id": entry.parent.map(JSONValue.string) ?? .null, "txn_type": .string(entry.type),
                    "is_closed": .number("1"), "additional_information": .array([]),
                    "created_at": .string(DemoClock.magento(entry.time)), "child_transactions": .array([]),
                ]))
        }
    }
}
