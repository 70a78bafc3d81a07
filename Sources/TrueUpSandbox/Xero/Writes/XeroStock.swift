import Foundation
import TrueUpCore

/// Tracked inventory, as Xero keeps it: `QuantityOnHand` moves only when an invoice or credit
/// note with tracked items is authorised — up on a bill (ACCPAY), adding the lines' net amounts to
/// `TotalCostPool`; down on a sales invoice (ACCREC), taking out average cost × quantity
/// (`TotalCostPool × quantity ÷ QuantityOnHand` at 2 decimals; the whole pool when the last units
/// go). Credit notes move it the other way (``creditMoves(for:type:lineAmountTypes:store:)``).
/// Stock never goes below zero: such a document is refused, naming the item. Voiding an
/// authorised document moves back exactly what it moved. An item's `UpdatedDateUTC` changes when
/// its stock moves.
enum XeroStock {
    /// Whether an item is tracked (`IsTrackedAsInventory`, derived by Xero from its inventory asset account).
    static func isTracked(_ item: JSONObject) -> Bool {
        if case .bool(let flag)? = item["IsTrackedAsInventory"] { return flag }
        return item.text("InventoryAssetAccountCode") != nil
    }

    /// The stock an invoice's lines move when it is authorised, one move per item, or the
    /// messages that refuse it.
    static func moves(
        for lines: [XeroInvoiceLines.Line], type: String, lineAmountTypes: String, store: XeroStore
    )
        -> (moves: [StockMove], errors: [String])
    {
        var moves: [StockMove] = []
        var errors: [String] = []
        for (code, quantity, net) in trackedTotals(lines, lineAmountTypes: lineAmountTypes) {
            guard let (onHand, pool) = holding(code, store: store) else {
                errors.append("The item '\(code)' has a QuantityOnHand or TotalCostPool that cannot be read.")
                continue
            }
            if type == "ACCPAY" {
                moves.append(StockMove(code: code, quantity: quantity, costCents: net))
                continue
            }
            guard quantity <= onHand else {
                errors.append(
                    "The quantity on hand for item '\(code)' would fall below zero: \(onHand.fixed) on hand, "
                        + "\(quantity.fixed) on this invoice.")
                continue
            }
            let cost =
                quantity == onHand ? pool : (ScaledDecimal.multiplyDivide(pool, quantity.ticks, onHand.ticks) ?? 0)
            moves.append(StockMove(code: code, quantity: -quantity, costCents: -cost))
        }
        return (moves, errors)
    }

    /// The tracked items of a document's lines in the order they first appear, each with its total
    /// quantity and net amount (in cents, without tax).
    static func trackedTotals(
        _ lines: [XeroInvoiceLines.Line], lineAmountTypes: String
    ) -> [(code: String, quantity: Quantity, netCents: Int64)] {
        var order: [String] = []
        var quantities: [String: Quantity] = [:]
        var costs: [String: Int64] = [:]
        for line in lines {
            guard let code = line.trackedCode else { continue }
            if quantities[code] == nil { order.append(code) }
            quantities[code, default: .zero] += line.quantity
            let net = lineAmountTypes == "Inclusive" ? line.amountCents - line.taxCents : line.amountCents
            costs[code, default: 0] += net
        }
        return order.map { ($0, quantities[$0] ?? .zero, costs[$0] ?? 0) }
    }

    /// What moving stock back (voiding) would refuse, e.g. a bill whose units were sold since.
    static func reversalErrors(_ moves: [StockMove], store: XeroStore) -> [String] {
        moves.compactMap { move in
            guard let (onHand, _) = holding(move.code, store: store) else { return nil }
            guard onHand - move.quantity >= .zero else {
                return "The quantity on hand for item '\(move.code)' would fall below zero: \(onHand.fixed) on hand."
            }
            return nil
        }
    }

    /// Applies moves (or, with `reversing`, undoes them) and stamps the items' `UpdatedDateUTC`.
    static func apply(_ moves: [StockMove], reversing: Bool = false, to store: inout XeroStore, now: Date) {
        for move in moves {
            guard let item = store.items.records.first(where: { $0.text("Code") == move.code }),
                let id = item.text("ItemID"), let (onHand, pool) = holding(move.code, store: store)
            else { continue }
            let quantity = reversing ? onHand - move.quantity : onHand + move.quantity
            let cost = reversing ? pool - move.costCents : pool + move.costCents
            store.items.update(id) { item in
                item["QuantityOnHand"] = .number(quantity.fixed)
                item["TotalCostPool"] = ExactDecimal.number(cost, scale: 2)
                item["UpdatedDateUTC"] = .string(XeroJSON.date(now))
            }
        }
    }

    /// An item's quantity on hand and cost pool (in cents), or `nil` when they cannot be read.
    static func holding(_ code: String, store: XeroStore) -> (Quantity, Int64)? {
        guard let item = store.items.records.first(where: { $0.text("Code") == code }) else { return nil }
        let quantity: Quantity
        switch ExactDecimal.read(item["QuantityOnHand"], scale: Quantity.scale) {
        case .absent: quantity = .zero
        case .value(let ticks): quantity = Quantity(ticks: ticks)
        case .invalid: return nil
        }
        let pool: Int64
        switch ExactDecimal.read(item["TotalCostPool"], scale: 2) {
        case .absent: pool = 0
        case .value(let cents): pool = cents
        case .invalid: return nil
        }
        return (quantity, pool)
    }
}
