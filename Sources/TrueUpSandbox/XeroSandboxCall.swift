public import Foundation

/// One call the sandbox answered, for tests to count and inspect.
public struct XeroSandboxCall: Sendable, Equatable {
    public let method: String
    /// The path without the query, e.g. `/api.xro/2.0/Invoices`.
    public let path: String
    /// The raw query without `?`; empty when there was none.
    public let query: String
    public let status: Int
    /// The `Idempotency-Key` the request carried, if any.
    public let idempotencyKey: String?
    /// When the call arrived, by the sandbox's clock.
    public let date: Date
    /// Whether an injected fault answered it.
    public let fault: Bool

    public init(
        method: String, path: String, query: String, status: Int, idempotencyKey: String?, date: Date,
        fault: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.idempotencyKey = idempotencyKey
        self.date = date
        self.fault = fault
    }
}

/// The paths the emulated Xero answers on.
enum XeroPaths {
    static let api = "/api.xro/2.0/"
    static let authorize = "/identity/connect/authorize"
    static let token = "/connect/token"
    static let connections = "/connections"
}
