import Foundation
public import GRDB
public import TrueUpCore
import TrueUpFiles

/// How a backup of the state went.
public struct StateBackup: Sendable, Hashable {
    /// The backup file, complete and on disk.
    public var path: String
    /// Its size in bytes.
    public var bytes: Int64
    /// The database pages copied.
    public var pages: Int
}

/// A state file or SQLite companion file that others than its owner can read, or a state folder
/// others can write to (and so replace the file).
public struct ExposedStateFile: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// The permission bits, such as `0o644`.
    public var mode: UInt32
    public var isFolder: Bool

    public var description: String {
        let octal = String(format: "%04o", mode)
        return isFolder
            ? "others can add and remove files in \(path) (mode \(octal)); run chmod go-w \(path)"
            : "\(path) can be read by others (mode \(octal)); run chmod 600 \(path)"
    }
}

extension StateStore {
    /// What SQLite's integrity check finds wrong with the state, at most `limit` problems: none
    /// when the file is sound. `quick` skips the check that indexes match their tables, which
    /// reads every index as well as every table.
    public func integrityProblems(quick: Bool = false, limit: Int = 10) async throws(TrueUpError) -> [String] {
        let pragma = quick ? "quick_check" : "integrity_check"
        let found = try await read { db in try String.fetchAll(db, sql: "PRAGMA \(pragma)(\(max(1, limit)))") }
        return found == ["ok"] ? [] : found
    }

    /// Stops here, before anything is sent to Xero or the storefront, when the state is damaged:
    /// a write acknowledged by either side must land in a sound outbox and sound bases.
    public func requireIntact() async throws(TrueUpError) {
        let problems: [String]
        do {
            problems = try await integrityProblems(quick: true, limit: 3)
        } catch {
            throw .state("\(error.message); nothing was sent to Xero or the storefront")
        }
        guard let first = problems.first else { return }
        throw .state(
            "the state file \(path ?? "(in memory)") is damaged (\(first)); nothing was sent to Xero or the storefront. "
                + "Restore the newest backup ('trueup state backup' makes one) and run again")
    }

    /// Copies the whole state to a new file at `destination` with SQLite's online backup, while
    /// other runs may go on reading and writing it. The copy appears at `destination` only once it
    /// is complete, checked and on disk, with mode 0600; an existing file is never overwritten.
    ///
    /// - Parameter progress: called after each step with the share of pages copied, 0 to 1.
    public func backup(
        to destination: String, progress: @escaping @Sendable (Double) -> Void = { _ in }
    ) async throws(TrueUpError) -> StateBackup {
        if let path,
            URL(fileURLWithPath: path).standardizedFileURL == URL(fileURLWithPath: destination).standardizedFileURL
        {
            throw .usage("the backup cannot be the state file itself; name another file")
        }
        var info = stat()
        if lstat(destination, &info) == 0 {
            throw .usage("\(destination) already exists; name a new file, or move the old one away first")
        }
        let partial = destination + ".partial"
        switch DurableFile.createPartial(partial, mode: 0o600) {
        case .failure(let error):
            throw .output("cannot create the backup \(destination): \(error)")
        case .success(let descriptor):
            close(descriptor)
        }
        do {
            let pages = try copy(to: partial, progress: progress)
            let descriptor = open(partial, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw TrueUpError.output("cannot reopen the backup: \(SystemError(errno))") }
            if let error = DurableFile.commit(descriptor: descriptor, partial: partial, to: destination) {
                throw TrueUpError.output("cannot finish the backup \(destination): \(error)")
            }
            guard stat(destination, &info) == 0 else {
                throw TrueUpError.output("the backup \(destination) vanished as it was finished")
            }
            return StateBackup(path: destination, bytes: Int64(info.st_size), pages: pages)
        } catch {
            for leftover in [partial, partial + "-journal", partial + "-wal", partial + "-shm"] { unlink(leftover) }
            throw error as? TrueUpError ?? Self.describe(error, path: destination)
        }
    }

    /// The backup itself, into the empty file at `partial`; returns the pages copied.
    private func copy(to partial: String, progress: @escaping @Sendable (Double) -> Void) throws -> Int {
        let copy = try DatabaseQueue(path: partial)
        // A few MiB a step: other runs can write between steps, and progress shows.
        try writer.backup(to: copy, pagesPerStep: 1024) { step in
            progress(step.isCompleted ? 1 : step.completedPageCount.ratio(of: step.totalPageCount))
        }
        let (pages, problems) = try copy.writeWithoutTransaction { db in
            // One self-contained file: no WAL beside it to lose when it is copied elsewhere.
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            return (
                try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                try String.fetchAll(db, sql: "PRAGMA integrity_check(3)")
            )
        }
        try copy.close()
        guard problems == ["ok"] else {
            throw TrueUpError.state(
                "the backup failed its integrity check (\(problems.first ?? "no answer")): the state itself may be damaged; run 'trueup doctor'"
            )
        }
        return pages
    }

    /// The state's file and SQLite's companion files that others than the owner can read, and its
    /// folder if others can write to it: the state holds tokens and passwords, so each file should
    /// be 0600, and nobody else should be able to swap one for their own.
    public static func exposedFiles(statePath: String) -> [ExposedStateFile] {
        let folder = URL(fileURLWithPath: statePath).deletingLastPathComponent().path
        var exposed: [ExposedStateFile] = []
        var info = stat()
        if stat(folder, &info) == 0, info.st_mode & 0o022 != 0 {
            exposed.append(ExposedStateFile(path: folder, mode: UInt32(info.st_mode & 0o777), isFolder: true))
        }
        for file in [statePath, statePath + "-wal", statePath + "-shm"] where stat(file, &info) == 0 {
            if info.st_mode & 0o077 != 0 {
                exposed.append(ExposedStateFile(path: file, mode: UInt32(info.st_mode & 0o777), isFolder: false))
            }
        }
        return exposed
    }
}

extension Int {
    fileprivate func ratio(of total: Int) -> Double { total > 0 ? Double(self) / Double(total) : 0 }
}
