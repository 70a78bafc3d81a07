import Foundation
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport

/// `trueup run nightly|intraday` from job files, as cron or a systemd timer runs it, against the
/// Xero and Magento sandboxes over HTTP.
@Suite("Job runs from the command line", .serialized)
struct JobRunCommandLineTests {
    static var demo: String { RepositoryPaths.scenarios + "/demo" }

    static func xeroCalls(_ live: LiveSandbox) -> Int {
        live.sandbox.calls().filter { $0.path.contains("/api.xro/") }.count
    }

    static func writes(_ live: LiveSandbox) -> Int {
        live.sandbox.calls().filter { $0.method != "GET" && $0.path.contains("/api.xro/") }.count
            + (live.magento?.calls() ?? []).filter { $0.method != "GET" && !$0.path.hasSuffix("/token") }.count
    }

    @Test("a nightly, then an intraday with no changes: no writes, and only the calls the lower bound needs")
    func nightlyThenQuietIntraday() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: CrashResumeTests.demoPair)

        let nightly = try await job.run("nightly")
        #expect(nightly.status == 0, "\(nightly.output)\(nightly.errors)")
        #expect(nightly.output.contains("nightly run 1 of pair demo"))
        #expect(nightly.output.contains("Storefront: 4 set"), "\(nightly.output)")
        #expect(
            FileManager.default.fileExists(atPath: "\(job.reports)/demo/2026-11/reconciliation.xml")
                || FileManager.default.fileExists(
                    atPath: "\(job.reports)/demo/\(Self.currentPeriod)/reconciliation.xml")
        )
        let writesAfterNightly = Self.writes(live)
        #expect(writesAfterNightly > 0)

        let callsBefore = Self.xeroCalls(live)
        let shopCallsBefore = live.magento?.calls().count ?? 0
        let intraday = try await job.run("intraday")
        #expect(intraday.status == 0, "\(intraday.output)\(intraday.errors)")
        #expect(Self.writes(live) == writesAfterNightly, "the intraday wrote:\n\(intraday.output)")
        let xeroCalls = Self.xeroCalls(live) - callsBefore
        // The shop's calls include the admin token a new process asks for.
        let shopCalls = (live.magento?.calls().count ?? 0) - shopCallsBefore
        #expect(
            intraday.output.contains(
                "API calls: Xero \(xeroCalls) (at least \(xeroCalls) needed), storefront \(shopCalls) (at least \(shopCalls))"
            ),
            "\(intraday.output)")

        // The close pack comes from the nightly, which matched payments, not from the later intraday.
        let close = try await runTrueUp([
            "close", "--period", Self.currentPeriod, "--state", job.state, "--out", "\(job.reports)/close",
        ])
        #expect(close.status == 0, "\(close.output)\(close.errors)")
        #expect(close.output.contains("from run 1 "), "\(close.output)")
        let payments = try String(contentsOfFile: "\(job.reports)/close/payments.csv", encoding: .utf8)
        #expect(payments.split(whereSeparator: \.isNewline).count > 1, "\(payments)")

        // The run history shows both runs, and the intraday's stages.
        let list = try await runTrueUp(["runs", "list", "--state", job.state])
        #expect(list.status == 0, "\(list.errors)")
        #expect(list.output.contains("nightly"))
        #expect(list.output.contains("intraday"))
        let show = try await runTrueUp(["runs", "show", "2", "--state", job.state])
        #expect(show.status == 0, "\(show.errors)")
        for stage in ["connect", "fetch", "plan", "apply"] { #expect(show.output.contains(stage), "\(show.output)") }
    }

    static var currentPeriod: String {
        Period(containing: Date(), in: TimeZone(identifier: "Pacific/Auckland") ?? .gmt).description
    }

    @Test("two runs of one pair at once: one runs, the other exits 75 and says who holds the pair")
    func concurrentRuns() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: CrashResumeTests.demoPair)
        // The first run's first Organisation read is held for two seconds: it holds the lease meanwhile.
        live.sandbox.inject(.hang(.seconds(2)), method: "GET", pathPrefix: "/api.xro/2.0/Organisation")
        let first = try job.start("nightly")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !live.sandbox.calls().contains(where: { $0.path.hasSuffix("/Organisation") }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let second = try await job.run("nightly")
        #expect(second.status == 75, "\(second.output)\(second.errors)")
        #expect(second.errors.contains("error: pair demo is being run by"), "\(second.errors)")
        let done = await first.finished()
        #expect(done.status == 0, "\(done.output)\(done.errors)")
        // With the first run over, the pair is free again.
        let third = try await job.run("nightly")
        #expect(third.status == 0, "\(third.output)\(third.errors)")
    }

    @Test("--dry-run plans without writing; apply --plan pushes only what that plan recorded")
    func dryRunThenApplyPlan() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: CrashResumeTests.demoPair)
        let dry = try await job.run("nightly", ["--dry-run"])
        #expect(dry.status == 0, "\(dry.output)\(dry.errors)")
        #expect(dry.output.contains("dry run"))
        #expect(Self.writes(live) == 0)
        // A second dry run plans nothing new: its plan holds no corrections.
        let again = try await job.run("intraday", ["--dry-run"])
        #expect(again.status == 0, "\(again.output)\(again.errors)")
        let arguments = ["apply", "--pair", "demo", "--state", job.state]
        let other = try await runTrueUp(arguments + ["--plan", "99"])
        #expect(other.status == 1)
        #expect(other.errors.contains("there is no run 99"), "\(other.errors)")
        let second = try await runTrueUp(arguments + ["--plan", "2"])
        #expect(second.status == 0, "\(second.output)\(second.errors)")
        #expect(Self.writes(live) == 0, "plan 2 recorded nothing to push:\n\(second.output)")
        let first = try await runTrueUp(arguments + ["--plan", "1"])
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(first.output.contains("Storefront: 4 set"), "\(first.output)")
        #expect(Self.writes(live) > 0)
    }

    @Test("a job file's inline secret is refused without printing it; an unknown pair is a usage error")
    func badJobs() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: CrashResumeTests.demoPair)
        let unknown = try await job.run("nightly", ["--pair", "elsewhere"])
        #expect(unknown.status == 64, "\(unknown.errors)")
        #expect(unknown.errors.contains("has no pair"))
        let missing = try await runTrueUp(["run", "weekly", "--jobs", job.jobs, "--state", job.state])
        #expect(missing.status != 0)
        #expect(missing.errors.contains("weekly"))
        let noSecret = try await runTrueUp(job.arguments("nightly"))
        #expect(noSecret.status == 1, "\(noSecret.output)\(noSecret.errors)")
        #expect(noSecret.errors.contains("TRUEUP_TEST_XERO_SECRET"), "\(noSecret.errors)")
    }
}
