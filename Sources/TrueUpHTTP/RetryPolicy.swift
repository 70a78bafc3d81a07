import TrueUpCore

/// How often and how long to wait before sending again after a 5xx, a timeout or a lost
/// connection: exponential backoff with full jitter, a bounded number of times.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var attempts: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration
    /// How many minute 429s one call may wait out before giving up.
    public var rateLimitWaits: Int

    public init(
        attempts: Int = 5, initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(30),
        rateLimitWaits: Int = 10
    ) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.rateLimitWaits = rateLimitWaits
    }

    /// The wait before attempt `attempt + 1`, after `attempt` failures: uniformly random up to
    /// `initialDelay × 2^(attempt−1)`, capped, so that callers that failed together do not retry together.
    public func delay(afterFailures attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(attempt - 1, 0), 20)
        let ceiling = min(initialDelay * (1 << exponent), maximumDelay)
        let milliseconds = ceiling.wholeMilliseconds
        guard milliseconds > 0 else { return .zero }
        return .milliseconds(Int64.random(in: 0...milliseconds, using: &generator))
    }
}
