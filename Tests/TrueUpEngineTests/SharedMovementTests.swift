import Foundation
import Testing
import TrueUpCore
import TrueUpEngine

/// Sales since the base lower P and S alike: they are nobody's change, so they must not decide
/// which side moved, nor be counted twice in the target.
@Suite("Movement shared since the base")
struct SharedMovementTests {
    let base = Base(quantity: qty(10), runID: 1)

    @Test("A bill plus a sale is a Xero-side movement, not a concurrent change")
    func billAndSale() {
        // Agreed 10. The shop sold 2 (not invoiced yet: U = 2); Xero received a bill of 5.
        let result = InventoryClassifier.classify(
            SKUState(base: base, xero: qty(15), inFlight: qty(2), storeOwn: qty(8), sharedMovement: qty(-2)),
            settings: InventorySettings(policy: .conflict))
        #expect(result.outcome == .pushStore)
        #expect(result.agreedTarget == qty(13))
        #expect(result.storeTarget == qty(13))
        #expect(result.note?.contains("-2 since the agreed 10") == true)
    }

    @Test("A stocktake plus a sale is a storefront-side movement")
    func stocktakeAndSale() {
        // Agreed 10. Sold 3 (invoiced: X = 7); a stocktake then found 2 fewer on the shelf.
        let result = InventoryClassifier.classify(
            SKUState(base: base, xero: qty(7), inFlight: .zero, storeOwn: qty(5), sharedMovement: qty(-3)),
            settings: InventorySettings())
        #expect(result.outcome == .pushXero)
        #expect(result.xeroAdjustment == qty(-2))
        #expect(result.agreedTarget == qty(5))
    }

    @Test("Both sides moved and sales happened: T = B + c + uX + uS")
    func concurrentWithSales() {
        // Agreed 10; sold 2 (U = 2); bill +5 in Xero; the shop found 1 extra: truth 10 − 2 + 5 + 1 = 14.
        let result = InventoryClassifier.classify(
            SKUState(base: base, xero: qty(15), inFlight: qty(2), storeOwn: qty(9), sharedMovement: qty(-2)),
            settings: InventorySettings())
        #expect(result.outcome == .pushBoth)
        #expect(result.agreedTarget == qty(14))
        #expect(result.storeTarget == qty(14))
        #expect(result.xeroAdjustment == qty(1))
    }

    @Test("Orders placed after the base was agreed are the shared movement; earlier ones are not")
    func fromOrders() throws {
        let agreed = epoch.addingTimeInterval(3600)
        var before = order("100", [("A", 4)])
        before.createdAt = epoch
        var after = order("101", [("A", 2)])
        after.createdAt = agreed.addingTimeInterval(60)
        // Base 10 agreed after order 100 (already in flight then, U counted it); 101 came later.
        let snapshot = InventorySnapshot(
            items: [item("A", 15)], stock: [stock("A", 4)], orders: [before, after])
        let result = try plan(snapshot, bases: ["A": Base(quantity: qty(6), runID: 1, agreedAt: agreed)])
        // P = 15 − 6 = 9, S = 4, B = 6: dX = +3, dS = −2, c = −2 → uX = +5, uS = 0: a bill of 5.
        #expect(result.row("A")?.outcome == .pushStore)
        #expect(result.row("A")?.storeTarget == qty(9))
        // Without a time the same figures read as both sides moving.
        let unknown = try plan(snapshot, bases: ["A": Base(quantity: qty(6), runID: 1)])
        #expect(unknown.row("A")?.outcome == .pushBoth)
    }

    @Test("Refunds restocked after the base move both sides up")
    func fromRefunds() {
        let agreed = epoch
        var late = refund("R9", order: "1", [("A", 3, restocked: 3)])
        late.createdAt = agreed.addingTimeInterval(10)
        let units = InFlightUnits(
            orders: [], refunds: [late], invoices: [], creditNotes: [], mode: .perOrder, agreedAt: ["A": agreed])
        #expect(units.sinceBase("A") == qty(3))
        #expect(units["A"] == qty(-3))
        let none = InFlightUnits(
            orders: [], refunds: [late], invoices: [], creditNotes: [], mode: .none, agreedAt: ["A": agreed])
        #expect(none.sinceBase("A") == nil)
    }
}
