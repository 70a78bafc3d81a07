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

/// Rows already in memory, in SKU byte order.
public struct PlanRowList: PlanRowSource {
    public let rows: [InventoryRow]

    public init(_ rows: [InventoryRow]) {
        self.rows = rows.sorted { $0.sku.utf8.lexicographicallyPrecedes($1.sku.utf8) }
    }

    public func rows(after sku: String?, limit: Int) async throws -> [InventoryRow] {
        let start =
            sku.map { after in rows.firstIndex { after.utf8.lexicographicallyPrecedes($0.sku.utf8) } ?? rows.count }
            ?? 0
        return Array(rows[start..<min(rows.count, start + limit)])
    }
}
