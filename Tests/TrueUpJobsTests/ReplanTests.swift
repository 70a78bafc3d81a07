import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpStore
import TrueUpTestSupport

@Suite("Planning again")
struct ReplanTests {
    /// What acknowledged corrections do to the two sides: Xero's quantity on hand moves by the
    /// adjustment, and the storefront's first mapped source takes the new total.
    static func apply(_ corrections: [PlannedCorrection], to loaded: inout LoadedScenario) {
        let sources = loaded.scenario.settings.sources.map(Set.init)
        for correction in corrections {
            switch correction.side {
            case .xero:
                if let index = loaded.snapshot.items.firstIndex(where: { $0.code == correction.itemCode }) {
                    let onHand = loaded.snapshot.items[index].quantityOnHand ?? .zero
                    loaded.snapshot.items[index].quantityOnHand = onHand + correction.quantity
                }
            case .store:
                let levels = loaded.snapshot.stock.indices.filter {
                    loaded.snapshot.stock[$0].sku == correction.sku
                        && (sources?.contains(loaded.snapshot.stock[$0].source) ?? true)
                }
                guard let first = levels.first else { continue }
                let others = levels.dropFirst().reduce(Quantity.zero) { $0 + loaded.snapshot.stock[$1].quantity }
                loaded.snapshot.stock[first].quantity = correction.quantity - others
            }
        }
    }

    @Test("Applying a scenario's plan and planning again gives no corrections", arguments: FixtureScenarioTests.names)
    func applyThenReplan(_ name: String) async throws {
        let store = try StateStore.inMemory()
        let planner = planner(store)
        var loaded = try ScenarioLoader.load(folder: "\(RepositoryPaths.scenarios)/\(name)")
        let first = try await planner.plan(loaded, out: nil)
        for correction in first.plan.corrections {
            try await store.markSent(correction.id, at: fixedNow)
            try await store.acknowledge(
                correction.id, externalID: "doc-\(correction.id.prefix(6))", run: first.runID, at: fixedNow)
        }
        Self.apply(first.plan.corrections, to: &loaded)
        let second = try await planner.plan(loaded, out: nil)
        #expect(second.plan.corrections.isEmpty, "\(name): \(second.plan.corrections.map { "\($0.sku) \($0.side)" })")
        let conflicting = Set(first.plan.rows.filter { $0.outcome == .conflict }.map(\.sku))
        for row in second.plan.rows where !conflicting.contains(row.sku) {
            #expect([.inSync, .untracked, .ignored].contains(row.outcome), "\(name)/\(row.sku): \(row.outcome)")
            if row.outcome == .inSync { #expect(row.base == row.projected, "\(name)/\(row.sku) base") }
        }
        #expect(second.recording.outbox.inserted == 0)
    }

    @Test("The same scenario run twice on one state shows the bases advancing")
    func basesAdvance() async throws {
        let store = try StateStore.inMemory()
        let planner = planner(store)
        let folder = "\(RepositoryPaths.scenarios)/first-run-xero-wins"
        let first = try await planner.plan(folder: folder, out: nil)
        let agreeing = first.plan.rows.filter { $0.outcome == .inSync }
        #expect(!agreeing.isEmpty)
        #expect(agreeing.allSatisfy { $0.base == nil })
        let second = try await planner.plan(folder: folder, out: nil)
        for row in agreeing {
            #expect(second.row(row.sku)?.base == row.projected)
            #expect(second.row(row.sku)?.outcome == .inSync)
        }
        // The first-sight SKUs still wait for their corrections: the same ones, not new ones.
        #expect(second.recording.outbox.inserted == 0)
        #expect(second.recording.outbox.unchanged == first.plan.corrections.count)
        #expect(second.plan.corrections.map(\.id) == first.plan.corrections.map(\.id))
    }
}
