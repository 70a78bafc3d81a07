import Foundation
public import GRDB
public import TrueUpCore

/// The state database: pairs, runs, bases, the SKU map, conflicts, the correction outbox,
/// cursors and snapshots. One SQLite file in WAL mode, created with mode 0600.
///
/// All access goes through the injected `DatabaseWriter`: a `DatabasePool` for a file, a
/// `DatabaseQueue` in memory for tests.
public final class StateStore: Sendable {
    public let writer: any DatabaseWriter
    /// The file, or `nil` in memory.
    public let path: String?

    /// The state as errors name it: its file, or "(in memory)".
    private var name: String { path ?? "(in memory)" }

    /// Opens (creating if needed) the state file at `path` and brings its schema up to date.
    /// Another process's write is waited for up to `busyTimeout` seconds before giving up.
    public convenience init(path: String, busyTimeout: Double = 10) throws(TrueUpError) {
        try Self.prepareFile(at: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.describe(error, path: path)
        }
        try self.init(writer: pool, path: path)
    }

    /// A store over any writer; tests pass `DatabaseQueue()`.
    public init(writer: any DatabaseWriter, path: String? = nil) throws(TrueUpError) {
        self.writer = writer
        self.path = path
        do {
            try Migrations.migrator.migrate(writer)
        } catch {
            throw Self.describe(error, path: name)
        }
    }

    /// An empty store in memory.
    public static func inMemory() throws(TrueUpError) -> StateStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw describe(error, path: "an in-memory database")
        }
        return try StateStore(writer: queue)
    }

    /// The migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await writer.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// Creates the folder (0700) and the file (0600) before SQLite does, so that the file and the
    /// WAL and shared-memory files SQLite derives from it are never readable by others.
    static func prepareFile(at path: String) throws(TrueUpError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .state(
                    "cannot create the state folder \(folder): \(error.localizedDescription); pass --state PATH or set TRUEUP_STATE"
                )
            }
        } else if !isDirectory.boolValue {
            throw .state("cannot use \(path): \(folder) is not a folder; pass --state PATH or set TRUEUP_STATE")
        }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw .state("cannot open the state file \(path): \(reason); pass --state PATH or set TRUEUP_STATE")
        }
        close(descriptor)
    }

    static func describe(_ error: any Error, path: String) -> TrueUpError {
        if let error = error as? TrueUpError { return error }
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return TrueUpError(
                    .locked, "the state file \(path) is in use by another trueup; wait for it to finish and try again")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .state(
                    "the state file \(path) is not a TrueUp state database or is damaged; restore it from a backup or pass another --state"
                )
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
                return .state(
                    "cannot write the state file \(path) (\(database.message ?? "permission denied")); check its permissions"
                )
            case .SQLITE_FULL:
                return .state("the disk holding \(path) is full; free space and run again")
            default:
                return .state("the state database \(path) failed: \(database.message ?? "\(database.resultCode)")")
            }
        }
        return .state("the state database \(path) failed: \(error)")
    }

    /// Runs a read, turning database errors into errors that say what to do.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(TrueUpError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.describe(error, path: name)
        }
    }

    /// Runs a write in one transaction that is on disk when this returns, even across a power cut
    /// (`synchronous = FULL` for its commit): for what cannot be had again, like a rotated
    /// refresh token.
    func durableWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(TrueUpError) -> T {
        do {
            return try await writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw DatabaseError(message: "the write produced nothing") }
                return result
            }
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw Self.describe(error, path: name)
        }
    }

    /// Runs a write in one transaction, turning database errors into errors that say what to do.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws(TrueUpError) -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.describe(error, path: name)
        }
    }
}
