public import Foundation
public import TrueUpCore

/// U of DESIGN §3: units on storefront orders with no posted Xero invoice, less restocked units
/// on storefront refunds with no posted credit note.
///
/// "Units on an order" are the units that have left the shop's stock quantity: shipped units on a
/// platform that deducts at shipment (Magento MSI), sold units elsewhere. On such a platform an
/// order that Xero has invoiced but the shop has not shipped counts the other way: Xero has let
/// the units go and the shop still holds them, so they are subtracted. An invoice posts an order when it is an
/// ACCREC invoice, AUTHORISED or PAID, whose `Reference` is the order number; a credit note posts
/// a refund when it is an ACCRECCREDIT note, AUTHORISED or PAID, whose `Reference` is the refund number.
public struct InFlightUnits: Sendable {
    /// One SKU's order flow.
    public struct Flow: Sendable, Hashable {
        /// U: units in flight.
        public var units = Quantity.zero
        /// c: the movement both sides share since the SKU's base was agreed: units sold on
        /// orders placed after it (negative) and units restocked by refunds made after it.
        public var sinceBase = Quantity.zero
        /// A sum overflowed: a corrupt input, reconciled as a conflict.
        public var overflowed = false
    }

    /// The flow per storefront SKU that any order or refund touches.
    public private(set) var flows: [String: Flow] = [:]

    /// - Parameter agreedAt: when each SKU's base was agreed; SKUs without a time have no
    ///   movement since.
    public init(
        orders: [Order], refunds: [Refund], invoices: [Invoice], creditNotes: [CreditNote],
        mode: InventorySettings.PostingMode, agreedAt: [String: Date] = [:]
    ) {
        guard mode == .perOrder else { return }
        flows.reserveCapacity(orders.count)
        var postedOrders = Set<String>()
        for invoice in invoices where invoice.kind == .accrec && invoice.status.isPosted {
            if let reference = invoice.reference?.trimmingCharacters(in: .whitespaces) {
                postedOrders.insert(reference)
            }
        }
        var postedRefunds = Set<String>()
        for note in creditNotes where note.kind == .accreccredit && note.status.isPosted {
            if let reference = note.reference?.trimmingCharacters(in: .whitespaces) { postedRefunds.insert(reference) }
        }
        for index in Self.latest(orders, id: \.id, updated: \.updatedAt) {
            let posted = postedOrders.isEmpty ? false : postedOrders.contains(orders[index].number)
            let created = orders[index].createdAt
            for line in orders[index].lines {
                let after = agreedAt.isEmpty ? false : agreedAt[line.sku].map { created > $0 } ?? false
                let deducted = line.quantityDeducted
                // A posted invoice took every sold unit out of Xero; units the shop has not
                // shipped yet are still in its stock, so they count against Xero's side.
                let units = posted ? deducted - line.quantitySold : deducted
                add(line.sku, units: units, shared: after ? -deducted : .zero)
            }
        }
        for index in Self.latest(refunds, id: \.id, updated: \.updatedAt) {
            let refund = refunds[index]
            let posted = postedRefunds.contains(refund.number)
            for line in refund.lines where line.quantityRestocked != .zero {
                let after = agreedAt.isEmpty ? false : agreedAt[line.sku].map { refund.createdAt > $0 } ?? false
                add(
                    line.sku, units: posted ? .zero : -line.quantityRestocked,
                    shared: after ? line.quantityRestocked : .zero)
            }
        }
    }

    /// U for a SKU.
    public subscript(sku: String) -> Quantity { flows.isEmpty ? .zero : flows[sku]?.units ?? .zero }

    /// c for a SKU, when any.
    public func sinceBase(_ sku: String) -> Quantity? { flows[sku]?.sinceBase }

    private mutating func add(_ sku: String, units: Quantity, shared: Quantity) {
        flows[sku, default: Flow()].add(units: units, shared: shared)
    }

    /// The positions of one record per id, the most recently updated, in first-seen order: a
    /// page read twice must not count twice.
    static func latest<Record>(
        _ records: [Record], id: KeyPath<Record, String>, updated: KeyPath<Record, Foundation.Date>
    ) -> [Int] {
        var byID: [String: Int] = [:]
        byID.reserveCapacity(records.count)
        var kept: [Int] = []
        kept.reserveCapacity(records.count)
        for (position, record) in records.enumerated() {
            if let slot = byID[record[keyPath: id]] {
                if record[keyPath: updated] > records[kept[slot]][keyPath: updated] { kept[slot] = position }
            } else {
                byID[record[keyPath: id]] = kept.count
                kept.append(position)
            }
        }
        return kept
    }
}

extension InFlightUnits.Flow {
    mutating func add(units: Quantity, shared: Quantity) {
        guard let newUnits = self.units.adding(units), let newShared = sinceBase.adding(shared) else {
            overflowed = true
            return
        }
        self.units = newUnits
        sinceBase = newShared
    }
}
