import Foundation
import GRDB

/// Damages a state file the way a failing disk or a careless copy does, for tests of what TrueUp
/// does with it: the file still opens, but one table's pages no longer read.
public enum StateFileDamage {
    /// Adds a table of a few hundred rows to the closed state at `path`, folds the WAL into the
    /// file, and overwrites that table's root page with garbage. No connection may be open on it.
    public static func damage(path: String) throws {
        let queue = try DatabaseQueue(path: path)
        let (root, pageSize) = try queue.write { db in
            try db.execute(sql: "CREATE TABLE damaged_filler (id INTEGER PRIMARY KEY, payload BLOB)")
            for id in 1...400 {
                try db.execute(
                    sql: "INSERT INTO damaged_filler (id, payload) VALUES (?, randomblob(1000))", arguments: [id])
            }
            return (
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'damaged_filler'") ?? 0,
                try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            )
        }
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: pageSize))
        try handle.synchronize()
    }
}
