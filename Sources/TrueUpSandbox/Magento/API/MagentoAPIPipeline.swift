import Foundation
import TrueUpCore

/// How one request travels through the emulated Magento: the route (404 `Request does not
/// match any route.`, also for a known path with another method), the bearer token for
/// everything but the admin token call (401 naming the ACL resource), then any injected
/// fault, then the operation. Every call is recorded (``MagentoSandbox/calls()``) and goes to
/// the exchange log when one is configured — the admin token call with its password and the
/// token it got replaced by `[redacted]`, so that its shape is still checked — but for bodies a
/// `malformedBody` fault cut short.
extension MagentoSandbox {
    /// Answers one request, however long a fault makes it wait.
    func respond(to request: SandboxRequest) async -> SandboxResponse {
        let arrived = now
        func finish(_ response: SandboxResponse, fault: Bool = false, logged: Bool = true) -> SandboxResponse {
            let call = SandboxCall(
                method: request.method, path: request.path, query: request.query, status: response.status,
                idempotencyKey: request.header("idempotency-key"), date: arrived, fault: fault)
            state.withLock { $0.calls.append(call) }
            if logged, let exchangeLog {
                if MagentoEndpoint.resolve(method: request.method, path: request.path, msi: true) == .adminToken {
                    let (redactedRequest, redactedResponse) = Self.redacted(request, response)
                    exchangeLog.append(request: redactedRequest, response: redactedResponse, fault: fault)
                } else {
                    exchangeLog.append(request: request, response: response, fault: fault)
                }
            }
            return response
        }

        guard
            let endpoint = MagentoEndpoint.resolve(method: request.method, path: request.path, msi: configuration.msi)
        else { return finish(MagentoResponses.noRoute()) }
        if endpoint != .adminToken, !isAuthorized(request, now: arrived) {
            return finish(MagentoResponses.unauthorized(endpoint.aclResource))
        }
        let fault = state.withLock { state in
            state.faults.take(method: request.method, path: request.path) { path in
                MagentoEndpoint.resolve(method: "POST", path: path, msi: true) != .adminToken
            }
        }
        return await SandboxFault.answer(fault, with: Self.faultAnswers) { response in
            finish(response, fault: fault != nil, logged: fault != .malformedBody)
        } work: {
            answering.measure { MagentoOperations.respond(endpoint, request, sandbox: self, now: arrived) }
        }
    }

    /// The admin token call as the exchange log keeps it: the password and the token become
    /// `[redacted]`, the shapes stay.
    static func redacted(_ request: SandboxRequest, _ response: SandboxResponse) -> (SandboxRequest, SandboxResponse) {
        var request = request
        if case .object(var body)? = try? JSONParser.parse(request.body), body["password"] != nil {
            body["password"] = .string("[redacted]")
            request.body = JSONWriter.bytes(.object(body))
        }
        var response = response
        if case .string? = try? JSONParser.parse(response.body) {
            response.body = JSONWriter.bytes(.string("[redacted]"))
        }
        return (request, response)
    }

    /// Magento's answers to an injected 429 or 503.
    static let faultAnswers = FaultAnswers(
        tooManyRequests: { problem, retryAfter in
            MagentoResponses.tooManyRequests(problem: problem, retryAfter: retryAfter)
        },
        serviceUnavailable: { MagentoResponses.serviceUnavailable() })

    /// Whether the request carries `Authorization: Bearer <token>` with an admin token that has
    /// not expired or a configured integration token.
    private func isAuthorized(_ request: SandboxRequest, now: Date) -> Bool {
        guard let header = request.header("authorization") else { return false }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        if configuration.integrationTokens.contains(token) { return true }
        return state.withLock { $0.auth.isValid(token, now: now) }
    }
}
