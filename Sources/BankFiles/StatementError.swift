/// A statement or payout file could not be read at all: what went wrong, naming the file (and the line
/// where there is one), and what to do about it.
///
/// `bank/november.xml is refused: it has a DOCTYPE, which a bank statement never needs (its entities
/// could read files or expand without bound); export the statement again from the bank`
///
/// A file that can be read but has bad entries or rows does not throw: each bad one becomes an
/// `InputProblem` next to the lines that were read. Kinds are told apart by a private code so that new
/// ones can be added without breaking callers; compare with the static members
/// (`error.kind == .refused`).
public struct StatementError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable {
        fileprivate let code: Int

        /// The file cannot be opened or read: it does not exist, is a folder, or is too large.
        public static let unreadable = Kind(code: 1)
        /// The file is refused for safety: an XML document with a DOCTYPE.
        public static let refused = Kind(code: 2)
        /// The file is not a well-formed document of its format, or not a statement at all.
        public static let malformed = Kind(code: 3)
        /// A CSV file needs a column mapping, or the mapping does not fit the file's header.
        public static let mapping = Kind(code: 4)
    }

    public let kind: Kind
    /// What went wrong, naming the file, and what to do.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func unreadable(_ message: String) -> StatementError { StatementError(.unreadable, message) }
    static func refused(_ message: String) -> StatementError { StatementError(.refused, message) }
    static func malformed(_ message: String) -> StatementError { StatementError(.malformed, message) }
    static func mapping(_ message: String) -> StatementError { StatementError(.mapping, message) }
}
