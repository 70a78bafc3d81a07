/// When the next call to a tenant may start: the pure part of pacing, shared by ``XeroPacer``
/// (with the real clock) and the benchmark (with computed time).
///
/// Times are offsets from an origin the owner chooses. A call holds its place in the window from
/// the moment it starts until a full window after its answer came back: the server counted it on
/// arrival, which was somewhere in between, so however long the network took, no call can land
/// inside the server's window of one made earlier. The model also keeps how many calls are in
/// flight and what the server last said remained of its minute and day, so that calls made by
/// other programs on the same tenant are allowed for.
public struct PacingModel: Sendable {
    public var limits: XeroLimits
    /// When each call answered within the last window (plus margin), oldest first.
    private var ends: [Duration] = []
    private var head = 0
    public private(set) var inFlight = 0
    /// Calls in the server's window that were not made here, as of the last response.
    private var outsideUse = 0
    /// No call starts before this: set by a minute 429's `Retry-After`.
    private var pausedUntil: Duration?
    /// What `X-DayLimit-Remaining` said on the last response.
    public private(set) var dayRemaining: Int?
    /// Calls started, over the model's life.
    public private(set) var started = 0

    public init(limits: XeroLimits) {
        self.limits = limits
    }

    /// Calls answered within the window ending at `now`.
    private mutating func recentEnds(at now: Duration) -> Int {
        let horizon = now - limits.window - limits.margin
        while head < ends.count, ends[head] <= horizon { head += 1 }
        if head > 1024, head * 2 > ends.count {
            ends.removeFirst(head)
            head = 0
        }
        return ends.count - head
    }

    /// Calls made here that still hold a place in the window at `now`: in flight, or answered
    /// within it.
    public mutating func recentCalls(at now: Duration) -> Int {
        inFlight + recentEnds(at: now)
    }

    /// The earliest time at or after `now` when a call may start, or `nil` while the calls in
    /// flight use every place (wait for one to finish and ask again).
    public mutating func earliestStart(at now: Duration) -> Duration? {
        guard inFlight < limits.concurrent else { return nil }
        let allowed = max(1, limits.perMinute - outsideUse)
        // Places left once the calls in flight are counted; none left means wait for an answer.
        let free = allowed - inFlight
        guard free > 0 else { return nil }
        var start = now
        if let pausedUntil, pausedUntil > start { start = pausedUntil }
        let answered = recentEnds(at: now)
        if answered >= free {
            // The answer that must leave the window before another call may start.
            let leaving = ends[head + answered - free]
            start = max(start, leaving + limits.window + limits.margin)
        }
        return start
    }

    /// A call starts now.
    public mutating func begin(at now: Duration) {
        inFlight += 1
        started += 1
    }

    /// A call's answer came back; `minuteRemaining` and `dayRemaining` are the response's
    /// `X-MinLimit-Remaining` and `X-DayLimit-Remaining`, when it had them.
    public mutating func end(at now: Duration, minuteRemaining: Int?, dayRemaining: Int?) {
        inFlight = max(0, inFlight - 1)
        ends.append(max(now, ends.last ?? now))
        if let minuteRemaining {
            let usedByServer = limits.perMinute - minuteRemaining
            outsideUse = max(0, usedByServer - recentCalls(at: now))
        }
        if let dayRemaining { self.dayRemaining = dayRemaining }
    }

    /// A minute 429: no call starts until `until`.
    public mutating func pause(until: Duration) {
        pausedUntil = max(pausedUntil ?? until, until)
    }

    /// Whether the day's calls are used up, as far as the server last said.
    public var dayExhausted: Bool { (dayRemaining ?? 1) <= 0 }
}

extension PacingModel {
    /// The wall time of calls made one after another, each taking its latency, under `limits`:
    /// how long a read of that many pages takes against Xero, computed rather than waited for.
    public static func sequentialWallTime(latencies: [Duration], limits: XeroLimits) -> Duration {
        var model = PacingModel(limits: limits)
        var now = Duration.zero
        for latency in latencies {
            let start = model.earliestStart(at: now) ?? now
            model.begin(at: start)
            now = start + latency
            model.end(at: now, minuteRemaining: nil, dayRemaining: nil)
        }
        return now
    }

    /// The least time `calls` calls can take under `limits` if each took no time at all: a full
    /// window for every `perMinute` calls after the first burst.
    public static func lowerBound(calls: Int, limits: XeroLimits) -> Duration {
        guard calls > limits.perMinute else { return .zero }
        return limits.window * ((calls - 1) / limits.perMinute)
    }
}
