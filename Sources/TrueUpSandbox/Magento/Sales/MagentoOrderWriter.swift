import TrueUpCore

/// Makes the records of an order placed at the storefront, as Magento's checkout leaves them:
/// the order with its items and payment, and when it is paid, its invoice and the payment's
/// capture transaction. Prices come from the product (or its last order line), tax from the
/// configured rate; shipping is free and nothing is discounted.
struct MagentoOrderWriter {
    let currency: Currency
    let taxPercent: Int
    let timestamp: String

    struct Line {
        var sku: String
        var quantity: Quantity
    }

    /// Adds the order (and its invoice and capture when `paid`) to the store, reserves its
    /// units, and returns its entity id and increment id. Shipping is left to the caller.
    func place(
        _ lines: [Line], paid: Bool, number: String?, in store: inout MagentoStore
    ) throws(MagentoSimulationError) -> (entityID: Int, incrementID: String) {
        guard !lines.isEmpty else { throw MagentoSimulationError("an order needs at least one line") }
        for line in lines {
            guard line.quantity.ticks > 0 else {
                throw MagentoSimulationError("the quantity of \(line.sku) must be more than zero, not \(line.quantity)")
            }
            guard
                store.product(sku: line.sku) != nil
                    || store.sourceItems.records.contains(where: { $0.text("sku") == line.sku })
            else { throw MagentoSimulationError("the shop has no product with SKU \(line.sku)") }
        }
        if let number, store.orders.records.contains(where: { $0.text("increment_id") == number }) {
            throw MagentoSimulationError("the shop already has an order numbered \(number)")
        }
        let exponent = currency.exponent
        let entityID = store.next(.order)
        let incrementID = number ?? MagentoJSON.incrementID(store.next(.orderNumber))
        if let number, let numeric = Int(number) { store.reserve(.orderNumber, above: numeric) }

        var items: [JSONValue] = []
        var invoiceItems: [JSONValue] = []
        var subtotal: Int64 = 0
        var tax: Int64 = 0
        var totalQuantity = Quantity.zero
        let invoiceID = paid ? store.next(.invoice) : nil
        for line in lines {
            let product = store.product(sku: line.sku)
            let price = MagentoJSON.money(product?["price"] ?? .number("10"), exponent: exponent)
            let row = ScaledDecimal.multiplyDivide(price, line.quantity.ticks, Quantity.ticksPerUnit) ?? 0
            let rowTax = ScaledDecimal.multiplyDivide(row, Int64(taxPercent), 100) ?? 0
            let priceWithTax = price + (ScaledDecimal.multiplyDivide(price, Int64(taxPercent), 100) ?? 0)
            subtotal += row
            tax += rowTax
            totalQuantity += line.quantity
            let itemID = store.next(.orderItem)
            func money(_ value: Int64) -> JSONValue { MagentoJSON.money(value, exponent: exponent) }
            let invoiced = paid ? line.quantity : .zero
            items.append(
                .object(
                    JSONObject([
                        "item_id": MagentoJSON.integer(itemID),
                        "order_id": MagentoJSON.integer(entityID),
                        "store_id": .number("1"),
                        "created_at": .string(timestamp),
                        "updated_at": .string(timestamp),
                        "product_id": product?["id"] ?? .number("0"),
                        "product_type": .string("simple"),
                        "sku": .string(line.sku),
                        "name": product?["name"] ?? .string(line.sku),
                        "is_virtual": .number("0"),
                        "qty_ordered": MagentoJSON.quantity(line.quantity),
                        "qty_canceled": .number("0"),
                        "qty_invoiced": MagentoJSON.quantity(invoiced),
                        "qty_refunded": .number("0"),
                        "qty_shipped": .number("0"),
                        "price": money(price),
                        "base_price": money(price),
                        "original_price": money(price),
                        "base_original_price": money(price),
                        "price_incl_tax": money(priceWithTax),
                        "base_price_incl_tax": money(priceWithTax),
                        "row_total": money(row),
                        "base_row_total": money(row),
                        "row_total_incl_tax": money(row + rowTax),
                        "base_row_total_incl_tax": money(row + rowTax),
                        "row_invoiced": money(paid ? row : 0),
                        "base_row_invoiced": money(paid ? row : 0),
                        "tax_amount": money(rowTax),
                        "base_tax_amount": money(rowTax),
                        "tax_invoiced": money(paid ? rowTax : 0),
                        "tax_percent": .number(String(taxPercent)),
                        "discount_amount": money(0),
                        "amount_refunded": money(0),
                        "base_amount_refunded": money(0),
                    ])))
            if let invoiceID {
                invoiceItems.append(
                    .object(
                        JSONObject([
                            "entity_id": MagentoJSON.integer(store.next(.invoiceItem)),
                            "parent_id": MagentoJSON.integer(invoiceID),
                            "order_item_id": MagentoJSON.integer(itemID),
                            "product_id": product?["id"] ?? .number("0"),
                            "sku": .string(line.sku),
                            "name": product?["name"] ?? .string(line.sku),
                            "qty": MagentoJSON.quantity(line.quantity),
                            "price": money(price),
                            "base_price": money(price),
                            "price_incl_tax": money(priceWithTax),
                            "base_price_incl_tax": money(priceWithTax),
                            "row_total": money(row),
                            "base_row_total": money(row),
                            "row_total_incl_tax": money(row + rowTax),
                            "base_row_total_incl_tax": money(row + rowTax),
                            "tax_amount": money(rowTax),
                            "base_tax_amount": money(rowTax),
                            "discount_amount": money(0),
                        ])))
            }
            store.reserve(line.quantity, of: line.sku)
        }

        let total = subtotal + tax
        func money(_ value: Int64) -> JSONValue { MagentoJSON.money(value, exponent: exponent) }
        let paymentID = store.next(.payment)
        let transactionID = paid ? "pi_sandbox_\(entityID)" : nil
        var payment = JSONObject([
            "entity_id": MagentoJSON.integer(paymentID),
            "parent_id": MagentoJSON.integer(entityID),
            "method": .string(paid ? "stripe_payments" : "checkmo"),
            "account_status": .null,
            "additional_information": .array([]),
            "cc_last4": .null,
            "amount_ordered": money(total),
            "base_amount_ordered": money(total),
        ])
        if let transactionID {
            payment["amount_paid"] = money(total)
            payment["base_amount_paid"] = money(total)
            payment["last_trans_id"] = .string(transactionID)
        }
        let code = JSONValue.string(currency.code)
        var order = JSONObject([
            "entity_id": MagentoJSON.integer(entityID),
            "increment_id": .string(incrementID),
            "state": .string("new"),
            "status": .string("pending"),
            "created_at": .string(timestamp),
            "updated_at": .string(timestamp),
            "store_id": .number("1"),
            "store_name": .string("Main Website\nMain Website Store\nDefault Store View"),
            "customer_is_guest": .number("1"),
            "customer_email": .string("guest.\(entityID)@example.com"),
            "customer_firstname": .string("Guest"),
            "customer_lastname": .string("Shopper"),
            "customer_group_id": .number("0"),
            "order_currency_code": code,
            "base_currency_code": code,
            "global_currency_code": code,
            "store_currency_code": code,
            "subtotal": money(subtotal),
            "base_subtotal": money(subtotal),
            "tax_amount": money(tax),
            "base_tax_amount": money(tax),
            "shipping_amount": money(0),
            "base_shipping_amount": money(0),
            "shipping_description": .string("Free Shipping - Free"),
            "discount_amount": money(0),
            "grand_total": money(total),
            "base_grand_total": money(total),
            "total_qty_ordered": MagentoJSON.quantity(totalQuantity),
            "total_item_count": MagentoJSON.integer(lines.count),
            "total_paid": money(paid ? total : 0),
            "base_total_paid": money(paid ? total : 0),
            "total_invoiced": money(paid ? total : 0),
            "base_total_invoiced": money(paid ? total : 0),
            "total_due": money(paid ? 0 : total),
            "base_total_due": money(paid ? 0 : total),
            "total_refunded": money(0),
            "base_total_refunded": money(0),
            "is_virtual": .number("0"),
            "items": .array(items),
            "payment": .object(payment),
            "status_histories": .array([]),
        ])
        MagentoOrderLines.settle(&order)
        store.orders.append(order)

        if let invoiceID, let transactionID {
            store.invoices.append(
                JSONObject([
                    "entity_id": MagentoJSON.integer(invoiceID),
                    "increment_id": .string(MagentoJSON.incrementID(store.next(.invoiceNumber))),
                    "order_id": MagentoJSON.integer(entityID),
                    "store_id": .number("1"),
                    "state": .number("2"),
                    "created_at": .string(timestamp),
                    "updated_at": .string(timestamp),
                    "order_currency_code": code,
                    "base_currency_code": code,
                    "global_currency_code": code,
                    "store_currency_code": code,
                    "subtotal": money(subtotal),
                    "base_subtotal": money(subtotal),
                    "tax_amount": money(tax),
                    "base_tax_amount": money(tax),
                    "shipping_amount": money(0),
                    "base_shipping_amount": money(0),
                    "discount_amount": money(0),
                    "grand_total": money(total),
                    "base_grand_total": money(total),
                    "total_qty": MagentoJSON.quantity(totalQuantity),
                    "transaction_id": .string(transactionID),
                    "email_sent": .number("1"),
                    "can_void_flag": .number("0"),
                    "items": .array(invoiceItems),
                    "comments": .array([]),
                ]))
            store.transactions.append(
                MagentoOrderWriter.transaction(
                    id: store.next(.transaction), orderID: entityID, paymentID: paymentID, txnID: transactionID,
                    parent: nil, type: "capture", timestamp: timestamp))
        }
        return (entityID, incrementID)
    }

    /// A payment transaction as `GET /V1/transactions` lists it.
    static func transaction(
        id: Int, orderID: Int, paymentID: Int, txnID: String, parent: String?, type: String, timestamp: String
    ) -> JSONObject {
        JSONObject([
            "transaction_id": MagentoJSON.integer(id),
            "order_id": MagentoJSON.integer(orderID),
            "payment_id": MagentoJSON.integer(paymentID),
            "txn_id": .string(txnID),
            "parent_txn_id": parent.map(JSONValue.string) ?? .null,
            "txn_type": .string(type),
            "is_closed": .number("1"),
            "additional_information": .array([]),
            "created_at": .string(timestamp),
            "child_transactions": .array([]),
        ])
    }
}

/// A simulated shop event that cannot happen as asked, saying why.
public struct MagentoSimulationError: Error, Sendable, CustomStringConvertible {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
