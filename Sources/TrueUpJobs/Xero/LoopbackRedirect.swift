import Foundation
import Hummingbird
public import Logging
import NIOCore
import Synchronization
public import TrueUpCore

/// Receives the browser's redirect after a person grants access: a one-route server on
/// 127.0.0.1 that takes the first `GET /callback?code=…&state=…` and stops.
public struct LoopbackRedirect: Sendable {
    public let port: Int
    public let logger: Logger

    public init(port: Int, logger: Logger) {
        self.port = port
        self.logger = logger
    }

    /// The redirect URI to register with the app and send in the authorisation request.
    public var redirectURI: String { Self.redirectURI(port: port) }

    static func redirectURI(port: Int) -> String { "http://localhost:\(port)/callback" }

    /// Serves until the redirect arrives or `timeout` passes; `ready` runs once the port is open,
    /// with the redirect URI on the port actually bound (port 0 picks a free one; Xero itself
    /// needs the registered one). Returns the authorisation code and that redirect URI.
    public func awaitCode(
        state expectedState: String, timeout: Duration, ready: @escaping @Sendable (String) async -> Void
    ) async throws(TrueUpError) -> (code: String, redirectURI: String) {
        let bound = Mutex(port)
        let (results, continuation) = AsyncStream<Result<String, TrueUpError>>.makeStream()
        let router = Router()
        router.get("/callback") { request, _ -> Response in
            let query = request.uri.queryParameters
            let outcome: Result<String, TrueUpError>
            if let error = query.get("error") {
                outcome = .failure(.refused("Xero did not grant access: \(error); run 'trueup connect xero' again"))
            } else if query.get("state") != expectedState {
                outcome = .failure(
                    .refused("the redirect's state does not match this request; run 'trueup connect xero' again"))
            } else if let code = query.get("code"), !code.isEmpty {
                outcome = .success(code)
            } else {
                outcome = .failure(.refused("the redirect carried no authorisation code"))
            }
            continuation.yield(outcome)
            let page: String
            switch outcome {
            case .success: page = "TrueUp is connected to Xero. You can close this window."
            case .failure(let error): page = "TrueUp could not connect: \(error.message)"
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: page + "\n")))
        }
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { [port] channel in
                let actual = channel.localAddress?.port ?? port
                bound.withLock { $0 = actual }
                await ready(Self.redirectURI(port: actual))
            }, logger: quiet)
        do {
            let code = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask {
                    try await app.run()
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw TrueUpError.refused(
                        "no redirect arrived within \(timeout.components.seconds) s; run 'trueup connect xero' again")
                }
                group.addTask {
                    for await outcome in results { return try outcome.get() }
                    return nil
                }
                while let next = try await group.next() {
                    if let code = next {
                        // Let the browser's page finish before the server stops.
                        try? await Task.sleep(for: .milliseconds(300))
                        group.cancelAll()
                        return code
                    }
                }
                throw TrueUpError.refused("the redirect listener stopped before a code arrived")
            }
            return (code, Self.redirectURI(port: bound.withLock { $0 }))
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw .refused(
                "cannot listen on 127.0.0.1:\(port) for Xero's redirect: \(error); choose another --redirect-port")
        }
    }
}
