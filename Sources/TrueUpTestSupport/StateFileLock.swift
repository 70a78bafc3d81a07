import Foundation
import GRDB

/// Another process's write lock on a state file, held until ``release()`` (or deinit), for tests
/// of what a second run sees.
public final class StateFileLock: Sendable {
    private let releaseSignal = DispatchSemaphore(value: 0)

    /// Takes an exclusive lock on the SQLite file at `path` and returns once it is held.
    public init(path: String) throws {
        let holder = try DatabaseQueue(path: path)
        let entered = DispatchSemaphore(value: 0)
        let release = releaseSignal
        DispatchQueue.global().async {
            try? holder.inDatabase { db in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                entered.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
        }
        entered.wait()
    }

    public func release() { releaseSignal.signal() }

    deinit { releaseSignal.signal() }
}
