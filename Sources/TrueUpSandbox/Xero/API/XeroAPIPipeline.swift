import Foundation
import TrueUpCore

/// How one request travels through the emulated Xero.
///
/// For `/api.xro/2.0/…`: the bearer token (401), the `xero-tenant-id` (403), `Accept` (406: Xero
/// answers XML unless asked for JSON, and the sandbox speaks only JSON), the endpoint (404, 501
/// for what the sandbox does not emulate), the token's scopes (403), the `Idempotency-Key` (400
/// when empty or over 128 characters), the rate limits (429; only calls that pass them count),
/// then any injected fault, then the idempotent replay or the operation itself. Every response
/// carries the `X-…Limit-Remaining` headers. Every call is recorded (``XeroSandbox/calls()``) and
/// accounting-API exchanges go to the exchange log when one is configured.
extension XeroSandbox {
    /// Answers one request, however long a fault makes it wait.
    func respond(to request: SandboxRequest) async -> SandboxResponse {
        let arrived = now
        if request.path.hasPrefix(XeroPaths.api) {
            return await respondToAPI(request, arrived: arrived)
        }
        let fault = takeFault(request)
        return await SandboxFault.answer(fault, with: Self.faultAnswers) { response in
            record(request, response, arrived: arrived, fault: fault != nil)
            return response
        } work: {
            switch (request.method, request.path) {
            case ("GET", XeroPaths.authorize): authorize(request)
            case ("POST", XeroPaths.token): token(request)
            case ("GET", let path) where path.lowercased() == XeroPaths.connections: connections(request)
            default: XeroResponses.notFound()
            }
        }
    }

    private func respondToAPI(_ request: SandboxRequest, arrived: Date) async -> SandboxResponse {
        func finish(
            _ response: SandboxResponse, _ remaining: XeroRateLimiter.Remaining? = nil, fault: Bool = false,
            logged: Bool = true
        ) -> SandboxResponse {
            var response = response
            let left = remaining ?? state.withLock { $0.limiter.remaining(now: arrived) }
            for (name, value) in left.headers { response.setHeader(name, value) }
            record(request, response, arrived: arrived, fault: fault)
            if logged { exchangeLog?.append(request: request, response: response, fault: fault) }
            return response
        }

        if let refusal = refuseAccess(request, now: arrived) { return finish(refusal) }
        guard let tenant = request.header("xero-tenant-id"),
            tenant.lowercased() == configuration.tenantID.lowercased()
        else { return finish(XeroResponses.forbidden("AuthenticationUnsuccessful")) }
        guard request.header("accept")?.lowercased().contains("json") == true else {
            return finish(
                .text(
                    406,
                    "Send Accept: application/json. Xero answers XML without it; the TrueUp sandbox speaks only JSON."
                ))
        }

        let endpoint: XeroEndpoint
        switch XeroEndpoint.resolve(method: request.method, path: request.path) {
        case .endpoint(let resolved): endpoint = resolved
        case .response(let response): return finish(response)
        }
        guard endpoint.resource.allows(scopes: scopes(request, now: arrived), write: endpoint.isWrite) else {
            return finish(XeroResponses.forbidden("AuthorizationUnsuccessful"))
        }
        let key = endpoint.isWrite ? request.header("idempotency-key") : nil
        if let key, let problem = XeroIdempotencyStore.problem(with: key) {
            return finish(XeroResponses.badRequest(.validation, problem))
        }

        let remaining: XeroRateLimiter.Remaining
        switch state.withLock({ $0.limiter.admit(now: arrived) }) {
        case .refused(let problem, let retryAfter, let left):
            return finish(XeroResponses.tooManyRequests(problem: problem, retryAfter: retryAfter), left)
        case .admitted(let left):
            remaining = left
        }
        defer { state.withLock { $0.limiter.release() } }

        let fault = takeFault(request)
        return await SandboxFault.answer(fault, with: Self.faultAnswers) { response in
            finish(response, remaining, fault: fault != nil, logged: fault != .malformedBody)
        } work: {
            answering.measure { perform(endpoint, request, idempotencyKey: key) }
        }
    }

    /// Runs the operation, or replays the response its idempotency key already got. Both happen
    /// under the state's lock, so two requests with one key never both run.
    private func perform(
        _ endpoint: XeroEndpoint, _ request: SandboxRequest, idempotencyKey key: String?
    )
        -> SandboxResponse
    {
        let now = now
        return state.withLock { state in
            if let key, let stored = state.idempotency.response(for: key) { return stored }
            let response = XeroOperations.respond(endpoint, request, store: &state.store, now: now)
            if let key { state.idempotency.keep(response, for: key) }
            return response
        }
    }

    /// Xero's answers to an injected 429 or 503.
    static let faultAnswers = FaultAnswers(
        tooManyRequests: { problem, retryAfter in
            XeroResponses.tooManyRequests(problem: problem, retryAfter: retryAfter)
        },
        serviceUnavailable: { XeroResponses.serviceUnavailable() })

    /// The earliest injected fault that matches the call. One injected without a path prefix
    /// matches only `/api.xro/2.0` calls; with a prefix, any path (so `/connect/token` can fail too).
    private func takeFault(_ request: SandboxRequest) -> SandboxFault? {
        state.withLock { state in
            state.faults.take(method: request.method, path: request.path) { $0.hasPrefix(XeroPaths.api) }
        }
    }

    private func record(_ request: SandboxRequest, _ response: SandboxResponse, arrived: Date, fault: Bool) {
        let call = SandboxCall(
            method: request.method, path: request.path, query: request.query, status: response.status,
            idempotencyKey: request.header("idempotency-key"), date: arrived, fault: fault)
        state.withLock { $0.calls.append(call) }
    }
}
