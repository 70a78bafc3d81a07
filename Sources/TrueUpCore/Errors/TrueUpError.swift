/// An error a person can act on: what went wrong and what to do about it, in one line.
///
/// Kinds are distinguished by a private code so that new ones can be added without breaking
/// callers; compare with the static members (`error.kind == .usage`).
public struct TrueUpError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable {
        fileprivate let code: Int

        /// The input (a file, a body from an API) is not what it must be.
        public static let badInput = Kind(code: 1)
        /// The command was used wrongly: a bad argument or option value.
        public static let usage = Kind(code: 2)
        /// Something asked for does not exist: a conflict id, a run, a period.
        public static let notFound = Kind(code: 3)
        /// The state database cannot be used.
        public static let state = Kind(code: 4)
        /// The request is valid but not now: a conflict already closed, a resolution that does not fit.
        public static let refused = Kind(code: 5)
        /// Another run holds the pair.
        public static let locked = Kind(code: 6)
        /// Writing a report or file failed.
        public static let output = Kind(code: 7)
        /// The run stopped early for a reason that passes (Xero's daily limit); what was done is
        /// recorded and the next run resumes.
        public static let partial = Kind(code: 8)
        /// A remote API failed or refused the request.
        public static let remote = Kind(code: 9)
    }

    public let kind: Kind
    /// What went wrong and, where it helps, what to do: `conflict 12 is already resolved; see 'trueup conflicts show 12'`.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func badInput(_ message: String) -> TrueUpError { TrueUpError(.badInput, message) }
    public static func usage(_ message: String) -> TrueUpError { TrueUpError(.usage, message) }
    public static func notFound(_ message: String) -> TrueUpError { TrueUpError(.notFound, message) }
    public static func state(_ message: String) -> TrueUpError { TrueUpError(.state, message) }
    public static func refused(_ message: String) -> TrueUpError { TrueUpError(.refused, message) }
    public static func output(_ message: String) -> TrueUpError { TrueUpError(.output, message) }
}
