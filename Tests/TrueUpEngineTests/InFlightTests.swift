import Testing
import TrueUpCore
import TrueUpEngine

@Suite("In-flight units")
struct InFlightTests {
    @Test(
        "Orders count until an AUTHORISED or PAID ACCREC invoice posts them",
        arguments: [
            (DocumentStatus.draft, Int64(3)), (.submitted, 3), (.authorised, 0), (.paid, 0), (.voided, 3),
            (.deleted, 3),
        ])
    func postingStatus(status: DocumentStatus, expected: Int64) {
        let units = InFlightUnits(
            orders: [order("100", [("A", 3)])], refunds: [], invoices: [invoice("100", status)], creditNotes: [],
            mode: .perOrder)
        #expect(units["A"] == qty(expected))
    }

    @Test("A bill with the order number does not post the order")
    func billDoesNotPost() {
        let units = InFlightUnits(
            orders: [order("100", [("A", 3)])], refunds: [], invoices: [invoice("100", .authorised, kind: .accpay)],
            creditNotes: [], mode: .perOrder)
        #expect(units["A"] == qty(3))
    }

    @Test("Canceled units and restocked refunds without a credit note")
    func canceledAndRestocked() {
        var canceled = order("101", [("A", 5)])
        canceled.lines[0].quantityCanceled = qty(2)
        let units = InFlightUnits(
            orders: [canceled], refunds: [refund("R1", order: "101", [("A", 2, restocked: 1)])], invoices: [],
            creditNotes: [], mode: .perOrder)
        #expect(units["A"] == qty(2))
        let credited = InFlightUnits(
            orders: [canceled], refunds: [refund("R1", order: "101", [("A", 2, restocked: 1)])], invoices: [],
            creditNotes: [creditNote("R1", .authorised)], mode: .perOrder)
        #expect(credited["A"] == qty(3))
    }

    @Test("Posting mode none: nothing is in flight")
    func postingModeNone() {
        let units = InFlightUnits(
            orders: [order("100", [("A", 3)])], refunds: [], invoices: [], creditNotes: [], mode: .none)
        #expect(units["A"] == .zero)
    }

    @Test("An order read twice counts once, at its latest")
    func duplicateOrders() {
        let earlier = order("100", [("A", 3)])
        let later = order("100", [("A", 1)], updated: epoch.addingTimeInterval(60))
        let units = InFlightUnits(
            orders: [earlier, later, earlier], refunds: [], invoices: [], creditNotes: [], mode: .perOrder)
        #expect(units["A"] == qty(1))
    }

    @Test("Sales not yet posted never look like a storefront change")
    func salesRaceIsNotADifference() throws {
        // Agreed 10. The shop sold 3 (order 200) that Xero has not invoiced yet.
        let snapshot = InventorySnapshot(
            items: [item("A", 10)], stock: [stock("A", 7)], orders: [order("200", [("A", 3)])])
        let result = try plan(snapshot, bases: ["A": Base(quantity: qty(10), runID: 1)])
        #expect(result.row("A")?.outcome == .inSync)
        #expect(result.row("A")?.projected == qty(7))
        #expect(result.corrections.isEmpty)
        // Without the order the same figures would push a decrease to Xero, which the invoice
        // would then repeat: the race the in-flight units prevent.
        let blind = try plan(
            InventorySnapshot(items: [item("A", 10)], stock: [stock("A", 7)]),
            bases: ["A": Base(quantity: qty(10), runID: 1)])
        #expect(blind.row("A")?.outcome == .pushXero)
    }
}
