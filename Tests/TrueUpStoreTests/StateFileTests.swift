import Foundation
import GRDB
import Testing
import TrueUpCore
import TrueUpStore
import TrueUpTestSupport

@Suite("The state file")
struct StateFileTests {
    @Test("Created with mode 0600 in a 0700 folder, in WAL mode, with every migration")
    func createdPrivately() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/nested/state.sqlite"
        let store = try StateStore(path: path)
        _ = try await store.beginRun(
            pair: "p", kind: "plan", source: "t", asOf: now, period: try Period(parsing: "2026-11"), settings: "{}",
            at: now)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder.path + "/nested")
        #expect((folderAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")
        #expect((wal[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(
            try await store.appliedMigrations() == [
                "v1-state", "v2-connections", "v3-storefront", "v4-payments", "v5-jobs", "v6-credit-note-contact",
            ])
        // Reopening keeps the data and applies nothing twice.
        let again = try StateStore(path: path)
        #expect(try await again.pairs() == ["p"])
    }

    @Test("The path comes from --state, then TRUEUP_STATE, then XDG_STATE_HOME, then HOME")
    func pathResolution() {
        #expect(StatePath.resolve(option: "/x/s.sqlite", environment: ["TRUEUP_STATE": "/y"]) == "/x/s.sqlite")
        #expect(
            StatePath.resolve(option: nil, environment: ["TRUEUP_STATE": "/y/s.sqlite", "HOME": "/h"]) == "/y/s.sqlite")
        #expect(
            StatePath.resolve(option: nil, environment: ["XDG_STATE_HOME": "/st", "HOME": "/h"])
                == "/st/trueup/state.sqlite")
        #expect(StatePath.resolve(option: nil, environment: ["HOME": "/h"]) == "/h/.local/state/trueup/state.sqlite")
    }

    @Test("A file that is not a state database gives an error that says what to do")
    func notADatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/state.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try StateStore(path: path)
        } throws: { error in
            "\(error)".contains("is not a TrueUp state database or is damaged")
        }
    }

    @Test("A state file held by another writer is reported as in use")
    func locked() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/state.sqlite"
        _ = try StateStore(path: path)
        let lock = try StateFileLock(path: path)
        defer { lock.release() }
        await #expect {
            let store = try StateStore(path: path, busyTimeout: 0.2)
            _ = try await store.beginRun(
                pair: "p", kind: "plan", source: "t", asOf: now, period: try Period(parsing: "2026-11"), settings: "{}",
                at: now)
        } throws: { error in
            (error as? TrueUpError)?.kind == .locked && "\(error)".contains("in use by another trueup")
        }
    }
}
