import Foundation
import Hummingbird
import Logging
import TrueUpCore

/// One emulated API's part of the server: the routes it answers. Each API adds its own, so that
/// several (Xero, a storefront) share one port.
protocol SandboxRoutes: Sendable {
    func add(to router: Router<BasicRequestContext>)
}

extension SandboxRoutes {
    /// Answers one call through an emulated API: reads the body whole (up to `maximumBodySize`,
    /// else 413), hands the request to `respond`, logs the call once at info level as `message`
    /// — method, path and query, status, milliseconds, and `metadata` — and converts the answer.
    /// Header values, tokens and bodies are never logged.
    func exchange(
        _ request: Request, maximumBodySize: Int, logger: Logger, message: Logger.Message,
        metadata extra: (SandboxRequest) -> Logger.Metadata = { _ in [:] },
        respond: (SandboxRequest) async -> SandboxResponse
    ) async -> Response {
        let started = ContinuousClock.now
        var request = request
        let body: [UInt8]
        do {
            body = Array(try await request.collectBody(upTo: maximumBodySize).readableBytesView)
        } catch {
            return Response(status: .contentTooLarge)
        }
        let incoming = SandboxRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) }, body: body)
        let answer = await respond(incoming)
        let elapsed = ContinuousClock.now - started
        var metadata: Logger.Metadata = [
            "http.method": "\(incoming.method)",
            "http.target": "\(incoming.target)",
            "http.status": "\(answer.status)",
            "duration.ms":
                "\(elapsed.wholeMilliseconds)",
        ]
        metadata.merge(extra(incoming)) { $1 }
        logger.info(message, metadata: metadata)
        return Self.response(answer)
    }

    /// The server library's response for an emulated API's answer.
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
