import Foundation
import Testing
import TrueUpCore
import TrueUpStore
import TrueUpTestSupport

/// A pair's lease (DESIGN §1, stage 1): one run per pair at a time, a clear refusal for the second,
/// and a stale lease taken over.
@Suite("Pair leases")
struct LeaseTests {
    let first = LeaseHolder(id: "web-1:100:aaaa0001", description: "pid 100 on host web-1")
    let second = LeaseHolder(id: "web-2:200:bbbb0002", description: "pid 200 on host web-2")
    let ttl = Duration.seconds(300)

    @Test("A free pair's lease is taken, and the holder may take it again")
    func acquire() async throws {
        let store = try StateStore.inMemory()
        #expect(try await store.lease(pair: "demo") == nil)
        let takeover = try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        #expect(takeover == nil)
        let lease = try #require(try await store.lease(pair: "demo"))
        #expect(lease.holder == first.id)
        #expect(lease.holderDescription == first.description)
        #expect(lease.acquiredAt == now)
        #expect(lease.expiresAt == now.addingTimeInterval(300))
        #expect(lease.runID == nil)

        let later = now.addingTimeInterval(60)
        #expect(try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: later) == nil)
        let again = try #require(try await store.lease(pair: "demo"))
        #expect(again.acquiredAt == now)
        #expect(again.expiresAt == later.addingTimeInterval(300))
        // Another pair is independent.
        #expect(try await store.acquireLease(pair: "other", holder: second, ttl: ttl, now: now) == nil)
    }

