public import TrueUpCore

/// Why a Magento call did not give what was asked, in words a person can act on.
public struct MagentoError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable {
        fileprivate let code: Int

        /// Magento refused the credentials or the token (401), or the user lacks a permission (403).
        public static let notAuthorised = Kind(code: 1)
        /// Magento refused the request (a 4xx other than 401, 403 and 404) with its reason;
        /// sending it again will not change that.
        public static let refused = Kind(code: 2)
        /// 404: a wrong shop URL or store code for a collection, a missing record for one SKU or order.
        public static let notFound = Kind(code: 3)
        /// No usable answer after every retry (5xx, timeouts, lost connections): the request may
        /// or may not have taken effect.
        public static let unavailable = Kind(code: 4)
        /// A 2xx answer that cannot be read.
        public static let badResponse = Kind(code: 5)
    }

    public let kind: Kind
    /// The request it is about: `GET /V1/orders`.
    public let call: String?
    /// The HTTP status, when Magento answered.
    public let status: Int?
    /// Magento's own `message`, its `%1` parameters filled in, when it gave one.
    public let reason: String?
    /// What went wrong and what to do about it.
    public let message: String

    public init(_ kind: Kind, call: String? = nil, status: Int? = nil, reason: String? = nil, _ message: String) {
        self.kind = kind
        self.call = call
        self.status = status
        self.reason = reason
        self.message = message
    }

    public var description: String { message }

    /// The error as the command line reports it.
    public var trueUpError: TrueUpError {
        TrueUpError(kind == .notAuthorised ? .refused : .remote, message)
    }
}
