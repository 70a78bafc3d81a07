/// A failure the sandbox can be told to produce on coming calls (``XeroSandbox/inject(_:times:method:pathPrefix:)``).
public enum XeroSandboxFault: Sendable, Equatable {
    /// 429 with `X-Rate-Limit-Problem: minute` and this `Retry-After`, whatever the real count is.
    case minuteLimit(retryAfter: Int)
    /// 429 with `X-Rate-Limit-Problem: day` and this `Retry-After`.
    case dayLimit(retryAfter: Int)
    /// 503 Service Unavailable; nothing is done.
    case serviceUnavailable
    /// No response for this long (the client's timeout should fire first); nothing is done, and
    /// afterwards the sandbox answers 503. The call holds a concurrency slot meanwhile.
    case hang(Duration)
    /// The request takes full effect (a write is saved and its idempotent response stored), then
    /// the response is held back this long, so the client times out without seeing it.
    case lostResponse(Duration)
    /// The request takes effect, but the body arrives cut in half: 200 with truncated JSON.
    case malformedBody
}

/// Injected faults waiting for matching calls, taken in the order they were injected.
struct XeroFaultQueue {
    private struct Entry {
        var fault: XeroSandboxFault
        var remaining: Int
        var method: String?
        var pathPrefix: String?
    }

    private var entries: [Entry] = []

    mutating func add(_ fault: XeroSandboxFault, times: Int, method: String?, pathPrefix: String?) {
        guard times > 0 else { return }
        entries.append(Entry(fault: fault, remaining: times, method: method?.uppercased(), pathPrefix: pathPrefix))
    }

    /// Takes one use of the earliest fault that matches the call. A fault without a path prefix
    /// matches only `/api.xro/2.0` calls; one with a prefix matches any path that starts with it
    /// (so `/connect/token` can be made to fail too).
    mutating func take(method: String, path: String) -> XeroSandboxFault? {
        for index in entries.indices {
            let entry = entries[index]
            if let wanted = entry.method, wanted != method { continue }
            if let prefix = entry.pathPrefix {
                guard path.hasPrefix(prefix) else { continue }
            } else {
                guard path.hasPrefix(XeroPaths.api) else { continue }
            }
            entries[index].remaining -= 1
            if entries[index].remaining == 0 { entries.remove(at: index) }
            return entry.fault
        }
        return nil
    }
}
