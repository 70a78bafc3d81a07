import Testing
import TrueUpCore
import TrueUpEngine

@Suite("Planning a whole snapshot")
struct EngineTests {
    @Test("Rows are one per SKU in byte order; corrections carry deterministic ids")
    func rowsAndCorrections() throws {
        let snapshot = InventorySnapshot(
            items: [item("b", 5), item("a", 9), item("C", 2)],
            stock: [stock("b", 5), stock("a", 4, source: "east"), stock("a", 3, source: "west"), stock("C", 2)])
        let bases = ["a": Base(quantity: qty(7), runID: 4)]
        let first = try plan(snapshot, bases: bases)
        #expect(first.rows.map(\.sku) == ["C", "a", "b"])
        #expect(first.row("a")?.storeQuantity == qty(7))
        #expect(first.row("a")?.outcome == .pushStore)
        let correction = try #require(first.corrections.first)
        #expect(correction.side == .store && correction.quantity == qty(9) && correction.basisRunID == 4)
        #expect(correction.id.count == 32)
        let second = try plan(snapshot, bases: bases)
        #expect(second.corrections.map(\.id) == first.corrections.map(\.id))
        let otherBase = try plan(snapshot, bases: ["a": Base(quantity: qty(7), runID: 5)])
        #expect(otherBase.corrections.map(\.id) != first.corrections.map(\.id))
        #expect(Set(first.baseUpdates.map(\.sku)) == ["C", "b"])
    }

    @Test("Only the pair's sources are summed")
    func sources() throws {
        let snapshot = InventorySnapshot(
            items: [item("a", 4)], stock: [stock("a", 4, source: "east"), stock("a", 100, source: "returns")])
        let result = try plan(snapshot, sources: ["east"])
        #expect(result.row("a")?.outcome == .inSync)
    }

    @Test("A bad record becomes a conflict for what it affects; the rest is planned")
    func problemsAreAttributed() throws {
        let snapshot = InventorySnapshot(
            items: [item("A", 5), item("B", 5), item("C", 5)],
            stock: [stock("A", 5), stock("B", 4), stock("C", 5)],
            orders: [order("300", [("B", 1)])],
            problems: [
                InputProblem(
                    source: "xero/Invoices.json", subject: .reference("300"),
                    message: "Invoices[0].CurrencyCode: unknown"),
                InputProblem(
                    source: "magento/source-items.json", subject: .sku("D"),
                    message: "items[3].quantity: expected a number"),
                InputProblem(
                    source: "xero/Items.json", subject: .itemCode("C"), message: "Items[2].QuantityOnHand: bad"),
                InputProblem(
                    source: "xero/Invoices.json", subject: .reference("999"), message: "Invoices[4].Status: bad"),
            ])
        let result = try plan(
            snapshot, bases: ["A": Base(quantity: qty(5), runID: 1), "B": Base(quantity: qty(5), runID: 1)])
        #expect(result.row("A")?.outcome == .inSync)
        #expect(result.row("B")?.conflictReason == .invalidData)
        #expect(result.row("B")?.note?.contains("Invoices[0].CurrencyCode") == true)
        #expect(result.row("C")?.conflictReason == .invalidData)
        #expect(result.row("D")?.conflictReason == .invalidData)
        #expect(result.conflicts.first { $0.subject.key == "B" }?.kind == .api)
        #expect(result.unattributedProblems.map(\.message) == ["Invoices[4].Status: bad"])
    }

    @Test("An unreadable order leaves no SKU safe: planning stops with the record named")
    func unattributableProblemsStopThePlan() {
        let snapshot = InventorySnapshot(
            items: [item("A", 5)], stock: [stock("A", 5)],
            problems: [
                InputProblem(
                    source: "magento/orders.json", subject: .order("400"), message: "items[2].items: expected an array")
            ])
        #expect {
            try plan(snapshot)
        } throws: { error in
            "\(error)".contains("magento/orders.json: items[2].items")
        }
    }

    @Test("Duplicate records are not trusted")
    func duplicates() throws {
        let snapshot = InventorySnapshot(
            items: [item("A", 5), item("A", 6), item("B", 1)], stock: [stock("A", 5), stock("B", 1), stock("B", 1)])
        let result = try plan(snapshot)
        #expect(result.row("A")?.conflictReason == .invalidData)
        #expect(result.row("B")?.conflictReason == .invalidData)
        #expect(result.row("B")?.note?.contains("appears twice") == true)
    }

    @Test("Resolutions are honoured and reported back")
    func resolutions() throws {
        let snapshot = InventorySnapshot(items: [item("A", 9)], stock: [stock("A", 4)])
        let result = try plan(
            snapshot, settings: InventorySettings(initialPolicy: .conflict), resolutions: ["A": .takeStore])
        #expect(result.row("A")?.outcome == .pushXero)
        #expect(result.row("A")?.xeroAdjustment == qty(-5))
        #expect(result.honouredResolutions == ["A"])
    }
}
