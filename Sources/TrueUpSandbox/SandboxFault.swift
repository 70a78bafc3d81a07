/// A failure a sandbox can be told to produce on coming calls
/// (``XeroSandbox/inject(_:times:method:pathPrefix:)``, ``MagentoSandbox/inject(_:times:method:pathPrefix:)``).
public enum SandboxFault: Sendable, Equatable {
    /// 429 with `X-Rate-Limit-Problem: minute` and this `Retry-After`, whatever the real count is.
    /// (Magento has no rate limit of its own; its sandbox answers as a proxy in front of it would.)
    case minuteLimit(retryAfter: Int)
    /// 429 with `X-Rate-Limit-Problem: day` and this `Retry-After`.
    case dayLimit(retryAfter: Int)
    /// 503 Service Unavailable; nothing is done.
    case serviceUnavailable
    /// No response for this long (the client's timeout should fire first); nothing is done, and
    /// afterwards the sandbox answers 503. On Xero the call holds a concurrency slot meanwhile.
    case hang(Duration)
    /// The request takes full effect (a write is saved, and on Xero its idempotent response
    /// stored), then the response is held back this long, so the client times out without seeing it.
    case lostResponse(Duration)
    /// The request takes effect, but the body arrives cut in half: 200 with truncated JSON.
    case malformedBody
}

/// Injected faults waiting for matching calls, taken in the order they were injected. Each
/// sandbox has its own queue.
struct SandboxFaultQueue {
    private struct Entry {
        var fault: SandboxFault
        var remaining: Int
        /// Matching calls to let through before the fault starts.
        var skip: Int
        var method: String?
        var pathPrefix: String?
    }

    private var entries: [Entry] = []

    mutating func add(_ fault: SandboxFault, times: Int, skipping skip: Int = 0, method: String?, pathPrefix: String?) {
        guard times > 0 else { return }
        entries.append(
            Entry(
                fault: fault, remaining: times, skip: max(0, skip), method: method?.uppercased(), pathPrefix: pathPrefix
            ))
    }

    /// Takes one use of the earliest fault that matches the call. A fault with a path prefix
    /// matches any path that starts with it; one without matches the paths for which
    /// `unscoped` is true (each API says which: its data calls, not its token endpoint).
    mutating func take(method: String, path: String, unscoped: (String) -> Bool) -> SandboxFault? {
        for index in entries.indices {
            let entry = entries[index]
            if let wanted = entry.method, wanted != method { continue }
            if let prefix = entry.pathPrefix {
                guard path.hasPrefix(prefix) else { continue }
            } else {
                guard unscoped(path) else { continue }
            }
            if entry.skip > 0 {
                entries[index].skip -= 1
                continue
            }
            entries[index].remaining -= 1
            if entries[index].remaining == 0 { entries.remove(at: index) }
            return entry.fault
        }
        return nil
    }
}

/// The bodies an API answers a fault with, in its own shape.
struct FaultAnswers: Sendable {
    /// A 429 for the `minute` or `day` problem with this `Retry-After`.
    var tooManyRequests: @Sendable (_ problem: String, _ retryAfter: Int) -> SandboxResponse
    /// A 503.
    var serviceUnavailable: @Sendable () -> SandboxResponse
}

extension SandboxFault {
    /// Produces the response `fault` calls for (or `work`'s when there is none). `finish`
    /// records the response when it is known, before any wait, so that tests see a call that is
    /// still being held back; `work` runs only for faults after which the request takes effect.
    static func answer(
        _ fault: SandboxFault?, with answers: FaultAnswers, finish: (SandboxResponse) -> SandboxResponse,
        work: () -> SandboxResponse
    ) async -> SandboxResponse {
        switch fault {
        case nil:
            return finish(work())
        case .minuteLimit(let retryAfter)?:
            return finish(answers.tooManyRequests("minute", retryAfter))
        case .dayLimit(let retryAfter)?:
            return finish(answers.tooManyRequests("day", retryAfter))
        case .serviceUnavailable?:
            return finish(answers.serviceUnavailable())
        case .hang(let duration)?:
            let response = finish(answers.serviceUnavailable())
            try? await Task.sleep(for: duration)
            return response
        case .lostResponse(let duration)?:
            let response = finish(work())
            try? await Task.sleep(for: duration)
            return response
        case .malformedBody?:
            var response = work()
            response.body = Array(response.body.prefix(max(1, response.body.count / 2)))
            return finish(response)
        }
    }
}
