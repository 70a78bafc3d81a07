import Foundation
import Synchronization
public import XeroKit

/// A transport that answers from a script, in order, and keeps every request it was sent: what the
/// Xero and Magento client tests hand their clients in place of a network.
public final class ScriptedTransport: HTTPTransport {
    /// One scripted answer: a response, or a failure to get one.
    public enum Step: Sendable {
        case respond(HTTPResult)
        case fail(TransportError)
    }

    /// What requests beyond the script get unless a test says otherwise: a 500 whose body, in the
    /// shape Magento's errors take, says the request was not scripted.
    public static let notScripted = HTTPResult(status: 500, body: Array(#"{"message":"not scripted"}"#.utf8))

    private let state: Mutex<(steps: [Step], requests: [HTTPRequestSpec])>
    /// Answer for requests beyond the script.
    private let fallback: @Sendable (HTTPRequestSpec) -> HTTPResult

    public init(
        _ steps: [Step] = [],
        fallback: @escaping @Sendable (HTTPRequestSpec) -> HTTPResult = { _ in ScriptedTransport.notScripted }
    ) {
        state = Mutex((steps, []))
        self.fallback = fallback
    }

    /// Every request sent so far, in order.
    public var requests: [HTTPRequestSpec] { state.withLock { $0.requests } }

    /// Steps not yet used.
    public var remaining: Int { state.withLock { $0.steps.count } }

    public func send(_ request: HTTPRequestSpec) async throws(TransportError) -> HTTPResult {
        let step: Step? = state.withLock { state in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let result)?: return result
        case .fail(let error)?: throw error
        case nil: return fallback(request)
        }
    }
}

extension HTTPRequestSpec {
    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}
