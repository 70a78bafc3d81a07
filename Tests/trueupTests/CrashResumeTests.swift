import Foundation
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport

/// `trueup run nightly` killed with SIGKILL during apply, at every write it makes: before the write
/// takes effect, after it took effect but before its answer arrived, and just after the answer.
/// The next run must finish the work so that both sides, the documents and the bases end up exactly
/// as an uninterrupted run leaves them: nothing lost, nothing made twice.
@Suite("Crash and resume", .serialized)
struct CrashResumeTests {
    /// Where a run is killed around one write.
    enum KillPoint: String, CaseIterable {
        /// The request reached the sandbox, which holds it without doing anything.
        case beforeEffect
        /// The write took effect; its answer is held back.
        case afterEffect
        /// The answer was sent; the run is killed as soon as the sandbox has answered.
        case afterAnswer
    }

    /// One write of an uninterrupted run: which sandbox, and which of that sandbox's writes.
    struct Write: CustomStringConvertible {
        var magento: Bool
        var method: String
        var path: String
        /// How many writes with this method to the same sandbox came before it.
        var ordinal: Int
        var description: String { "\(magento ? "Magento" : "Xero") \(method) \(path) #\(ordinal + 1)" }
    }

    static func writes(_ live: LiveSandbox) -> [(call: SandboxCall, magento: Bool)] {
        let xero = live.sandbox.calls().filter { ["PUT", "POST"].contains($0.method) && $0.path.contains("/api.xro/") }
            .map { ($0, false) }
        let shop = (live.magento?.calls() ?? []).filter {
            ["PUT", "POST"].contains($0.method) && !$0.path.hasSuffix("/integration/admin/token")
        }.map { ($0, true) }
        return (xero + shop).sorted { $0.call.date < $1.call.date }
    }

    /// A scenario whose first run makes several Xero batches: the shop's stock wins a first run, and
    /// 110 SKUs differ, so 110 adjustment documents go to Xero, 50 to a request.
    static func manyAdjustments(in folder: String) throws -> String {
        var items: [ScenarioBuilder.XeroItem] = []
        var stock: [ScenarioBuilder.SourceItem] = []
        for index in 0..<120 {
            let code = String(format: "CRASH-%03d", index)
            items.append(ScenarioBuilder.XeroItem(code, "\(20 + index % 7)"))
            stock.append(ScenarioBuilder.SourceItem(code, "\(index < 110 ? 11 + index % 5 : 20 + index % 7)"))
        }
        var builder = ScenarioBuilder(
            yaml: "as_of: 2026-11-20T09:00:00Z\n", items: items, stock: stock)
        builder.files["magento/orders.json"] = """
            {"items": [], "search_criteria": {"filter_groups": [], "page_size": 300, "current_page": 1}, "total_count": 0}
            """
        return try builder.write(into: folder)
    }

    /// The demo shop's pair file, with the shop's stock winning a first run.
    static let manyAdjustmentsPair = LiveRunCommandLineTests.pairFile.replacingOccurrences(
        of: "initial_policy: xero_wins", with: "initial_policy: store_wins")

    /// The demo shop's pair file, with its payments settings.
    static let demoPair =
        LiveRunCommandLineTests.pairFile + """

            payments:
              tolerance:
                absolute: "0.05"
                date_window_days: 3
              settlement_days: 5
              payment_account: "090"
              rounding_account: "860"
              bank_account: "090"
              refund_account: "200"

            """

    /// Runs the nightly without interruption and returns its writes and what it left.
    static func baseline(scenario: String, pairFile: String) async throws -> ([Write], SandboxFingerprint) {
        let live = try await LiveSandbox.start(scenario: scenario, configure: Self.unlimited, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: pairFile)
        let run = try await job.run("nightly")
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        var ordinals: [String: Int] = [:]
        let writes = Self.writes(live).map { call, magento in
            let key = "\(magento) \(call.method)"
            defer { ordinals[key, default: 0] += 1 }
            return Write(magento: magento, method: call.method, path: call.path, ordinal: ordinals[key, default: 0])
        }
        let again = try await job.run("nightly")
        #expect(again.status == 0, "\(again.output)\(again.errors)")
        #expect(Self.writes(live).count == writes.count, "a second run wrote again:\n\(again.output)")
        return (writes, try await SandboxFingerprint(live, state: job.state))
    }

