import Foundation
import TrueUpCore
import TrueUpEngine
import TrueUpStore
import TrueUpTestSupport

let now = Date(timeIntervalSince1970: 1_795_000_000)

func qty(_ units: Int64) -> Quantity { Quantity(units: units) }

func item(_ code: String, _ onHand: Int64) -> Item {
    Item(code: code, name: code, isTracked: true, quantityOnHand: qty(onHand))
}

func level(_ sku: String, _ quantity: Int64) -> StockLevel {
    StockLevel(sku: sku, source: "default", quantity: qty(quantity))
}

/// Begins a run, plans the snapshot against the store's state, records the plan.
@discardableResult
func planAndRecord(
    _ store: StateStore, _ snapshot: InventorySnapshot, pair: String = "demo",
    settings: InventorySettings = InventorySettings(initialPolicy: .xeroWins)
) async throws -> (run: Int64, plan: InventoryPlan, recording: PlanRecording) {
    let run = try await store.beginRun(
        pair: pair, kind: "plan", source: "test", asOf: now, period: try Period(parsing: "2026-11"), settings: "{}",
        at: now)
    let plan = try InventoryEngine.plan(
        InventoryInput(
            pair: pair, snapshot: snapshot, bases: try await store.bases(pair: pair),
            mappings: try await store.mappings(pair: pair), history: try await store.history(pair: pair),
            resolutions: try await store.pendingResolutions(pair: pair), settings: settings))
    let recording = try await store.recordInventoryPlan(plan, snapshot: snapshot, pair: pair, run: run, at: now)
    try await store.finishRun(run, status: .ok, exitCode: 0, counts: [:], error: nil, at: now)
    return (run, plan, recording)
}
