import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpEngine

@Suite("Synthetic catalogues")
struct SyntheticTests {
    @Test("Every SKU of a seeded 20,000-SKU catalogue gets its known outcome")
    func knownTruth() throws {
        let data = SyntheticInventory(skus: 20_000, seed: 7)
        let plan = try InventoryEngine.plan(data.input)
        #expect(plan.rows.count == 20_000)
        var wrong: [String] = []
        for row in plan.rows where data.truth[row.sku] != row.outcome {
            wrong.append("\(row.sku): \(row.outcome.rawValue), expected \(data.truth[row.sku]?.rawValue ?? "?")")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(
            Set(plan.rows.map(\.outcome)).isSuperset(of: [
                .inSync, .pushStore, .pushXero, .pushBoth, .initial, .conflict, .untracked,
            ]))
    }

    @Test("A catalogue planned in two halves at once gives exactly the plan made in one pass")
    func halvesMatchOnePass() throws {
        let data = SyntheticInventory(skus: 3000, seed: 11)
        let whole = try InventoryEngine.plan(data.input, halvingFrom: .max)
        let halved = try InventoryEngine.plan(data.input, halvingFrom: 1)
        #expect(halved.rows == whole.rows)
        #expect(halved.corrections == whole.corrections)
        #expect(halved.conflicts == whole.conflicts)
        #expect(halved.baseUpdates == whole.baseUpdates)
        #expect(halved.honouredResolutions == whole.honouredResolutions)
        #expect(halved.unattributedProblems == whole.unattributedProblems)
        #expect(!whole.corrections.isEmpty && !whole.conflicts.isEmpty && !whole.baseUpdates.isEmpty)
    }
}
