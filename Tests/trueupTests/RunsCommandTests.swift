import Foundation
import Testing
import TrueUpCore
import TrueUpStore
import TrueUpTestSupport

/// `trueup runs`: what past runs did, as an operator reads it and as a program parses it.
@Suite("The runs command", .serialized)
struct RunsCommandTests {
    var scenario: ScenarioBuilder {
        ScenarioBuilder(
            items: [.init("MUG", "12"), .init("TEE", "9"), .init("CAP", "3")],
            stock: [.init("MUG", "12"), .init("TEE", "4"), .init("CAPP", "3")], base: ["MUG,12", "TEE,9"])
    }

    /// A state with two plans of pair `demo`; the second made into a nightly run with stages, API
    /// calls and a correction acknowledged.
    func plannedState(in folder: TemporaryFolder) async throws -> [String] {
        let fixtures = try scenario.write(into: "\(folder.path)/demo")
        let state = ["--state", "\(folder.path)/state.sqlite"]
        for _ in 0..<2 {
            let plan = try await runTrueUp(["plan", "--fixtures", fixtures] + state)
            #expect(plan.status == 0, "\(plan.errors)")
        }
        let store = try StateStore(path: "\(folder.path)/state.sqlite")
        let run = try #require(try await store.run(2))
        let started = run.startedAt
        try await store.setRunJob(run: 2, job: "nightly", holder: "web-1:4242:abcd0001")
        try await store.recordStage(
            run: 2, stage: "fetch", startedAt: started, finishedAt: started.addingTimeInterval(2.5), status: .ok,
            counts: ["items": 3])
        try await store.recordStage(
            run: 2, stage: "apply", startedAt: started.addingTimeInterval(2.5),
            finishedAt: started.addingTimeInterval(65), status: .partial, note: "stopped at Xero's daily limit")
        var counts = run.counts
        counts.merge([
            "fetch_xero_calls": 7, "fetch_xero_calls_lower_bound": 5, "fetch_store_calls": 2,
            "fetch_store_calls_lower_bound": 2, "xero_calls": 3, "xero_calls_lower_bound": 1, "xero_acknowledged": 1,
            "xero_rejected": 1, "xero_failed": 0, "xero_in_doubt": 0, "rate_limit_waits": 2, "rate_limit_wait_ms": 1500,
        ]) { _, new in new }
        try await store.finishRun(
            2, status: .partial, exitCode: 3, counts: counts, error: "Xero's daily limit was reached",
            at: started.addingTimeInterval(65))
        let correction = try #require(try await store.corrections(pair: "demo").first)
        try await store.markSent(correction.correction.id, at: started)
        try await store.acknowledge(correction.correction.id, run: 2, at: started)
        return state
    }

    @Test("runs list shows the newest run first with its job, status, writes, conflicts and API calls")
    func list() async throws {
        let folder = try TemporaryFolder()
        let state = try await plannedState(in: folder)
        let result = try await runTrueUp(["runs", "list"] + state)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(
            lines.first?.split(separator: " ", omittingEmptySubsequences: true)
                == [
                    "ID", "PAIR", "JOB", "STARTED", "DURATION", "STATUS", "EXIT", "SENT", "ACKED", "CONFLICTS", "CALLS",
                    "NEEDED",
                ])
        let newest = lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(newest[0] == "2")
        #expect(newest[1] == "demo")
        #expect(newest[2] == "nightly/plan")
        #expect(newest[4...] == ["1m", "05s", "partial", "3", "2", "1", "0", "12", "8"])
        let oldest = lines[2].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(oldest[0] == "1")
        #expect(oldest[2] == "plan")
        #expect(oldest.suffix(6) == ["0", "0", "0", "1", "-", "-"])

        let limited = try await runTrueUp(["runs", "list", "--limit", "1", "--pair", "demo"] + state)
        #expect(limited.output.split(separator: "\n").count == 2)
        let none = try await runTrueUp(["runs", "list", "--pair", "elsewhere"] + state)
        #expect(none.output == "No runs.\n")
    }

    @Test("runs list --json gives every run's figures to a program")
    func listJSON() async throws {
        let folder = try TemporaryFolder()
        let state = try await plannedState(in: folder)
        let result = try await runTrueUp(["runs", "list", "--json"] + state)
        #expect(result.status == 0, "\(result.errors)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? Int } == [2, 1])
        let newest = runs[0]
        #expect(newest["job"] as? String == "nightly")
        #expect(newest["kind"] as? String == "plan")
        #expect(newest["status"] as? String == "partial")
        #expect(newest["exit_code"] as? Int == 3)
        #expect(newest["duration_ms"] as? Int == 65_000)
        #expect(newest["corrections_sent"] as? Int == 2)
        #expect(newest["corrections_acknowledged"] as? Int == 1)
        let calls = try #require(newest["api_calls"] as? [String: Any])
        #expect(calls["made"] as? Int == 12)
        #expect(calls["lower_bound"] as? Int == 8)
        #expect(runs[1]["job"] is NSNull)
        #expect((runs[1]["started_at"] as? String)?.hasSuffix("Z") == true)
    }

