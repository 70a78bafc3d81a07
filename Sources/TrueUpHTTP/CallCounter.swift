import Synchronization

/// Counts calls across concurrent callers: what a run reports next to the lower bound of its work.
public final class CallCounter: Sendable {
    private let storage = Mutex(0)

    public init() {}

    public var value: Int { storage.withLock { $0 } }

    public func increment() { storage.withLock { $0 += 1 } }
}
