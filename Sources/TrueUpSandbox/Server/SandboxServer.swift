import Foundation
import Hummingbird
public import Logging
import ServiceLifecycle

/// Serves emulated APIs over real HTTP on one port, for tests and `trueup demo`.
public enum SandboxServer {
    /// Starts serving `xero`, `magento` or both on `host:port` (port 0 picks a free one) and
    /// returns once the server listens, with the port it bound. Xero answers on its own paths
    /// (`/connect/token`, `/api.xro/2.0/…`), Magento under `/rest/…`. Stop it with
    /// ``RunningSandbox/stop()``. Throws when given neither.
    public static func start(
        xero: XeroSandbox? = nil, magento: MagentoSandbox? = nil, host: String = "127.0.0.1", port: Int = 0,
        logger: Logger
    )
        async throws -> RunningSandbox
    {
        var routes: [any SandboxRoutes] = []
        if let xero { routes.append(XeroRoutes(sandbox: xero, logger: logger)) }
        if let magento { routes.append(MagentoRoutes(sandbox: magento, logger: logger)) }
        guard !routes.isEmpty else {
            throw SandboxServerError(message: "nothing to serve: give a Xero sandbox, a Magento sandbox or both")
        }
        return try await start(routes: routes, host: host, port: port, logger: logger)
    }

    /// Starts serving every API in `routes` on one port.
    static func start(
        routes: [any SandboxRoutes], host: String, port: Int, logger: Logger
    ) async throws
        -> RunningSandbox
    {
        let router = Router(context: BasicRequestContext.self)
        for api in routes { api.add(to: router) }

        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: logger)
        // A call held by a `hang` fault must not keep the server up for long after `stop()`.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(1)
        let group = ServiceGroup(configuration: groupConfiguration)
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            // The server stopped before it listened: report why.
            try await task.value
            throw SandboxServerError(message: "the sandbox server on \(host):\(port) stopped before it listened")
        }
        return RunningSandbox(host: host, port: bound, group: group, task: task)
    }
}

/// A sandbox server that is running.
public struct RunningSandbox: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let host: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.task = task
    }

    /// `http://127.0.0.1:PORT`: where clients reach the server.
    public var baseURL: String {
        let reachable = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return "http://\(reachable.contains(":") ? "[\(reachable)]" : reachable):\(port)"
    }

    /// Stops the server gracefully: calls in flight may finish for up to a second (a call held by
    /// a fault is then cancelled), and the function returns once the server has closed.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// The sandbox server could not start.
public struct SandboxServerError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public var description: String { message }
}
