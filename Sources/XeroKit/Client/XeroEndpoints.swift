/// Where Xero's identity service and API live: Xero's own hosts, or a sandbox's.
public struct XeroEndpoints: Sendable, Hashable, Codable {
    /// The page a person signs in on to grant access.
    public var authorize: String
    public var token: String
    public var connections: String
    /// The accounting API's base, without a trailing slash.
    public var api: String

    public init(authorize: String, token: String, connections: String, api: String) {
        self.authorize = authorize
        self.token = token
        self.connections = connections
        self.api = api
    }

    public static let xero = XeroEndpoints(
        authorize: "https://login.xero.com/identity/connect/authorize",
        token: "https://identity.xero.com/connect/token",
        connections: "https://api.xero.com/connections",
        api: "https://api.xero.com/api.xro/2.0")

    /// Every endpoint under one base URL, each at its real path: how the sandbox serves them.
    public static func at(_ base: String) -> XeroEndpoints {
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        return XeroEndpoints(
            authorize: root + "/identity/connect/authorize", token: root + "/connect/token",
            connections: root + "/connections", api: root + "/api.xro/2.0")
    }

    /// Xero's endpoints, or `at(base)` when a base is given.
    public static func resolve(base: String?) -> XeroEndpoints {
        base.map(at) ?? .xero
    }

    /// The base URL these endpoints share, when they were made by ``at(_:)``; `nil` for Xero's own.
    public var sharedBase: String? {
        guard api.hasSuffix("/api.xro/2.0") else { return nil }
        let base = String(api.dropLast("/api.xro/2.0".count))
        return Self.at(base) == self ? base : nil
    }
}
