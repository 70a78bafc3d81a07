import Foundation
import GRDB
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpStore

/// Run history (DESIGN §1, stage 8): each run's stages, its job and holder, and what became of the
/// corrections it planned, as `trueup runs` reads them.
@Suite("Run history")
struct RunHistoryTests {
    let period = try? Period(parsing: "2026-11")

    func begin(_ store: StateStore, pair: String = "demo", kind: String = "run") async throws -> Int64 {
        try await store.beginRun(
            pair: pair, kind: kind, source: "test", asOf: now, period: try #require(period), settings: "{}", at: now)
    }

    @Test("The state has the jobs migration")
    func migration() async throws {
        let store = try StateStore.inMemory()
        #expect(try await store.appliedMigrations().last == "v6-credit-note-contact")
    }

    @Test("Stages are recorded in order, each run numbering its own from 1")
    func stages() async throws {
        let store = try StateStore.inMemory()
        let run = try await begin(store)
        let other = try await begin(store)
        let fetchEnd = now.addingTimeInterval(2.5)
        #expect(
            try await store.recordStage(
                run: run, stage: "fetch", startedAt: now, finishedAt: fetchEnd, status: .ok,
                counts: ["xero.calls": 4, "xero.lower_bound": 3]) == 1)
        #expect(
            try await store.recordStage(run: other, stage: "fetch", startedAt: now, finishedAt: nil, status: .failed)
                == 1)
        #expect(
            try await store.recordStage(
                run: run, stage: "apply", startedAt: fetchEnd, finishedAt: fetchEnd, status: .skipped,
                note: "dry run") == 2)
        let recorded = try await store.stages(run: run)
        #expect(
            recorded == [
                RunStageRecord(
                    runID: run, seq: 1, stage: "fetch", startedAt: now, finishedAt: fetchEnd, status: .ok,
                    counts: ["xero.calls": 4, "xero.lower_bound": 3], note: nil),
                RunStageRecord(
                    runID: run, seq: 2, stage: "apply", startedAt: fetchEnd, finishedAt: fetchEnd, status: .skipped,
                    counts: [:], note: "dry run"),
            ])
        #expect(try await store.stages(run: other).map(\.status) == [.failed])
        #expect(try await store.stages(run: 999).isEmpty)
    }

    @Test("The schema refuses a stage status outside ok, failed, skipped, partial, and a stage of no run")
    func stageConstraints() async throws {
        let store = try StateStore.inMemory()
        let run = try await begin(store)
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO run_stage (run_id, seq, stage, status) VALUES (?, 1, 'fetch', 'done')",
                    arguments: [run])
            }
        }
        await #expect(throws: TrueUpError.self) {
            try await store.recordStage(run: 999, stage: "fetch", startedAt: now, finishedAt: now, status: .ok)
        }
        // Stages go with their run.
        try await store.recordStage(run: run, stage: "fetch", startedAt: now, finishedAt: now, status: .ok)
        try await store.writer.write { db in try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run]) }
        #expect(try await store.stages(run: run).isEmpty)
    }

    @Test("Runs are listed newest first, by pair and job, up to the limit")
    func listing() async throws {
        let store = try StateStore.inMemory()
        let first = try await begin(store, pair: "demo", kind: "plan")
        let second = try await begin(store, pair: "other", kind: "run")
        let third = try await begin(store, pair: "demo", kind: "run")
        try await store.setRunJob(run: third, job: "nightly", holder: "web-1:100:aaaa0001")
        #expect(try await store.runs(pair: nil, limit: 10).map(\.id) == [third, second, first])
        #expect(try await store.runs(pair: nil, limit: 2).map(\.id) == [third, second])
        #expect(try await store.runs(pair: "demo", limit: 10).map(\.id) == [third, first])
        #expect(try await store.runs(pair: "demo", limit: 10, kind: "plan").map(\.id) == [first])
        #expect(try await store.runs(pair: nil, limit: 10, job: "nightly").map(\.id) == [third])
        #expect(try await store.runs(pair: "nobody", limit: 10).isEmpty)
        let run = try #require(try await store.run(third))
        #expect(run.job == "nightly")
        #expect(run.holder == "web-1:100:aaaa0001")
        #expect(try await store.run(first)?.job == nil)
        await #expect(throws: TrueUpError.self) {
            try await store.setRunJob(run: 999, job: "nightly", holder: nil)
        }
    }

    @Test("Corrections a run planned are counted by outbox and state, whatever became of them since")
    func correctionStates() async throws {
        let store = try StateStore.inMemory()
        // A and C differ on first sight: the storefront is set to Xero's quantity. B agrees.
        let snapshot = InventorySnapshot(
            items: [item("A", 10), item("B", 5), item("C", 7)], stock: [level("A", 4), level("B", 5), level("C", 9)])
        let (first, plan, _) = try await planAndRecord(store, snapshot)
        let ids = Dictionary(uniqueKeysWithValues: plan.corrections.map { ($0.sku, $0.id) })
        #expect(plan.corrections.map(\.side) == [.store, .store])
        // The storefront took A; C failed and waits.
        try await store.markSent(try #require(ids["A"]), at: now)
        try await store.acknowledge(try #require(ids["A"]), run: first, at: now)
        try await store.markFailed(try #require(ids["C"]), error: "timeout", at: now)
        // The storefront now shows A as set; a stocktake on the storefront moves B: Xero is adjusted.
        var counted = snapshot
        counted.stock[0] = level("A", 10)
        counted.stock[1] = level("B", 8)
        let (second, _, _) = try await planAndRecord(store, counted)
        try await insertPaymentCorrection(store, id: "p1", run: second, state: "planned")
        try await insertPaymentCorrection(store, id: "p2", run: second, state: "acknowledged")
        try await insertPaymentCorrection(store, id: "p3", run: first, state: "rejected")

        #expect(
            try await store.correctionStates(run: first) == [
                "inventory.store": ["acknowledged": 1, "failed": 1], "payments": ["rejected": 1],
            ])
        #expect(
            try await store.correctionStates(run: second) == [
                "inventory.xero": ["planned": 1], "payments": ["planned": 1, "acknowledged": 1],
            ])
        #expect(try await store.correctionStates(run: 999).isEmpty)
        // Still live for the pair: C's retry, B's adjustment, one payment.
        #expect(
            try await store.correctionStates(pair: "demo") == [
                "inventory.store": ["failed": 1], "inventory.xero": ["planned": 1], "payments": ["planned": 1],
            ])
        #expect(try await store.correctionStates(pair: "other").isEmpty)
    }

    private func insertPaymentCorrection(_ store: StateStore, id: String, run: Int64, state: String) async throws {
        try await store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO payment_correction (id, pair, run_id, side, action, subject, amount, currency, date,
                        state, created_at, updated_at)
                    VALUES (?, 'demo', ?, 'xero', 'xero_payment', ?, 1000, 'USD', '2026-11-01', ?, 'x', 'x')
                    """, arguments: [id, run, "order:\(id)", state])
        }
    }
}
