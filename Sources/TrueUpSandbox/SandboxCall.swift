public import Foundation

/// One call a sandbox answered, for tests to count and inspect.
public struct SandboxCall: Sendable, Equatable {
    public let method: String
    /// The path without the query, e.g. `/api.xro/2.0/Invoices` or `/rest/default/V1/orders`.
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
