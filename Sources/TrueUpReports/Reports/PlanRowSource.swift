import TrueUpCore
public import TrueUpEngine
public import TrueUpStore

/// Plan rows in SKU byte order, a page at a time, so that a report of a million SKUs never holds
/// them all in memory.
public protocol PlanRowSource: Sendable {
    func rows(after sku: String?, limit: Int) async throws -> [InventoryRow]
}

/// A run's rows as the state database holds them.
public struct StoredPlanRows: PlanRowSource {
    public let store: StateStore
    public let runID: Int64

    public init(store: StateStore, runID: Int64) {
        self.store = store
        self.runID = runID
    }

    public func rows(after sku: String?, limit: Int) async throws -> [InventoryRow] {
        try await store.planRows(run: runID, after: sku, limit: limit)
    }
}
