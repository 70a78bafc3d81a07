public import TrueUpCore

/// Why a Xero call did not give what was asked, in words a person can act on.
public enum XeroError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tenant's calls for the day are used up. `retryAfter` is Xero's `Retry-After` in seconds.
    case dayLimitReached(retryAfter: Int?)
    /// The grant is gone (expired, revoked, or a refresh token already used): connect again.
    case notAuthorised(String)
    /// Xero refused the request: a validation exception or another 4xx, with Xero's message.
    case refused(status: Int, message: String)
    /// Xero did not answer usably after every retry: 5xx, timeouts, connection failures.
    case unavailable(String)
    /// A response that cannot be read.
    case badResponse(String)

    public var description: String {
        switch self {
        case .dayLimitReached(let retryAfter):
            let when = retryAfter.map { " (Xero says retry in \(Self.describe(seconds: $0)))" } ?? ""
            return
                "Xero's daily call limit for this organisation is used up\(when); the next run resumes where this one stopped"
        case .notAuthorised(let message): return message
        case .refused(let status, let message): return "Xero refused the request (HTTP \(status)): \(message)"
        case .unavailable(let message): return "Xero is unavailable: \(message)"
        case .badResponse(let message): return "Xero sent a response that cannot be read: \(message)"
        }
    }

    static func describe(seconds: Int) -> String {
        seconds >= 3600
            ? "\(seconds / 3600) h \(seconds % 3600 / 60) min" : seconds >= 60 ? "\(seconds / 60) min" : "\(seconds) s"
    }

    /// The error as the command line reports it: a day limit is a partial run (exit 3).
    public var trueUpError: TrueUpError {
        switch self {
        case .dayLimitReached: TrueUpError(.partial, description)
        case .notAuthorised: TrueUpError(.refused, description)
        case .refused, .unavailable, .badResponse: TrueUpError(.remote, description)
        }
    }
}