    static func unlimited(_ configuration: inout XeroSandboxConfiguration) {
        configuration.limits.perMinute = 10_000
    }

    /// Kills a nightly at `point` around `write`, then runs it again (taking over the dead run's
    /// lease) and returns what the sandboxes and the state hold.
    static func crash(
        scenario: String, pairFile: String, at write: Write, _ point: KillPoint
    ) async throws -> SandboxFingerprint {
        let live = try await LiveSandbox.start(scenario: scenario, configure: Self.unlimited, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: pairFile)
        switch point {
        case .beforeEffect, .afterEffect:
            let fault: SandboxFault = point == .beforeEffect ? .hang(.seconds(3)) : .lostResponse(.seconds(3))
            if write.magento {
                live.magento?.inject(fault, skipping: write.ordinal, method: write.method, pathPrefix: "/rest/")
            } else {
                live.sandbox.inject(fault, skipping: write.ordinal, method: write.method, pathPrefix: "/api.xro/")
            }
        case .afterAnswer:
            break
        }
        let child = try job.start("nightly")
        let seen = await Self.waitFor(write, in: live, timeout: 60)
        child.kill()
        let killed = await child.finished()
        #expect(seen, "the run never made \(write):\n\(killed.output)\(killed.errors)")
        #expect(killed.status != 0)
        // The killed run's process is gone, so the next run takes its lease over at once, and finishes.
        let rerun = try await job.run("nightly")
        #expect(rerun.output.contains("took over the lease"), "\(rerun.output)")
        #expect(rerun.status == 0, "the run after the kill at \(write) (\(point)):\n\(rerun.output)\(rerun.errors)")
        // One more run finds nothing to do.
        let writes = Self.writes(live).count
        let last = try await job.run("nightly")
        #expect(last.status == 0, "\(last.output)\(last.errors)")
        #expect(Self.writes(live).count == writes, "a run after the resumed one wrote again:\n\(last.output)")
        return try await SandboxFingerprint(live, state: job.state)
    }

    /// Whether the sandbox saw `write` (its `ordinal`th call of that method) within `timeout` seconds.
    static func waitFor(_ write: Write, in live: LiveSandbox, timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let count = Self.writes(live).filter { $0.magento == write.magento && $0.call.method == write.method }.count
            if count > write.ordinal { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    func check(scenario: String, pairFile: String) async throws {
        let (writes, expected) = try await Self.baseline(scenario: scenario, pairFile: pairFile)
        #expect(writes.count >= 2, "the scenario should make several writes: \(writes)")
        #expect(expected.duplicates.isEmpty)
        #expect(expected.liveCorrections == 0)
        for write in writes {
            for point in KillPoint.allCases {
                let after = try await Self.crash(scenario: scenario, pairFile: pairFile, at: write, point)
                #expect(after.duplicates.isEmpty, "documents made twice after a kill at \(write) (\(point))")
                #expect(
                    after == expected,
                    "after a kill at \(write) (\(point)), against an uninterrupted run:\n\(after.difference(from: expected))"
                )
            }
        }
    }

    @Test("killed at every write of a run with several Xero batches, the next run finishes it exactly once")
    func manyBatches() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.manyAdjustments(in: "\(folder.path)/scenario")
        try await check(scenario: scenario, pairFile: Self.manyAdjustmentsPair)
    }

    @Test("killed at every write of the demo shop's run (stock both ways, payments), the next run finishes it")
    func demoShop() async throws {
        try await check(scenario: RepositoryPaths.scenarios + "/demo", pairFile: Self.demoPair)
    }
}
