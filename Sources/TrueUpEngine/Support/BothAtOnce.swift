import Dispatch
import Synchronization

/// Runs two independent pieces of work at once, one per core, and returns both results.
func bothAtOnce<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    let results = Mutex<(first: First?, second: Second?)>((nil, nil))
    DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 {
            let value = first()
            results.withLock { $0.first = value }
        } else {
            let value = second()
            results.withLock { $0.second = value }
        }
    }
    let (first, second) = results.withLock { results in (results.first.take(), results.second.take()) }
    guard let first, let second else { preconditionFailure("concurrentPerform returned before both parts ran") }
    return (first, second)
}