    @Test("runs show gives one run stage by stage, with outcomes, corrections and API calls")
    func show() async throws {
        let folder = try TemporaryFolder()
        let state = try await plannedState(in: folder)
        let result = try await runTrueUp(["runs", "show", "2"] + state)
        #expect(result.status == 0, "\(result.errors)")
        let text = result.output
        #expect(text.hasPrefix("Run 2 (partial)\n"))
        #expect(text.contains("  pair:       demo\n"))
        #expect(text.contains("  job:        nightly (plan)\n"))
        #expect(text.contains("  holder:     web-1:4242:abcd0001\n"))
        #expect(text.contains("  error:      Xero's daily limit was reached\n"))
        #expect(text.contains("(1m 05s)"))
        let lines = text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let fetch = try #require(lines.first { $0.count > 1 && $0[1] == "fetch" })
        #expect(fetch[3...].joined(separator: " ") == "2.5s ok items 3")
        let apply = try #require(lines.first { $0.count > 1 && $0[1] == "apply" })
        #expect(apply[3...].joined(separator: " ") == "1m 02s partial stopped at Xero's daily limit")
        #expect(text.contains("Inventory: 3 SKUs: "))
        #expect(text.contains("1 push_xero"))
        #expect(text.contains("Sent this run: Xero stock 1 acknowledged, 1 refused\n"))
        // The second plan raised the first plan's conflict again.
        #expect(text.contains("Conflicts: 0 opened, 1 updated, 0 cleared\n"))
        #expect(
            text.contains(
                "Planned: 1 stock correction (0 new, 0 held).\nCorrections this run planned, by state now:\n  none\n"))
        let calls = { (label: String) in
            lines.first { $0.joined(separator: " ").hasPrefix(label) }?.joined(separator: " ")
        }
        #expect(calls("Xero reads") == "Xero reads 7 5")
        #expect(calls("storefront reads") == "storefront reads 2 2")
        #expect(calls("Xero stock writes") == "Xero stock writes 3 1")
        #expect(calls("total") == "total 12 8")
        #expect(text.contains("Rate-limit waits: 2 waits, 1.5s in all\n"))
        // Run 1 planned the correction; run 2 acknowledged it.
        let first = try await runTrueUp(["runs", "show", "1"] + state)
        let firstLines = first.output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(firstLines.contains("inventory.xero 1 acknowledged"))
        #expect(first.output.contains("Conflicts: 1 opened, 0 updated, 0 cleared\n"))
        #expect(!first.output.contains("Sent this run"))
    }

    @Test("runs show --json has the run's stages and corrections")
    func showJSON() async throws {
        let folder = try TemporaryFolder()
        let state = try await plannedState(in: folder)
        let result = try await runTrueUp(["runs", "show", "1", "--json"] + state)
        #expect(result.status == 0, "\(result.errors)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(run["id"] as? Int == 1)
        #expect(run["stages"] as? [Any] != nil)
        let corrections = try #require(run["corrections"] as? [String: [String: Int]])
        #expect(corrections == ["inventory.xero": ["acknowledged": 1]])
        let second = try await runTrueUp(["runs", "show", "2", "--json"] + state)
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(second.output.utf8)) as? [String: Any])
        let stages = try #require(detail["stages"] as? [[String: Any]])
        #expect(stages.map { $0["stage"] as? String } == ["fetch", "apply"])
        #expect(stages.map { $0["duration_ms"] as? Int } == [2500, 62_500])
        #expect(stages[1]["note"] as? String == "stopped at Xero's daily limit")
    }

    @Test("An unknown run is an error that says where to look; a bad limit is a usage error")
    func errors() async throws {
        let folder = try TemporaryFolder()
        let state = ["--state", "\(folder.path)/state.sqlite"]
        let missing = try await runTrueUp(["runs", "show", "9"] + state)
        #expect(missing.status == 1)
        #expect(missing.errors == "error: there is no run 9; see 'trueup runs list'\n")
        let empty = try await runTrueUp(["runs"] + state)
        #expect(empty.status == 0)
        #expect(empty.output == "No runs.\n")
        let limit = try await runTrueUp(["runs", "list", "--limit", "0"] + state)
        #expect(limit.status == 64)
    }
}
