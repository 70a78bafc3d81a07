public import Foundation
public import Logging
import TrueUpCore

/// One tenant's accounting API: every request paced, authorised, carrying `xero-tenant-id`,
/// retried when Xero is briefly unavailable, and counted.
///
/// Retries: a 5xx, a timeout or a lost connection is sent again after a jittered backoff, at most
/// ``RetryPolicy/attempts`` times in all — writes too, with the same `Idempotency-Key`, so a write
/// whose answer was lost is not made twice. A 401 renews the token once. A minute 429 waits its
/// `Retry-After` (every caller of the tenant waits) and sends again; a day 429 ends the work with
/// ``XeroError/dayLimitReached(retryAfter:)``.
public final class XeroClient: Sendable {
    public let endpoints: XeroEndpoints
    public let tenantID: String
    let transport: any HTTPTransport
    let tokens: XeroTokenProvider
    let pacer: XeroPacer
    let retry: RetryPolicy
    let timeout: Duration
    let logger: Logger
    private let counter = CallCounter()
    /// The longest `Retry-After`, in seconds, a rate-limited call waits out: Xero's minute limit
    /// asks for under a minute.
    static let longestRateLimitWait = 300

    public init(
        endpoints: XeroEndpoints, tenantID: String, transport: any HTTPTransport, tokens: XeroTokenProvider,
        pacer: XeroPacer, retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(60), logger: Logger
    ) {
        self.endpoints = endpoints
        self.tenantID = tenantID
        self.transport = transport
        self.tokens = tokens
        self.pacer = pacer
        self.retry = retry
        self.timeout = timeout
        self.logger = logger
    }

    /// API requests sent (each attempt counts, as Xero counts them).
    public var callsMade: Int { counter.value }

    /// How often calls waited for the tenant's limits (a 429's `Retry-After` included), and how long.
    public var rateLimitWaits: PacingWaits {
        get async { await pacer.waits }
    }

    /// What Xero last said was left of the tenant's daily calls.
    public var dayRemaining: Int? {
        get async { await pacer.dayRemaining }
    }

    /// Sends a request to the accounting API and returns a 2xx response; any other ends in a
    /// ``XeroError``.
    ///
    /// - Parameters:
    ///   - path: below the API base: `/Invoices`.
    ///   - idempotencyKey: sent on writes; at most 128 characters, never empty.
    public func send(
        _ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        ifModifiedSince: Date? = nil, idempotencyKey: String? = nil
    ) async throws(XeroError) -> HTTPResult {
        var url = endpoints.api + path
        if !query.isEmpty { url += "?" + FormEncoding.encode(query) }
        let display = path + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        var failures = 0
        var rateLimitWaits = 0
        var rejectedToken: String?
        var generator = SystemRandomNumberGenerator()
        while true {
            let token = try await tokens.accessToken()
            var headers = [
                ("Authorization", "Bearer \(token)"), ("xero-tenant-id", tenantID), ("Accept", "application/json"),
            ]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            if let ifModifiedSince { headers.append(("If-Modified-Since", HTTPDates.ifModifiedSince(ifModifiedSince))) }
            if let idempotencyKey, !idempotencyKey.isEmpty { headers.append(("Idempotency-Key", idempotencyKey)) }
            try await pacer.begin()
            counter.increment()
            let (outcome, elapsed) = await transport.attempt(
                HTTPRequestSpec(method: method, url: url, headers: headers, body: body, timeout: timeout))
            switch outcome {
            case .failure(let error):
                await pacer.end(minuteRemaining: nil, dayRemaining: nil)
                failures += 1
                logger.info(
                    "xero call failed",
                    metadata: ["call": "\(method) \(display)", "error": "\(error)", "attempt": "\(failures)"])
                guard failures < retry.attempts else {
                    throw .unavailable("\(method) \(path) failed \(failures) times; the last: \(error.description)")
                }
                try? await Task.sleep(for: retry.delay(afterFailures: failures, using: &generator))
            case .success(let result):
                await pacer.end(
                    minuteRemaining: result.header("X-MinLimit-Remaining").flatMap { Int($0) },
                    dayRemaining: result.header("X-DayLimit-Remaining").flatMap { Int($0) })
                logger.debug(
                    "xero call",
                    metadata: [
                        "call": "\(method) \(display)", "status": "\(result.status)",
                        "ms":
                            "\(elapsed.wholeMilliseconds)",
                    ])
                switch result.status {
                case 200..<300:
                    return result
                case 401 where rejectedToken != token:
                    // Renew once per token: a token that was replaced while this call waited is
                    // not a reason to give up.
                    rejectedToken = token
                    try await tokens.invalidate(token)
                case 401, 403:
                    throw .notAuthorised(
                        "Xero refused this connection's access to the organisation (HTTP \(result.status)); run 'trueup connect xero' again"
                    )
                case 429:
                    let retryAfter = result.header("Retry-After").flatMap {
                        Int($0.trimmingCharacters(in: .whitespaces))
                    }
                    let problem = result.header("X-Rate-Limit-Problem")?.lowercased() ?? "minute"
                    if problem == "day" { throw .dayLimitReached(retryAfter: retryAfter) }
                    rateLimitWaits += 1
                    guard rateLimitWaits <= retry.rateLimitWaits else {
                        throw .unavailable("\(method) \(path) was rate limited \(rateLimitWaits) times in a row")
                    }
                    // A minute's limit asks for seconds; a wait longer than a run should sit idle
                    // (a misbehaving proxy, a day's limit not marked as one) ends the call instead.
                    if let retryAfter, retryAfter > Self.longestRateLimitWait {
                        throw .unavailable(
                            "\(method) \(path) was rate limited and Xero asked to wait "
                                + "\(XeroError.describe(seconds: retryAfter)), longer than a run waits "
                                + "(\(XeroError.describe(seconds: Self.longestRateLimitWait))); run again later")
                    }
                    let wait: Duration = .seconds(max(1, retryAfter ?? 1))
                    logger.notice(
                        "xero rate limit; waiting",
                        metadata: ["problem": "\(problem)", "seconds": "\(wait.components.seconds)"])
                    await pacer.pause(for: wait)
                case 500..<600:
                    failures += 1
                    logger.info(
                        "xero unavailable",
                        metadata: [
                            "call": "\(method) \(display)", "status": "\(result.status)", "attempt": "\(failures)",
                        ])
                    guard failures < retry.attempts else {
                        throw .unavailable("\(method) \(path) answered HTTP \(result.status) \(failures) times")
                    }
                    try? await Task.sleep(for: retry.delay(afterFailures: failures, using: &generator))
                default:
                    throw .refused(status: result.status, message: XeroProblem.message(in: result.body))
                }
            }
        }
    }
}

/// `If-Modified-Since` as Xero reads it: UTC, to the second, as the spec's date-time
/// (`2026-11-20T09:00:00Z`).
enum HTTPDates {
    static func ifModifiedSince(_ date: Date) -> String {
        ISOTimestamp.format(date)
    }
}
