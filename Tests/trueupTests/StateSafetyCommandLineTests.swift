import Foundation
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport

/// A damaged or locked state stops a scheduled run before Xero or the shop is written to, and
/// `trueup state backup` and `state check` do what an operator needs before and after.
@Suite("State safety from the command line", .serialized)
struct StateSafetyCommandLineTests {
    @Test("a damaged state: the run fails saying so, and neither Xero nor the shop is written to")
    func damagedStateWritesNothing() async throws {
        let live = try await LiveSandbox.start(scenario: JobRunCommandLineTests.demo, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: CrashResumeTests.demoPair)
        // A dry run connects, reads and plans: the state then holds the pair, and nothing was sent.
        let dry = try await job.run("nightly", ["--dry-run"])
        #expect(dry.status == 0, "\(dry.output)\(dry.errors)")
        #expect(JobRunCommandLineTests.writes(live) == 0)

        try StateFileDamage.damage(path: job.state)
        let check = try await runTrueUp(["state", "check", "--state", job.state])
        #expect(check.status == 1, "\(check.output)\(check.errors)")
        #expect(check.output.contains("FAIL  state integrity"), "\(check.output)")
        #expect(check.errors.contains("restore the newest backup"), "\(check.errors)")

        let nightly = try await job.run("nightly")
        #expect(nightly.status == 1, "\(nightly.output)\(nightly.errors)")
        #expect(nightly.errors.contains("is damaged"), "\(nightly.errors)")
        #expect(nightly.errors.contains("nothing was sent to Xero or the storefront"), "\(nightly.errors)")
        #expect(JobRunCommandLineTests.writes(live) == 0, "a damaged state let a write through")
    }

    @Test("a state locked by another process: the run exits 75 and nothing is sent")
    func lockedStateWritesNothing() async throws {
        let live = try await LiveSandbox.start(scenario: JobRunCommandLineTests.demo, magento: { _ in })
        defer { Task { await live.stop() } }
        let job = try SandboxJob(live: live, pairFile: CrashResumeTests.demoPair)
        let dry = try await job.run("nightly", ["--dry-run"])
        #expect(dry.status == 0, "\(dry.output)\(dry.errors)")

        let lock = try StateFileLock(path: job.state)
        let nightly = try await runTrueUp(
            job.arguments("nightly"), environment: job.environment.merging(["TRUEUP_BUSY_TIMEOUT": "0.2"]) { $1 })
        lock.release()
        #expect(nightly.status == 75, "\(nightly.output)\(nightly.errors)")
        #expect(nightly.errors.contains("in use by another trueup"), "\(nightly.errors)")
        #expect(JobRunCommandLineTests.writes(live) == 0, "a locked state let a write through")
    }

    @Test("state backup copies a state others can then open; it refuses to overwrite; state check passes it")
    func backupAndCheck() async throws {
        let folder = try TemporaryFolder()
        let state = "\(folder.path)/state.sqlite"
        let store = try StateStore(path: state)
        _ = try await store.beginRun(
            pair: "harbour-lane", kind: "plan", source: "t", asOf: Date(), period: try Period(parsing: "2026-11"),
            settings: "{}", at: Date())

        let backupPath = "\(folder.path)/backups/state-2026-11-23.sqlite"
        try FileManager.default.createDirectory(
            atPath: "\(folder.path)/backups", withIntermediateDirectories: true)
        let backup = try await runTrueUp(["state", "backup", backupPath, "--state", state])
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(backup.output.hasPrefix("Backed up the state to \(backupPath): "), "\(backup.output)")
        #expect(backup.output.contains("integrity ok"))
        #expect(try await StateStore(path: backupPath).pairs() == ["harbour-lane"])

        let again = try await runTrueUp(["state", "backup", backupPath, "--state", state])
        #expect(again.status == 64, "\(again.output)\(again.errors)")
        #expect(again.errors.contains("already exists"))

        let check = try await runTrueUp(["state", "check", "--state", backupPath])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.contains("ok    state integrity"), "\(check.output)")
        #expect(check.output.contains("ok    state permissions"), "\(check.output)")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: backupPath)
        let exposed = try await runTrueUp(["state", "check", "--state", backupPath])
        #expect(exposed.status == 0, "\(exposed.output)\(exposed.errors)")
        #expect(exposed.output.contains("warn  state permissions: \(backupPath) can be read by others (mode 0644)"))

        let missing = try await runTrueUp(["state", "check", "--state", "\(folder.path)/none.sqlite"])
        #expect(missing.status == 1)
        #expect(missing.errors.contains("there is no state at"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/none.sqlite"))
    }
}
