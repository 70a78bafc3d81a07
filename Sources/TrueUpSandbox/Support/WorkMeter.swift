import Foundation

/// How long a sandbox has spent answering the API: the operations themselves and the bodies they
/// write, not the HTTP around them. A benchmark subtracts it to see what the client spent; a real
/// server answers a page from an index, where the sandbox may walk a whole collection.
final class WorkMeter: Sendable {
    private let total = Locked(Duration.zero)

    /// Runs `work`, adding the time it took.
    func measure<Result>(_ work: () -> Result) -> Result {
        let started = ContinuousClock.now
        let result = work()
        let elapsed = ContinuousClock.now - started
        total.withLock { $0 += elapsed }
        return result
    }

    var elapsed: Duration { total.withLock { $0 } }
}
