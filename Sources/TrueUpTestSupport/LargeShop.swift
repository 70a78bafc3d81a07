public import Foundation
public import TrueUpCore

/// A Magento shop of any size, written as a scenario's `magento/source-items.json` and
/// `magento/orders.json`: source items across two sources and orders of one to three lines, for
/// paging through tens of thousands of records in tests and benchmarks.
///
/// The same sizes and seed give the same files: quantities, order lines and states come from a
/// seeded generator. Source items alternate between ``sources``, two per SKU (the last SKU has
/// only the first when the count is odd). Orders are one to 40 seconds apart from ``firstOrder``
/// and were last updated up to two hours after they were made, so that `updated_at` order is not
/// `entity_id` order; about 85% are complete, 10% processing (paid, not shipped), 5% canceled.
public struct LargeShop: Sendable {
    public var sourceItems: Int
    public var orders: Int
    public var seed: UInt64
    /// When the first order was made.
    public var firstOrder: Date

    /// The shop's sources, in the order their items alternate.
    public static let sources = ["default", "warehouse"]

    public init(
        sourceItems: Int, orders: Int, seed: UInt64 = 1, firstOrder: Date = Date(timeIntervalSince1970: 1_790_000_000)
    ) {
        self.sourceItems = sourceItems
        self.orders = orders
        self.seed = seed
        self.firstOrder = firstOrder
    }

    /// How many SKUs the source items cover.
    public var skuCount: Int { (sourceItems + 1) / 2 }

