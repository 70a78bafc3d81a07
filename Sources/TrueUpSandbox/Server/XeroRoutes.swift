import Foundation
import Hummingbird
import Logging

/// The emulated Xero's routes, added to a shared router so that other emulated APIs (a storefront)
/// can be served on the same port: Xero's identity endpoints, `/connections` and everything under
/// `/api.xro/2.0/` (the sandbox resolves the endpoint itself, so that unknown paths are answered,
/// recorded and logged like Xero's 404s).
///
/// Each call is logged once at info level as `sandbox.xero.call` — method, path and query,
/// status, milliseconds and idempotency key — never a header value, a token, a secret or a
/// token-endpoint body.
struct XeroRoutes: SandboxRoutes {
    let sandbox: XeroSandbox
    let logger: Logger

    /// The largest request body read (Xero takes up to 3.5 MB per request).
    static let maximumBodySize = 4 * 1024 * 1024

    func add(to router: Router<BasicRequestContext>) {
        router.get(RouterPath(XeroPaths.authorize), use: serve)
        router.post(RouterPath(XeroPaths.token), use: serve)
        router.get(RouterPath(XeroPaths.connections), use: serve)
        // Xero's own SDKs ask for `/Connections`; Xero answers either spelling.
        router.get(RouterPath("/Connections"), use: serve)
        for method in [HTTPRequest.Method.get, .put, .post, .delete, .patch] {
            router.on(RouterPath(XeroPaths.api + "**"), method: method, use: serve)
        }
    }

    @Sendable func serve(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        await exchange(
            request, maximumBodySize: Self.maximumBodySize, logger: logger, message: "sandbox.xero.call",
            metadata: { incoming in
                guard let key = incoming.header("idempotency-key") else { return [:] }
                return ["xero.idempotency_key": "\(key)"]
            },
            respond: sandbox.respond(to:))
    }
}
