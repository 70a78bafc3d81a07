public import TrueUpCore
public import Foundation

/// U of DESIGN §3: units on storefront orders with no posted Xero invoice, less restocked units
/// on storefront refunds with no posted credit note. An invoice posts an order when it is an
/// ACCREC invoice, AUTHORISED or PAID, whose `Reference` is the order number; a credit note posts
/// a refund when it is an ACCRECCREDIT note, AUTHORISED or PAID, whose `Reference` is the refund number.
public struct InFlightUnits: Sendable {
    /// Units in flight per storefront SKU; absent means zero.
    public private(set) var units: [String: Quantity] = [:]
    /// SKUs whose in-flight sum overflowed (a corrupt input; reconciled as a conflict).
    public private(set) var overflowed: Set<String> = []
    /// Unposted orders and refunds per SKU, for people reading a conflict.
    public private(set) var documents: [String: Int] = [:]
    /// Per SKU, the movement both sides share since its base was agreed: units sold on orders
    /// placed after it (negative) and units restocked by refunds made after it.
    public private(set) var sinceBase: [String: Quantity] = [:]

    /// - Parameter agreedAt: when each SKU's base was agreed; SKUs without a time have no
    ///   movement since.
    public init(
        orders: [Order], refunds: [Refund], invoices: [Invoice], creditNotes: [CreditNote],
        mode: InventorySettings.PostingMode, agreedAt: [String: Date] = [:]
    ) {
        guard mode == .perOrder else { return }
        var postedOrders = Set<String>()
        for invoice in invoices where invoice.kind == .accrec && invoice.status.isPosted {
            if let reference = invoice.reference?.trimmingCharacters(in: .whitespaces) { postedOrders.insert(reference) }
        }
        var postedRefunds = Set<String>()
        for note in creditNotes where note.kind == .accreccredit && note.status.isPosted {
            if let reference = note.reference?.trimmingCharacters(in: .whitespaces) { postedRefunds.insert(reference) }
        }
        for order in Self.latest(orders, id: \.id, updated: \.updatedAt) {
            let posted = postedOrders.contains(order.number)
            for line in order.lines {
                if !posted { add(line.quantitySold, to: line.sku) }
                if let agreed = agreedAt[line.sku], order.createdAt > agreed { share(-line.quantitySold, line.sku) }
            }
        }
        for refund in Self.latest(refunds, id: \.id, updated: \.updatedAt) {
            let posted = postedRefunds.contains(refund.number)
            for line in refund.lines where line.quantityRestocked != .zero {
                if !posted { add(-line.quantityRestocked, to: line.sku) }
                if let agreed = agreedAt[line.sku], refund.createdAt > agreed { share(line.quantityRestocked, line.sku) }
            }
        }
    }

    private mutating func share(_ quantity: Quantity, _ sku: String) {
        guard let sum = (sinceBase[sku] ?? .zero).adding(quantity) else {
            overflowed.insert(sku)
            return
        }
        sinceBase[sku] = sum
    }

    public subscript(sku: String) -> Quantity { units[sku] ?? .zero }

    private mutating func add(_ quantity: Quantity, to sku: String) {
        documents[sku, default: 0] += 1
        guard quantity != .zero else { return }
        guard let sum = self[sku].adding(quantity) else {
            overflowed.insert(sku)
            return
        }
        units[sku] = sum
    }

    /// One record per id, the most recently updated: a page read twice must not count twice.
    static func latest<Record>(
        _ records: [Record], id: KeyPath<Record, String>, updated: KeyPath<Record, Foundation.Date>
    ) -> [Record] {
        var byID: [String: Int] = [:]
        var kept: [Record] = []
        kept.reserveCapacity(records.count)
        for record in records {
            if let existing = byID[record[keyPath: id]] {
                if record[keyPath: updated] > kept[existing][keyPath: updated] { kept[existing] = record }
            } else {
                byID[record[keyPath: id]] = kept.count
                kept.append(record)
            }
        }
        return kept
    }
}
