import Foundation
import Hummingbird
import Logging

/// The emulated Magento's routes, added to the shared router: everything under `/rest/` (the
/// sandbox resolves the operation itself, so that unknown paths get Magento's 404 and are
/// recorded and logged).
///
/// Each call is logged once at info level as `sandbox.magento.call` — method, path and query,
/// status and milliseconds — never a header value, a token or a body.
struct MagentoRoutes: SandboxRoutes {
    let sandbox: MagentoSandbox
    let logger: Logger

    /// The largest request body read.
    static let maximumBodySize = 8 * 1024 * 1024

    func add(to router: Router<BasicRequestContext>) {
        for method in [HTTPRequest.Method.get, .put, .post, .delete, .patch] {
            router.on(RouterPath(MagentoEndpoint.prefix + "**"), method: method, use: serve)
        }
    }

    @Sendable func serve(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        await exchange(
            request, maximumBodySize: Self.maximumBodySize, logger: logger, message: "sandbox.magento.call",
            respond: sandbox.respond(to:))
    }
}
