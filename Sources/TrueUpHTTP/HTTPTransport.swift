import Foundation

/// One HTTP request as an API client sends it.
public struct HTTPRequestSpec: Sendable {
    public var method: String
    public var url: String
    /// Header names as sent; values never logged for `Authorization`.
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// How long to wait for the whole response.
    public var timeout: Duration

    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil, timeout: Duration)
    {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A response: its status, headers (names compared case-insensitively) and body.
public struct HTTPResult: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no usable response.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No complete response in time: the request may or may not have taken effect.
    case timeout
    /// The connection failed or closed early.
    case connection(String)
    /// The body was larger than the cap.
    case bodyTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .timeout: "no response in time"
        case .connection(let reason): "the connection failed: \(reason)"
        case .bodyTooLarge(let limit): "the response was larger than \(limit) bytes"
        }
    }
}

/// Sends requests. The real one is ``AsyncHTTPTransport``; tests may record or script exchanges.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestSpec) async throws(TransportError) -> HTTPResult
}

extension HTTPTransport {
    /// Sends `request` once and returns what came of it, an answer or the reason there was none,
    /// with how long it took: what a client's retry loop decides on.
    public func attempt(
        _ request: HTTPRequestSpec
    ) async -> (outcome: Result<HTTPResult, TransportError>, elapsed: Duration) {
        let started = ContinuousClock.now
        let outcome: Result<HTTPResult, TransportError>
        do {
            outcome = .success(try await send(request))
        } catch {
            outcome = .failure(error)
        }
        return (outcome, ContinuousClock.now - started)
    }
}
