/// Paces the calls to one tenant (DESIGN §6): at most ``XeroLimits/concurrent`` in flight and
/// ``XeroLimits/perMinute`` in any window, steered by the limits headers of every response.
/// One pacer serves every caller of a tenant in this process.
public actor XeroPacer {
    private var model: PacingModel
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Calls that had to wait for the limits, and how long they waited in all.
    public private(set) var waits = PacingWaits()

    public init(limits: XeroLimits) {
        model = PacingModel(limits: limits)
        origin = clock.now
    }

    private var now: Duration { clock.now - origin }

    /// Waits for a slot, then counts the call as started. Throws when the day's calls are used up,
    /// rather than spend a call on a certain 429.
    public func begin() async throws(XeroError) {
        while true {
            if Task.isCancelled { throw .unavailable("the call was cancelled before it was sent") }
            if model.dayExhausted { throw .dayLimitReached(retryAfter: nil) }
            guard let start = model.earliestStart(at: now) else {
                let before = now
                waits.count += 1
                await withCheckedContinuation { waiters.append($0) }
                waits.total += now - before
                continue
            }
            let wait = start - now
            if wait <= .zero {
                model.begin(at: now)
                return
            }
            waits.count += 1
            waits.total += wait
            try? await Task.sleep(for: wait, clock: clock)
        }
    }

    /// The call finished, with the response's remaining-calls headers when it had them.
    public func end(minuteRemaining: Int?, dayRemaining: Int?) {
        model.end(at: now, minuteRemaining: minuteRemaining, dayRemaining: dayRemaining)
        let ready = waiters
        waiters.removeAll()
        for waiter in ready { waiter.resume() }
    }

    /// A minute 429 said to wait: every caller waits.
    public func pause(for wait: Duration) {
        model.pause(until: now + wait)
    }

    /// Calls started through this pacer.
    public var callsStarted: Int { model.started }

    /// What `X-DayLimit-Remaining` said last.
    public var dayRemaining: Int? { model.dayRemaining }
}

/// How often, and for how long, calls waited for a tenant's limits: a run records it next to its calls.
public struct PacingWaits: Sendable, Hashable {
    public var count = 0
    public var total: Duration = .zero

    public init() {}
}
