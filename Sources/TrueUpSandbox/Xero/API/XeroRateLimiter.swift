import Foundation

/// Xero's per-tenant limits on accounting-API calls: at most `concurrent` in flight, `perMinute`
/// in a sliding window, `perDay` per UTC day, and the app-wide minute limit.
///
/// Only admitted calls count; a refused call (429) does not use up anything. Every response
/// reports what is left in `X-MinLimit-Remaining`, `X-DayLimit-Remaining` and
/// `X-AppMinLimit-Remaining`.
struct XeroRateLimiter {
    var limits: XeroRateLimits
    /// When each call in the current window was admitted, oldest first.
    private var recent: [Date] = []
    private var day: Int64 = .min
    private var dayCount = 0
    private(set) var inFlight = 0

    init(limits: XeroRateLimits) {
        self.limits = limits
    }

    struct Remaining: Equatable {
        var minute: Int
        var day: Int
        var appMinute: Int

        var headers: [(name: String, value: String)] {
            [
                ("X-MinLimit-Remaining", String(minute)),
                ("X-DayLimit-Remaining", String(day)),
                ("X-AppMinLimit-Remaining", String(appMinute)),
            ]
        }
    }

    enum Admission: Equatable {
        case admitted(Remaining)
        /// `problem` is the `X-Rate-Limit-Problem` value: `day`, `minute`, `appminute` or `concurrent`.
        case refused(problem: String, retryAfter: Int, Remaining)
    }

    /// Admits a call (counting it and taking a concurrency slot) or says which limit refuses it.
    /// The day is checked first, since a run must stop on it rather than wait.
    mutating func admit(now: Date) -> Admission {
        roll(now: now)
        if dayCount >= limits.perDay {
            let nextMidnight = TimeInterval((day + 1) * 86_400)
            return .refused(
                problem: "day", retryAfter: wholeSeconds(nextMidnight - now.timeIntervalSince1970),
                remaining())
        }
        if recent.count >= limits.perMinute || recent.count >= limits.appPerMinute {
            let oldest = recent.first ?? now
            let wait = oldest.addingTimeInterval(limits.window.timeInterval).timeIntervalSince(now)
            let problem = recent.count >= limits.perMinute ? "minute" : "appminute"
            return .refused(problem: problem, retryAfter: wholeSeconds(wait), remaining())
        }
        if inFlight >= limits.concurrent {
            return .refused(problem: "concurrent", retryAfter: 1, remaining())
        }
        recent.append(now)
        dayCount += 1
        inFlight += 1
        return .admitted(remaining())
    }

    /// Gives back the concurrency slot of an admitted call once its response is sent.
    mutating func release() {
        inFlight = max(0, inFlight - 1)
    }

    /// What is left now, without counting a call (for responses refused before the limits apply).
    mutating func remaining(now: Date) -> Remaining {
        roll(now: now)
        return remaining()
    }

    mutating func useDayCalls(_ count: Int, now: Date) {
        roll(now: now)
        dayCount += max(0, count)
    }

    private func remaining() -> Remaining {
        Remaining(
            minute: max(0, limits.perMinute - recent.count),
            day: max(0, limits.perDay - dayCount),
            appMinute: max(0, limits.appPerMinute - recent.count))
    }

    /// Drops calls that have left the window and starts a new day's count at UTC midnight.
    private mutating func roll(now: Date) {
        let today = Int64((now.timeIntervalSince1970 / 86_400).rounded(.down))
        if today != day {
            day = today
            dayCount = 0
        }
        let start = now.addingTimeInterval(-limits.window.timeInterval)
        if let firstInside = recent.firstIndex(where: { $0 > start }) {
            recent.removeFirst(firstInside)
        } else {
            recent.removeAll()
        }
    }

    /// Seconds rounded up, at least 1, as `Retry-After` says them.
    private func wholeSeconds(_ interval: TimeInterval) -> Int {
        max(1, Int(interval.rounded(.up)))
    }
}
