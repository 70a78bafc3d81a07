import Foundation

/// A value shared between request handlers, changed only while holding its lock.
///
/// The sandbox's public API is synchronous (tests read state without `await`), so its state sits
/// behind a lock rather than in an actor. Critical sections never suspend: handlers take what
/// they need, release the lock, and only then sleep or write files.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
