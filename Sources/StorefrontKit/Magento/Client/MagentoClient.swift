public import Foundation
public import Logging
public import TrueUpCore
// The transport MagentoClient is built on is part of its API: callers pass one in.
@_exported public import TrueUpHTTP

/// One shop's REST API (`<base>/rest/<store>/V1/…`): every request authorised, retried when the
/// shop is briefly unavailable, and counted.
///
/// Authorisation: an integration's token is sent as it is; an admin login is exchanged for a
/// token (`POST /V1/integration/admin/token`), which is kept and renewed after
/// ``adminTokenRenewal``, well inside Magento's 4 hours. A 401 renews an admin token and sends
/// once more (unless another caller replaced the token meanwhile, the new one is fetched); a 401
/// with the renewed token is final, as Magento also answers 401 when the user's role lacks the
/// API resource.
///
/// Retries: a 5xx, a 429, a timeout or a lost connection is sent again after a jittered backoff,
/// at most ``RetryPolicy/attempts`` times in all. Only requests that are safe to repeat are sent
/// again after a timeout, a lost connection or a 5xx (Magento may have done the work before the
/// answer was lost); ``send(_:_:query:body:resendUnanswered:)`` with `resendUnanswered: false`
/// stops there and leaves the caller to find out what happened.
public final class MagentoClient: Sendable {
    /// How old an admin token may get before it is replaced.
    public static let adminTokenRenewal: Duration = .seconds(3 * 3600 + 1800)

    public let settings: MagentoSettings
    let transport: any HTTPTransport
    let retry: RetryPolicy
    let timeout: Duration
    let logger: Logger
    private let adminToken: MagentoAdminToken
    private let counter = CallCounter()
    private let tokenCounter = CallCounter()