    public func sku(_ index: Int) -> String {
        let digits = String(index)
        return "SKU-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The source items as written, in order.
    public func sourceItemRecords() -> [(sku: String, source: String, quantity: Quantity)] {
        var random = SplitMix64(seed: seed)
        return (0..<sourceItems).map { index in
            (sku(index / 2), Self.sources[index % 2], Quantity(units: Int64(random.next(below: 250))))
        }
    }

    /// Writes `magento/source-items.json` and `magento/orders.json` under `folder`.
    public func write(to folder: URL) throws {
        let magento = folder.appendingPathComponent("magento")
        try FileManager.default.createDirectory(at: magento, withIntermediateDirectories: true)
        let items = sourceItemRecords().map { item in
            JSONValue.object(
                JSONObject([
                    "sku": .string(item.sku), "source_code": .string(item.source),
                    "quantity": .number(item.quantity.description),
                    "status": .number(item.quantity.ticks > 0 ? "1" : "0"),
                ]))
        }
        try Data(Self.searchResult(items)).write(to: magento.appendingPathComponent("source-items.json"))
        try Data(Self.searchResult(orderRecords())).write(to: magento.appendingPathComponent("orders.json"))
    }

    private func orderRecords() -> [JSONValue] {
        var random = SplitMix64(seed: seed &+ 0x9E37_79B9)
        var created = firstOrder.timeIntervalSince1970
        var itemID = 0
        var records: [JSONValue] = []
        records.reserveCapacity(orders)
        for index in 0..<orders {
            let entityID = index + 1
            created += Double(1 + random.next(below: 40))
            let createdAt = Self.timestamp(created)
            let updatedAt = Self.timestamp(created + Double(random.next(below: 7200)))
            let roll = random.next(below: 20)
            let state = roll == 0 ? "canceled" : (roll <= 2 ? "processing" : "complete")
            var lines: [JSONValue] = []
            var subtotal: Int64 = 0
            var tax: Int64 = 0
            var units: Int64 = 0
            for _ in 0..<(1 + random.next(below: 3)) {
                itemID += 1
                let skuIndex = random.next(below: max(skuCount, 1))
                let quantity = Int64(1 + random.next(below: 3))
                let price = Int64(500 + (skuIndex % 200) * 50)
                let row = price * quantity
                let rowTax = (row * 15 + 50) / 100
                subtotal += row
                tax += rowTax
                units += quantity
                let qty = JSONValue.number(String(quantity))
                let zero = JSONValue.number("0")
                lines.append(
                    .object(
                        JSONObject([
                            "item_id": .number(String(itemID)), "order_id": .number(String(entityID)),
                            "store_id": .number("1"), "created_at": .string(createdAt),
                            "updated_at": .string(updatedAt), "product_id": .number(String(skuIndex + 1)),
                            "product_type": .string("simple"), "sku": .string(sku(skuIndex)),
                            "name": .string("Product \(skuIndex)"), "is_virtual": zero, "qty_ordered": qty,
                            "qty_canceled": state == "canceled" ? qty : zero,
                            "qty_invoiced": state == "canceled" ? zero : qty, "qty_refunded": zero,
                            "qty_shipped": state == "complete" ? qty : zero, "price": Self.money(price),
                            "base_price": Self.money(price),
                            "price_incl_tax": Self.money(price + (price * 15 + 50) / 100),
                            "row_total": Self.money(row), "base_row_total": Self.money(row),
                            "row_total_incl_tax": Self.money(row + rowTax), "tax_amount": Self.money(rowTax),
                            "base_tax_amount": Self.money(rowTax), "tax_percent": .number("15"),
                            "discount_amount": Self.money(0),
                        ])))
            }
            let total = subtotal + tax
            let paid = state == "canceled" ? 0 : total
            var payment = JSONObject([
                "entity_id": .number(String(entityID)), "parent_id": .number(String(entityID)),
                "method": .string("stripe_payments"), "account_status": .null, "additional_information": .array([]),
                "cc_last4": .null, "amount_ordered": Self.money(total), "base_amount_ordered": Self.money(total),
            ])
            if paid > 0 {
                payment["amount_paid"] = Self.money(paid)
                payment["base_amount_paid"] = Self.money(paid)
                payment["last_trans_id"] = .string("pi_large_\(entityID)")
            }
            let number = String(entityID)
            records.append(
                .object(
                    JSONObject([
                        "entity_id": .number(number),
                        "increment_id": .string(String(repeating: "0", count: max(0, 9 - number.count)) + number),
                        "state": .string(state), "status": .string(state), "created_at": .string(createdAt),
                        "updated_at": .string(updatedAt), "store_id": .number("1"), "customer_is_guest": .number("1"),
                        "customer_email": .string("shopper\(entityID % 997)@example.com"),
                        "order_currency_code": .string("NZD"), "base_currency_code": .string("NZD"),
                        "global_currency_code": .string("NZD"), "store_currency_code": .string("NZD"),
                        "subtotal": Self.money(subtotal), "base_subtotal": Self.money(subtotal),
                        "tax_amount": Self.money(tax), "base_tax_amount": Self.money(tax),
                        "shipping_amount": Self.money(0), "base_shipping_amount": Self.money(0),
                        "discount_amount": Self.money(0), "grand_total": Self.money(total),
                        "base_grand_total": Self.money(total), "total_qty_ordered": .number(String(units)),
                        "total_item_count": .number(String(lines.count)), "total_paid": Self.money(paid),
                        "total_due": Self.money(state == "canceled" ? 0 : total - paid), "items": .array(lines),
                        "payment": .object(payment), "status_histories": .array([]),
                    ])))
        }
        return records
    }

    private static func searchResult(_ items: [JSONValue]) -> [UInt8] {
        JSONWriter.bytes(
            .object(
                JSONObject([
                    "items": .array(items),
                    "search_criteria": .object(JSONObject(["filter_groups": .array([])])),
                    "total_count": .number(String(items.count)),
                ])))
    }

    private static func money(_ cents: Int64) -> JSONValue { .number(ScaledDecimal.format(cents, scale: 2)) }

    /// `2026-09-21 14:13:20`, in UTC.
    private static func timestamp(_ seconds: TimeInterval) -> String {
        var text = ISOTimestamp.format(Date(timeIntervalSince1970: seconds))
        text.removeLast()
        return text.replacingOccurrences(of: "T", with: " ")
    }
}

extension SplitMix64 {
    /// A number in `0..<bound` (`bound` > 0), as an `Int`.
    fileprivate mutating func next(below bound: Int) -> Int {
        Int(next(upTo: UInt64(bound)))
    }
}
