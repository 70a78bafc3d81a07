import Foundation
import TrueUpCore

extension XeroStock {
    /// The stock a credit note's lines move when it is authorised, one move per item, or the
    /// messages that refuse it:
    ///
    /// - a customer credit (ACCRECCREDIT) takes the returned units back in at the item's average
    ///   cost (`TotalCostPool × quantity ÷ QuantityOnHand` at 2 decimals), or at its purchase price
    ///   when none are on hand;
    /// - a supplier credit (ACCPAYCREDIT) sends units back to the supplier, taking the lines' net
    ///   amounts out of the pool; like a sale, it may not take stock below zero.
    static func creditMoves(
        for lines: [XeroInvoiceLines.Line], type: String, lineAmountTypes: String, store: XeroStore
    )
        -> (moves: [StockMove], errors: [String])
    {
        var moves: [StockMove] = []
        var errors: [String] = []
        for (code, quantity, net) in trackedTotals(lines, lineAmountTypes: lineAmountTypes) {
            guard let (onHand, _) = holding(code, store: store) else {
                errors.append("The item '\(code)' has a QuantityOnHand or TotalCostPool that cannot be read.")
                continue
            }
            if type == "ACCRECCREDIT" {
                moves.append(StockMove(code: code, quantity: quantity, costCents: returnCost(code, quantity, store)))
                continue
            }
            guard quantity <= onHand else {
                errors.append(
                    "The quantity on hand for item '\(code)' would fall below zero: \(onHand.fixed) on hand, "
                        + "\(quantity.fixed) on this credit note.")
                continue
            }
            moves.append(StockMove(code: code, quantity: -quantity, costCents: -net))
        }
        return (moves, errors)
    }

    /// What `quantity` returned units of an item add to its cost pool, in cents.
    private static func returnCost(_ code: String, _ quantity: Quantity, _ store: XeroStore) -> Int64 {
        guard let (onHand, pool) = holding(code, store: store) else { return 0 }
        if onHand.ticks > 0 {
            return ScaledDecimal.multiplyDivide(pool, quantity.ticks, onHand.ticks) ?? 0
        }
        let item = store.items.records.first { $0.text("Code") == code }
        guard let price = ExactDecimal.read(item?.object("PurchaseDetails")?["UnitPrice"], scale: 4).value else {
            return 0
        }
        // Quantity and price are both in ten-thousandths: their product is in 10⁻⁸, cents are 10⁻².
        return ScaledDecimal.multiplyDivide(quantity.ticks, price, 1_000_000) ?? 0
    }
}
