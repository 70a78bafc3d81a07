import Foundation
import GRDB
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpStore
import TrueUpTestSupport

@Suite("The correction outbox and bases")
struct OutboxTests {
    let snapshot = InventorySnapshot(
        items: [item("A", 10), item("B", 5), item("C", 7)], stock: [level("A", 4), level("B", 5), level("C", 9)])

    @Test("Recording a plan writes its rows, corrections and the bases the sides already agree on")
    func recordsAPlan() async throws {
        let store = try StateStore.inMemory()
        let (run, plan, recording) = try await planAndRecord(store, snapshot)
        #expect(plan.corrections.count == 2)
        #expect(recording.outbox.inserted == 2)
        #expect(recording.basesAdvanced == 1)
        #expect(try await store.bases(pair: "demo")["B"]?.quantity == qty(5))
        #expect(try await store.bases(pair: "demo")["A"] == nil)
        #expect(try await store.planRows(run: run) == plan.rows)
        #expect(try await store.corrections(pair: "demo", state: .planned).count == 2)
        #expect(try await store.snapshot(run: run) == snapshot)
    }

    @Test("Planning the same state again duplicates nothing")
    func idempotentReplan() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, snapshot)
        let (_, _, second) = try await planAndRecord(store, snapshot)
        #expect(second.outbox.inserted == 0)
        #expect(second.outbox.unchanged == 2)
        #expect(try await store.corrections(pair: "demo").count == 2)
    }

    @Test("The schema makes two live corrections for one SKU and side impossible")
    func uniqueLiveCorrection() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, snapshot)
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO correction (id, pair, run_id, side, action, sku, item_code, quantity, observed, agreed_target,
                            held_back, state, created_at, updated_at)
                        SELECT 'other', pair, run_id, side, action, sku, item_code, quantity + 1, observed, agreed_target,
                            held_back, 'planned', created_at, updated_at FROM correction LIMIT 1
                        """)
            }
        }
    }

    @Test("A changed plan supersedes unsent corrections; a sent one holds the SKU")
    func supersedeAndHold() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, snapshot)
        var changed = snapshot
        changed.items[0].quantityOnHand = qty(12)
        let (_, _, second) = try await planAndRecord(store, changed)
        #expect(second.outbox.superseded == 1)
        #expect(second.outbox.inserted == 1)
        let live = try await store.corrections(pair: "demo", state: .planned)
        #expect(live.first { $0.correction.sku == "A" }?.correction.quantity == qty(12))

        // Once sent, the correction may have taken effect: a different plan must wait.
        let sent = try #require(live.first { $0.correction.sku == "A" })
        try await store.markSent(sent.correction.id, at: now)
        changed.items[0].quantityOnHand = qty(13)
        let (run, _, third) = try await planAndRecord(store, changed)
        #expect(third.outbox.held == ["A"])
        #expect(try await store.corrections(pair: "demo", state: .sent).map(\.correction.id) == [sent.correction.id])
        #expect(
            try await store.planRows(run: run).first { $0.sku == "A" }?.note?.contains(
                "waits for an earlier correction") == true)
    }

    @Test("A base advances only when every correction of the SKU's plan is acknowledged")
    func acknowledgeAdvancesBase() async throws {
        let store = try StateStore.inMemory()
        // Both sides moved from an agreed 10: Xero to 14, the shop to 7 → T = 11, two corrections.
        let first = try await planAndRecord(store, InventorySnapshot(items: [item("A", 10)], stock: [level("A", 10)]))
        #expect(first.plan.baseUpdates.count == 1)
        let (run, plan, _) = try await planAndRecord(
            store, InventorySnapshot(items: [item("A", 14)], stock: [level("A", 7)]))
        #expect(plan.row("A")?.outcome == .pushBoth)
        let ids = plan.corrections.map(\.id)
        #expect(ids.count == 2)
        #expect(try await store.acknowledge(ids[0], externalID: "doc-1", run: run, at: now) == false)
        #expect(try await store.bases(pair: "demo")["A"]?.quantity == qty(10))
        #expect(try await store.acknowledge(ids[1], externalID: "doc-2", run: run, at: now) == true)
        #expect(try await store.bases(pair: "demo")["A"]?.quantity == qty(11))
        #expect(try await store.history(pair: "demo")["A"]?.sorted() == [qty(-3), qty(4)])
        // The base is what the planning run saw, as of that run.
        let advanced = try #require(try await store.bases(pair: "demo")["A"])
        #expect(advanced.runID == run)
        #expect(advanced.agreedAt == now)
        // Acknowledging twice changes nothing.
        #expect(try await store.acknowledge(ids[1], run: run, at: now) == false)
    }

    @Test("A refused correction becomes a conflict that stays, and withdraws its unsent sibling")
    func rejection() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, InventorySnapshot(items: [item("A", 10)], stock: [level("A", 10)]))
        let moved = InventorySnapshot(items: [item("A", 14)], stock: [level("A", 7)])
        let (run, plan, _) = try await planAndRecord(store, moved)
        let xero = try #require(plan.corrections.first { $0.side == .xero })
        let shop = try #require(plan.corrections.first { $0.side == .store })
        try await store.markSent(xero.id, at: now)
        try await store.reject(xero.id, message: "Item code 'A' is not valid", run: run, at: now)

        let states = Dictionary(
            uniqueKeysWithValues: try await store.corrections(pair: "demo").map { ($0.correction.id, $0) })
        #expect(states[xero.id]?.state == .rejected)
        #expect(states[xero.id]?.lastError == "Item code 'A' is not valid")
        #expect(states[shop.id]?.state == .superseded)
        #expect(try await store.liveCorrections(pair: "demo").isEmpty)
        let open = try await store.conflicts(ConflictFilter(pair: "demo"))
        let conflict = try #require(open.first { $0.subject.key == "A" })
        #expect(conflict.reason == "xero_rejected")
        #expect(conflict.kind == .inventory)
        #expect(conflict.message == "Xero refused an adjustment of -3 to A: Item code 'A' is not valid")
        #expect(try await store.bases(pair: "demo")["A"]?.quantity == qty(10))

        // Planning the same state again writes nothing for the SKU and keeps the conflict open.
        let (_, _, again) = try await planAndRecord(store, moved)
        #expect(again.conflictsCleared == 0)
        #expect(again.outbox.held == ["A"])
        #expect(try await store.corrections(pair: "demo", state: .planned).isEmpty)
        #expect(try await store.conflicts(ConflictFilter(pair: "demo")).contains { $0.reason == "xero_rejected" })
    }

    @Test("Old snapshots are pruned; the last plan of each period is kept for reports")
    func prune() async throws {
        let store = try StateStore.inMemory()
        var runs: [Int64] = []
        for _ in 0..<5 { runs.append(try await planAndRecord(store, snapshot).run) }
        #expect(try await store.snapshot(run: runs[0]).items.isEmpty)
        #expect(try await store.planRows(run: runs[1]).isEmpty)
        #expect(try await store.snapshot(run: runs[2]) == snapshot)
        #expect(try await store.planRows(run: runs[4]).count == 3)
        #expect(try await store.latestPlannedRun(pair: "demo", period: nil)?.id == runs[4])
    }
}

extension InventoryPlan {
    func row(_ sku: String) -> InventoryRow? { rows.first { $0.sku == sku } }
}

@Suite("Cursors")
struct CursorTests {
    @Test("A cursor moves only when set, per pair and name")
    func cursors() async throws {
        let store = try StateStore.inMemory()
        let (run, _, _) = try await planAndRecord(
            store, InventorySnapshot(items: [item("A", 1)], stock: [level("A", 1)]))
        #expect(try await store.cursor(pair: "demo", name: "xero.invoices") == nil)
        try await store.setCursor(pair: "demo", name: "xero.invoices", value: "2026-11-20T08:00:00", run: run, at: now)
        try await store.setCursor(pair: "demo", name: "magento.orders", value: "2026-11-20 07:00:00", run: run, at: now)
        #expect(try await store.cursor(pair: "demo", name: "xero.invoices") == "2026-11-20T08:00:00")
        try await store.setCursor(pair: "demo", name: "xero.invoices", value: "2026-11-20T09:00:00", run: run, at: now)
        #expect(try await store.cursor(pair: "demo", name: "xero.invoices") == "2026-11-20T09:00:00")
        #expect(try await store.cursor(pair: "demo", name: "magento.orders") == "2026-11-20 07:00:00")
    }
}

@Suite("Large snapshots")
struct LargeSnapshotTests {
    @Test("A snapshot and plan of thousands of SKUs, written in many batches, read back exactly and in order")
    func roundTrip() async throws {
        // 2,345 SKUs: several full insert batches in every table and a partial last one.
        let data = SyntheticInventory(skus: 2345, seed: 7)
        let store = try StateStore.inMemory()
        let (run, plan, _) = try await planAndRecord(store, data.snapshot)
        #expect(data.snapshot.stock.count == 2345 && data.snapshot.orders.count > 100)
        #expect(try await store.snapshot(run: run) == data.snapshot)
        #expect(try await store.planRows(run: run) == plan.rows.sorted { $0.sku < $1.sku })
    }
}
