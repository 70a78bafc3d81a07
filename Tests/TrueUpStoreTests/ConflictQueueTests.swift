import Foundation
import GRDB
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpStore

@Suite("The conflict queue")
struct ConflictQueueTests {
    let disagreeing = InventorySnapshot(
        items: [item("A", 9), item("B", 2)], stock: [level("A", 4), level("Z-unmapped", 1)])
    let asking = InventorySettings(initialPolicy: .conflict)

    @Test("The same subject raised again updates its open conflict")
    func raisedAgainUpdates() async throws {
        let store = try StateStore.inMemory()
        let first = try await planAndRecord(store, disagreeing, settings: asking)
        #expect(first.recording.conflictsOpened == 2)
        var changed = disagreeing
        changed.items[0].quantityOnHand = qty(8)
        let second = try await planAndRecord(store, changed, settings: asking)
        #expect(second.recording.conflictsOpened == 0)
        #expect(second.recording.conflictsUpdated == 2)
        let open = try await store.conflicts(ConflictFilter(status: .open))
        #expect(open.count == 2)
        let conflict = try #require(open.first { $0.subject.key == "A" })
        #expect(conflict.timesSeen == 2)
        #expect(conflict.raisedInRun == first.run)
        #expect(conflict.lastSeenRun == second.run)
        #expect(conflict.message.contains("Xero projects 8"))
    }

    @Test("The schema makes two open conflicts for one subject impossible")
    func uniqueOpenConflict() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, disagreeing, settings: asking)
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO conflict (pair, kind, subject_type, subject, reason, message, status, raised_in_run,
                            last_seen_run, created_at, updated_at)
                        SELECT pair, kind, subject_type, subject, reason, message, 'open', raised_in_run, last_seen_run,
                            created_at, updated_at FROM conflict LIMIT 1
                        """)
            }
        }
    }

    @Test("A resolution is honoured by the next plan, which closes the conflict")
    func resolutionHonoured() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, disagreeing, settings: asking)
        let conflict = try #require(try await store.conflicts().first { $0.subject.key == "A" })
        let resolved = try await store.resolve(conflict.id, with: .takeStore, by: "ann", note: "counted", at: now)
        #expect(resolved.status == .resolved && resolved.resolution == "take-store" && resolved.resolvedBy == "ann")
        #expect(try await store.pendingResolutions(pair: "demo") == ["A": .takeStore])
        let next = try await planAndRecord(store, disagreeing, settings: asking)
        #expect(next.plan.row("A")?.outcome == .pushXero)
        #expect(next.plan.row("A")?.xeroAdjustment == qty(-5))
        #expect(next.recording.resolutionsHonoured == 1)
        #expect(try await store.conflict(conflict.id)?.appliedInRun == next.run)
        #expect(try await store.pendingResolutions(pair: "demo").isEmpty)
        #expect(try await store.conflicts(ConflictFilter(status: .open)).map(\.subject.key) == ["Z-unmapped"])
    }

    @Test("map CODE writes the SKU map; ignore leaves the SKU out of sync")
    func mapAndIgnore() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, disagreeing, settings: asking)
        let mapping = try #require(try await store.conflicts().first { $0.subject.key == "Z-unmapped" })
        #expect(mapping.kind == .mapping)
        try await store.resolve(mapping.id, with: .map("B"), by: "ann", at: now)
        #expect(try await store.mappings(pair: "demo") == ["Z-unmapped": .code("B")])
        let inventory = try #require(try await store.conflicts().first { $0.subject.key == "A" })
        try await store.resolve(inventory.id, with: .ignore, by: "bob", at: now)
        let next = try await planAndRecord(store, disagreeing, settings: asking)
        #expect(next.plan.row("Z-unmapped")?.itemCode == "B")
        #expect(next.plan.row("A")?.outcome == .ignored)
        #expect(try await store.conflicts(ConflictFilter(status: .open)).map(\.subject.key) == ["Z-unmapped"])
    }

    @Test("Resolutions that do not fit are refused with what to do instead")
    func refusals() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, disagreeing, settings: asking)
        let mapping = try #require(try await store.conflicts().first { $0.kind == .mapping })
        let inventory = try #require(try await store.conflicts().first { $0.kind == .inventory })
        await #expect { try await store.resolve(mapping.id, with: .takeXero, by: "a", at: now) } throws: { error in
            "\(error)".contains("resolve it with 'map CODE'")
        }
        await #expect { try await store.resolve(inventory.id, with: .map("X"), by: "a", at: now) } throws: { error in
            "\(error)".contains("not a mapping conflict")
        }
        await #expect { try await store.resolve(inventory.id, with: .set(qty(-2)), by: "a", at: now) } throws: {
            error in
            "\(error)".contains("negative")
        }
        await #expect { try await store.resolve(999, with: .ignore, by: "a", at: now) } throws: { error in
            (error as? TrueUpError)?.kind == .notFound
        }
        try await store.dismiss(inventory.id, by: "a", at: now)
        await #expect { try await store.resolve(inventory.id, with: .takeXero, by: "a", at: now) } throws: { error in
            "\(error)".contains("already dismissed")
        }
    }

    @Test("A conflict whose SKU comes back into agreement is cleared; a dismissed one is raised again if still there")
    func clearedAndReraised() async throws {
        let store = try StateStore.inMemory()
        try await planAndRecord(store, disagreeing, settings: asking)
        let inventory = try #require(try await store.conflicts().first { $0.subject.key == "A" })
        try await store.dismiss(inventory.id, by: "ann", at: now)
        try await planAndRecord(store, disagreeing, settings: asking)
        let reraised = try await store.conflicts(ConflictFilter(status: .open)).filter { $0.subject.key == "A" }
        #expect(reraised.count == 1 && reraised[0].id != inventory.id)
        var agreeing = disagreeing
        agreeing.items[0].quantityOnHand = qty(4)
        let next = try await planAndRecord(store, agreeing, settings: asking)
        #expect(next.recording.conflictsCleared == 1)
        let cleared = try #require(try await store.conflict(reraised[0].id))
        #expect(cleared.status == .resolved && cleared.resolution == "cleared" && cleared.resolvedBy == "trueup")
    }

    @Test("Unreadable records that affect no SKU are queued, not lost")
    func unattributedProblemsQueued() async throws {
        let store = try StateStore.inMemory()
        var snapshot = disagreeing
        snapshot.problems = [
            InputProblem(source: "xero/Invoices.json", subject: .reference("9"), message: "Invoices[2].Status: bad")
        ]
        try await planAndRecord(store, snapshot, settings: asking)
        let api = try await store.conflicts(ConflictFilter(kind: .api))
        #expect(api.count == 1)
        #expect(api.first?.message.contains("xero/Invoices.json: Invoices[2].Status: bad") == true)
        snapshot.problems = []
        try await planAndRecord(store, snapshot, settings: asking)
        #expect(try await store.conflicts(ConflictFilter(kind: .api, status: .open)).isEmpty)
    }
}