    @Test("A lease held by a process of this host that has ended is taken over before it expires")
    func endedHolderTakenOver() async throws {
        let store = try StateStore.inMemory()
        let host = LeaseHolder.current().id.split(separator: ":").dropLast(2).joined(separator: ":")
        // A child that has exited and been waited for: its pid names no process now.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let ended = LeaseHolder(
            id: "\(host):\(child.processIdentifier):cccc0003", description: "pid \(child.processIdentifier)")
        #expect(ended.hasEnded)
        #expect(!LeaseHolder.current().hasEnded)
        #expect(!first.hasEnded, "a holder on another host is taken to be alive")
        try await store.acquireLease(pair: "demo", holder: ended, ttl: ttl, now: now)
        let takeover = try await store.acquireLease(pair: "demo", holder: second, ttl: ttl, now: now)
        #expect(takeover?.holder.id == ended.id)
        // A live holder of this host is not.
        let alive = LeaseHolder.current()
        try await store.acquireLease(pair: "other", holder: alive, ttl: ttl, now: now)
        await #expect(throws: TrueUpError.self) {
            try await store.acquireLease(pair: "other", holder: second, ttl: ttl, now: now)
        }
    }

    @Test("A second holder is refused with .locked and a message naming the holder and what to do")
    func secondHolderRefused() async throws {
        let store = try StateStore.inMemory()
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        let error = await #expect(throws: TrueUpError.self) {
            try await store.acquireLease(pair: "demo", holder: second, ttl: ttl, now: now.addingTimeInterval(299))
        }
        #expect(error?.kind == .locked)
        let since = ISOTimestamp.format(now)
        let until = ISOTimestamp.format(now.addingTimeInterval(300))
        #expect(
            error?.message
                == "pair demo is being run by pid 100 on host web-1 since \(since) (lease until \(until)); "
                + "wait for it to finish, or, if that process is gone, run again after \(until) to take the lease over")
        #expect(try await store.lease(pair: "demo")?.holder == first.id)
    }

    @Test("A stale lease is taken over, and the takeover names the holder that let it lapse")
    func staleTakenOver() async throws {
        let store = try StateStore.inMemory()
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        try await store.setLeaseRun(pair: "demo", holder: first, run: 7)
        let later = now.addingTimeInterval(301)
        let takeover = try #require(try await store.acquireLease(pair: "demo", holder: second, ttl: ttl, now: later))
        #expect(takeover.holder == first)
        #expect(takeover.runID == 7)
        #expect(takeover.acquiredAt == now)
        #expect(takeover.expiredAt == now.addingTimeInterval(300))
        #expect(takeover.description == "pid 100 on host web-1 (run 7)")
        let lease = try #require(try await store.lease(pair: "demo"))
        #expect(lease.holder == second.id)
        #expect(lease.runID == nil)
        #expect(lease.acquiredAt == later)
        // The old holder has lost it: it can neither renew it nor name its run on it.
        let renewal = await #expect(throws: TrueUpError.self) {
            try await store.renewLease(pair: "demo", holder: first, ttl: ttl, now: later)
        }
        #expect(renewal?.kind == .locked)
        #expect(renewal?.message.contains("lost pair demo's lease to pid 200 on host web-2") == true)
        await #expect(throws: TrueUpError.self) {
            try await store.setLeaseRun(pair: "demo", holder: first, run: 8)
        }
    }

    @Test("A lease at its expiry instant is still held")
    func notStaleAtExpiry() async throws {
        let store = try StateStore.inMemory()
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        await #expect(throws: TrueUpError.self) {
            try await store.acquireLease(pair: "demo", holder: second, ttl: ttl, now: now.addingTimeInterval(300))
        }
    }

    @Test("Only the holder can release a lease")
    func releaseByNonHolder() async throws {
        let store = try StateStore.inMemory()
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        #expect(try await store.releaseLease(pair: "demo", holder: second) == false)
        #expect(try await store.lease(pair: "demo")?.holder == first.id)
        #expect(try await store.releaseLease(pair: "demo", holder: first) == true)
        #expect(try await store.lease(pair: "demo") == nil)
        // Once released, anyone may take it at once.
        #expect(try await store.acquireLease(pair: "demo", holder: second, ttl: ttl, now: now) == nil)
    }

    @Test("Renewing extends the lease, so a long run keeps its pair past the first time to live")
    func renewExtends() async throws {
        let store = try StateStore.inMemory()
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        let renewedAt = now.addingTimeInterval(250)
        let expiry = try await store.renewLease(pair: "demo", holder: first, ttl: ttl, now: renewedAt)
        #expect(expiry == renewedAt.addingTimeInterval(300))
        let lease = try #require(try await store.lease(pair: "demo"))
        #expect(lease.expiresAt == expiry)
        #expect(lease.renewedAt == renewedAt)
        #expect(lease.acquiredAt == now)
        // Past the first expiry, but inside the renewed one: still held.
        await #expect(throws: TrueUpError.self) {
            try await store.acquireLease(pair: "demo", holder: second, ttl: ttl, now: now.addingTimeInterval(400))
        }
        // A holder without the lease cannot renew it into being.
        await #expect(throws: TrueUpError.self) {
            try await store.renewLease(pair: "other", holder: first, ttl: ttl, now: now)
        }
        #expect(try await store.lease(pair: "other") == nil)
    }

    @Test("The lease names the run its holder is carrying out")
    func leaseRun() async throws {
        let store = try StateStore.inMemory()
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: now)
        try await store.setLeaseRun(pair: "demo", holder: first, run: 42)
        #expect(try await store.lease(pair: "demo")?.runID == 42)
        #expect(try await store.leases().map(\.pair) == ["demo"])
    }

    @Test("Of two processes taking one pair's lease at once, exactly one wins", arguments: 0..<5)
    func concurrentAcquirers(_ attempt: Int) async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/state.sqlite"
        let stores = [try StateStore(path: path), try StateStore(path: path)]
        let holders = [first, second]
        let results = await withTaskGroup(of: (Int, Result<LeaseTakeover?, TrueUpError>).self) { group in
            for index in 0..<2 {
                group.addTask { [ttl] in
                    do throws(TrueUpError) {
                        let takeover = try await stores[index].acquireLease(
                            pair: "demo", holder: holders[index], ttl: ttl, now: Date())
                        return (index, .success(takeover))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results: [Int: Result<LeaseTakeover?, TrueUpError>] = [:]
            for await (index, result) in group { results[index] = result }
            return results
        }
        let winners = results.filter { if case .success = $0.value { true } else { false } }
        #expect(winners.count == 1, "attempt \(attempt)")
        let winner = try #require(winners.keys.first)
        let loser = 1 - winner
        guard case .failure(let error) = results[loser] else {
            Issue.record("both acquired the lease")
            return
        }
        #expect(error.kind == .locked)
        #expect(error.message.contains("is being run by \(holders[winner].description)"))
        #expect(try await stores[loser].lease(pair: "demo")?.holder == holders[winner].id)
    }

    @Test("A lease keeper renews the lease until stopped")
    func keeperRenews() async throws {
        let store = try StateStore.inMemory()
        let ttl = Duration.milliseconds(600)
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: Date())
        let firstExpiry = try #require(try await store.lease(pair: "demo")).expiresAt
        let keeper = LeaseKeeper(store: store, pair: "demo", holder: first, ttl: ttl)
        await keeper.start()
        #expect(await eventually { await keeper.renewals >= 2 })
        await keeper.stop()
        try await keeper.check()
        let renewed = try #require(try await store.lease(pair: "demo"))
        #expect(renewed.holder == first.id)
        #expect(renewed.expiresAt > firstExpiry)
        // Stopped, the keeper renews no more: the lease goes stale for the next run to take over.
        let stoppedAt = await keeper.renewals
        try await Task.sleep(for: .milliseconds(700))
        #expect(await keeper.renewals == stoppedAt)
        #expect(try await store.lease(pair: "demo")?.expiresAt == renewed.expiresAt)
        let takeover = try await store.acquireLease(
            pair: "demo", holder: second, ttl: ttl, now: renewed.expiresAt.addingTimeInterval(0.001))
        #expect(takeover?.holder == first)
    }

    @Test("A keeper whose lease was taken over reports it lost, and stops renewing")
    func keeperLost() async throws {
        let store = try StateStore.inMemory()
        let ttl = Duration.milliseconds(150)
        try await store.acquireLease(pair: "demo", holder: first, ttl: ttl, now: Date())
        // Another run took the lease over while this one was not renewing it.
        try await store.acquireLease(pair: "demo", holder: second, ttl: .seconds(60), now: Date().addingTimeInterval(1))
        let keeper = LeaseKeeper(store: store, pair: "demo", holder: first, ttl: ttl)
        await keeper.start()
        #expect(await eventually { await keeper.lost != nil })
        #expect(await keeper.lost?.kind == .locked)
        await #expect(throws: TrueUpError.self) { try await keeper.check() }
        await keeper.stop()
        #expect(await keeper.renewals == 0)
        #expect(try await store.lease(pair: "demo")?.holder == second.id)
    }

    /// Waits up to ten seconds for `condition`, so that a loaded machine does not fail a test on timing.
    private func eventually(_ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