    public init(
        settings: MagentoSettings, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60), logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.logger = logger
        self.adminToken = MagentoAdminToken(renewAfter: Self.adminTokenRenewal, now: now)
    }

    /// Requests sent, every attempt and every token request included.
    public var callsMade: Int { counter.value }

    /// Admin token requests sent.
    public var tokenRequests: Int { tokenCounter.value }

    /// Sends a request and returns its 2xx response; anything else ends in a ``MagentoError``.
    ///
    /// - Parameters:
    ///   - path: below `/V1`: `/orders`, `/inventory/source-items`.
    ///   - query: name–value pairs, percent-encoded here.
    ///   - body: sent as exact JSON.
    ///   - resendUnanswered: whether the request may be sent again after a timeout, a lost
    ///     connection or a 5xx. Pass `false` for a request that is not idempotent.
    public func send(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        resendUnanswered: Bool = true
    ) async throws(MagentoError) -> HTTPResult {
        let bytes = body.map { JSONWriter.bytes($0) }
        var renewed = false
        while true {
            let token = try await accessToken()
            let result = try await exchange(
                method, path, query: query, body: bytes, authorization: "Bearer \(token)",
                resendUnanswered: resendUnanswered)
            if case .admin = settings.auth, result.status == 401, !renewed {
                renewed = true
                await adminToken.discard(token)
                continue
            }
            guard (200..<300).contains(result.status) else { throw failure(result, call: "\(method) /V1\(path)") }
            return result
        }
    }

    /// The token for `Authorization: Bearer`.
    private func accessToken() async throws(MagentoError) -> String {
        switch settings.auth {
        case .bearer(let token):
            return token
        case .admin(let username, let password):
            return try await adminToken.token { [self] () throws(MagentoError) in
                try await requestAdminToken(username: username, password: password)
            }
        }
    }

    /// `POST /V1/integration/admin/token`, whose answer is the token as a JSON string.
    private func requestAdminToken(username: String, password: String) async throws(MagentoError) -> String {
        let body = JSONValue.object(JSONObject(["username": .string(username), "password": .string(password)]))
        tokenCounter.increment()
        let result = try await exchange(
            "POST", "/integration/admin/token", query: [], body: JSONWriter.bytes(body), authorization: nil,
            resendUnanswered: true)
        switch result.status {
        case 200..<300:
            guard case .string(let token)? = try? JSONParser.parse(result.body), !token.isEmpty else {
                throw MagentoError(
                    .badResponse, call: "POST /V1/integration/admin/token", status: result.status,
                    "Magento answered the admin token request with something other than a token: "
                        + "check the shop URL \(settings.baseURL) in \(settings.origin)")
            }
            logger.info("magento.token.issued", metadata: ["user": "\(username)"])
            return token
        case 401:
            let reason = MagentoProblem.message(in: result.body)
            if let reason, reason.lowercased().contains("2fa") {
                throw MagentoError(
                    .notAuthorised, call: "POST /V1/integration/admin/token", status: 401, reason: reason,
                    "Magento's two-factor authentication refuses admin tokens over REST (\(reason)): "
                        + "create an integration and give its access token in \(settings.origin) instead")
            }
            throw MagentoError(
                .notAuthorised, call: "POST /V1/integration/admin/token", status: 401, reason: reason,
                "Magento refused the admin login for user \"\(username)\"\(Self.quoted(reason)): check the admin "
                    + "username and password in \(settings.origin) (the account may also be locked after failed "
                    + "logins: unlock it under System › Permissions › Locked Users)")
        default:
            throw failure(result, call: "POST /V1/integration/admin/token")
        }
    }

    /// Sends until an answer that is not worth sending again: any but a 5xx or a 429, retrying
    /// those and transport failures as ``RetryPolicy`` allows.
    private func exchange(
        _ method: String, _ path: String, query: [(String, String)], body: [UInt8]?, authorization: String?,
        resendUnanswered: Bool
    ) async throws(MagentoError) -> HTTPResult {
        var url = settings.apiBase + path
        if !query.isEmpty { url += "?" + FormEncoding.encode(query) }
        let call = "\(method) /V1\(path)"
        var headers = [("Accept", "application/json")]
        if let authorization { headers.append(("Authorization", authorization)) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        var failures = 0
        var generator = SystemRandomNumberGenerator()
        while true {
            counter.increment()
            let (outcome, elapsed) = await transport.attempt(
                HTTPRequestSpec(method: method, url: url, headers: headers, body: body, timeout: timeout))
            let problem: String
            var mayResend = resendUnanswered
            switch outcome {
            case .failure(let error):
                problem = error.description
            case .success(let result):
                logger.debug(
                    "magento.call",
                    metadata: [
                        "call": "\(call)", "status": "\(result.status)",
                        "ms":
                            "\(elapsed.wholeMilliseconds)",
                    ])
                guard result.status >= 500 || result.status == 429 else { return result }
                // A 429 means the request was not taken: sending it again is always safe.
                if result.status == 429 { mayResend = true }
                guard mayResend else { return result }
                problem = "HTTP \(result.status)" + Self.quoted(MagentoProblem.message(in: result.body))
            }
            failures += 1
            logger.info(
                "magento.call.failed", metadata: ["call": "\(call)", "error": "\(problem)", "attempt": "\(failures)"])
            guard mayResend, failures < retry.attempts else {
                let times = failures == 1 ? "once" : "\(failures) times"
                throw MagentoError(
                    .unavailable, call: call,
                    "Magento did not answer \(call) usably (tried \(times); the last: \(problem)): "
                        + "the shop may be down or in maintenance; the next run tries again")
            }
            try? await Task.sleep(for: retry.delay(afterFailures: failures, using: &generator))
        }
    }

    /// The error for an answer that is neither 2xx nor retried.
    func failure(_ result: HTTPResult, call: String) -> MagentoError {
        let reason = MagentoProblem.message(in: result.body)
        let status = result.status
        switch status {
        case 401:
            let what: String
            switch settings.auth {
            case .admin(let username, _):
                what =
                    "Magento refused \(call) with a fresh admin token for user \"\(username)\"\(Self.quoted(reason)): "
                    + "check the admin login in \(settings.origin) and that the user's role may use this API resource"
            case .bearer:
                what =
                    "Magento refused \(call) with the integration access token\(Self.quoted(reason)): check the "
                    + "token in \(settings.origin), that the integration is active and that it may use this API "
                    + "resource (System › Integrations)"
            }
            return MagentoError(.notAuthorised, call: call, status: status, reason: reason, what)
        case 403:
            return MagentoError(
                .notAuthorised, call: call, status: status, reason: reason,
                "Magento denied \(call)\(Self.quoted(reason)): give the admin user's role or the integration "
                    + "access to this API resource")
        case 404:
            return MagentoError(
                .notFound, call: call, status: status, reason: reason,
                "Magento answered 404 to \(call)\(Self.quoted(reason)): check the shop URL \(settings.baseURL) and "
                    + "the store code \"\(settings.storeCode)\" in \(settings.origin)")
        case 500..<600:
            return MagentoError(
                .unavailable, call: call, status: status, reason: reason,
                "Magento failed \(call) (HTTP \(status))\(Self.quoted(reason)); it may or may not have taken "
                    + "effect: the next run checks and tries again")
        default:
            return MagentoError(
                .refused, call: call, status: status, reason: reason,
                "Magento refused \(call) (HTTP \(status)): \(reason ?? "no reason given")")
        }
    }

    /// ` (reason)`, or nothing.
    static func quoted(_ reason: String?) -> String {
        reason.map { " (\($0))" } ?? ""
    }
}
