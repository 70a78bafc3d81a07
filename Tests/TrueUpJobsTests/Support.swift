import Foundation
import Logging
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpStore

let fixedNow = Date(timeIntervalSince1970: 1_795_165_200)  // 2026-11-20T09:00:00Z

func planner(_ store: StateStore) -> Planner {
    Planner(store: store, logger: Logger(label: "test"), now: { fixedNow })
}

/// Plans a folder against a fresh in-memory state.
func planFolder(_ folder: String, out: String? = nil) async throws -> PlannedRun {
    try await planner(try StateStore.inMemory()).plan(folder: folder, out: out)
}

extension PlannedRun {
    func row(_ sku: String) -> TrueUpEngine.InventoryRow? { plan.rows.first { $0.sku == sku } }
}
