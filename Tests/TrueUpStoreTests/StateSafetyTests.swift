import Foundation
import GRDB
import Synchronization
import Testing
import TrueUpCore
import TrueUpStore
import TrueUpTestSupport

@Suite("Backing up and checking the state")
struct StateSafetyTests {
    /// A state file with one run recorded, closed.
    static func state(in folder: TemporaryFolder, name: String = "state.sqlite") async throws -> String {
        let path = "\(folder.path)/\(name)"
        let store = try StateStore(path: path)
        _ = try await store.beginRun(
            pair: "p", kind: "plan", source: "t", asOf: now, period: try Period(parsing: "2026-11"), settings: "{}",
            at: now)
        return path
    }

    static func mode(_ path: String) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    @Test("A backup made while another connection writes is one complete, private, self-contained file")
    func backupWhileWriting() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.state(in: folder)
        let store = try StateStore(path: path)
        // Enough pages for several steps, so the writes below land between them.
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TABLE ballast (id INTEGER PRIMARY KEY, payload BLOB)")
            for id in 1...3000 {
                try db.execute(sql: "INSERT INTO ballast VALUES (?, randomblob(2000))", arguments: [id])
            }
        }
        let other = try StateStore(path: path)
        let writing = Task {
            for _ in 0..<20 {
                _ = try await other.beginRun(
                    pair: "q", kind: "plan", source: "t", asOf: now, period: try Period(parsing: "2026-11"),
                    settings: "{}", at: now)
            }
        }
        let shares = Shares()
        let destination = "\(folder.path)/backup.sqlite"
        let backup = try await store.backup(to: destination) { shares.add($0) }
        try await writing.value

        #expect(backup.path == destination)
        #expect(backup.pages > 1000)
        #expect(backup.bytes == Int64(backup.pages * 4096))
        #expect(shares.values.last == 1)
        #expect(shares.values.count > 1, "progress was reported once")
        #expect(try Self.mode(destination) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix("backup.sqlite") && $0 != "backup.sqlite"
        }
        #expect(leftovers.isEmpty, "\(leftovers)")

        let copy = try StateStore(path: destination)
        #expect(try await copy.pairs().contains("p"))
        #expect(try await copy.integrityProblems().isEmpty)
        let rows = try await copy.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM ballast") }
        #expect(rows == 3000)
    }

    @Test("A backup never overwrites a file, never targets the state itself, and leaves nothing when it fails")
    func backupRefusals() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.state(in: folder)
        let store = try StateStore(path: path)
        let existing = "\(folder.path)/existing.sqlite"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        await #expect {
            _ = try await store.backup(to: existing)
        } throws: { error in
            (error as? TrueUpError)?.kind == .usage && "\(error)".contains("already exists")
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
        await #expect {
            _ = try await store.backup(to: folder.path + "/./state.sqlite")
        } throws: { error in
            "\(error)".contains("cannot be the state file itself")
        }
        await #expect {
            _ = try await store.backup(to: folder.path + "/missing/backup.sqlite")
        } throws: { error in
            (error as? TrueUpError)?.kind == .output && "\(error)".contains("cannot create the backup")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/missing"))
    }

    @Test("A damaged state is found by the integrity check, refuses to be sent from, and cannot be backed up")
    func damaged() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.state(in: folder)
        #expect(try await StateStore(path: path).integrityProblems().isEmpty)
        try StateFileDamage.damage(path: path)

        let store = try StateStore(path: path)
        #expect(try await !store.integrityProblems().isEmpty)
        #expect(try await !store.integrityProblems(quick: true).isEmpty)
        await #expect {
            try await store.requireIntact()
        } throws: { error in
            "\(error)".contains("is damaged") && "\(error)".contains("nothing was sent to Xero or the storefront")
        }
        let destination = "\(folder.path)/backup.sqlite"
        await #expect {
            _ = try await store.backup(to: destination)
        } throws: { error in
            (error as? TrueUpError)?.kind == .state
        }
        #expect(!FileManager.default.fileExists(atPath: destination))
        #expect(!FileManager.default.fileExists(atPath: destination + ".partial"))
        // A sound state passes.
        try await StateStore(path: try await Self.state(in: folder, name: "sound.sqlite")).requireIntact()
    }

    @Test("Files others can read, and a folder others can write to, are named with the chmod that fixes them")
    func exposed() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.state(in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let store = try StateStore(path: path)
        _ = try await store.pairs()
        #expect(StateStore.exposedFiles(statePath: path).isEmpty)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o775], ofItemAtPath: folder.path)
        let found = StateStore.exposedFiles(statePath: path)
        #expect(found.map(\.path) == [folder.path, path])
        #expect(found.map(\.description).contains("\(path) can be read by others (mode 0644); run chmod 600 \(path)"))
        #expect(
            found.first?.description
                == "others can add and remove files in \(folder.path) (mode 0775); run chmod go-w \(folder.path)")
    }
}

/// Progress shares as a backup reports them.
private final class Shares: Sendable {
    private let shares = Mutex<[Double]>([])

    func add(_ share: Double) { shares.withLock { $0.append(share) } }
    var values: [Double] { shares.withLock { $0 } }
}
