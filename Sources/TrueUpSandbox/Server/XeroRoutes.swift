import Foundation
import Hummingbird
import Logging

/// The emulated Xero's routes, added to a shared router so that other emulated APIs (a storefront)
/// can be served on the same port: Xero's identity endpoints, `/connections` and everything under
/// `/api.xro/2.0/` (the sandbox resolves the endpoint itself, so that unknown paths are answered,
/// recorded and logged like Xero's 404s).
///
/// Each call is logged once at info level — method, path and query, status, milliseconds and
/// idempotency key — never a header value, a token, a secret or a token-endpoint body.
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
        let started = ContinuousClock.now
        var request = request
        let body: [UInt8]
        do {
            body = Array(try await request.collectBody(upTo: Self.maximumBodySize).readableBytesView)
        } catch {
            return Response(status: .contentTooLarge)
        }
        let incoming = SandboxRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) }, body: body)
        let answer = await sandbox.respond(to: incoming)
        let elapsed = ContinuousClock.now - started
        var metadata: Logger.Metadata = [
            "http.method": "\(incoming.method)",
            "http.target": "\(incoming.target)",
            "http.status": "\(answer.status)",
            "duration.ms":
                "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ]
        if let key = incoming.header("idempotency-key") { metadata["xero.idempotency_key"] = "\(key)" }
        logger.info("sandbox.xero.call", metadata: metadata)
        return Self.response(answer)
    }

    static func response(_ answer: SandboxResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            guard let fieldName = HTTPFields.Element.Name(name) else { continue }
            headers.append(HTTPFields.Element(name: fieldName, value: value))
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
