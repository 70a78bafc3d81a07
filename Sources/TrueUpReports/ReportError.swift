/// A report could not be written or checked: what went wrong, naming the file, and what to do about it.
///
/// `cannot write reports/out/demo/2026-11/inventory.csv: Permission denied (check the --out folder's permissions)`
///
/// Kinds are told apart by a private code so that new ones can be added without breaking callers;
/// compare with the static members (`error.kind == .invalidDocument`).
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable {
        fileprivate let code: Int

        /// A report file could not be created, written or moved into place.
        public static let output = Kind(code: 1)
        /// An XML document is not well-formed, uses a refused feature (a DOCTYPE, entities) or does
        /// not match its schema.
        public static let invalidDocument = Kind(code: 2)
        /// The XML schema itself cannot be read or compiled.
        public static let schema = Kind(code: 3)
        /// A writer was used wrongly: a row of the wrong width, an element closed that was never
        /// opened, a write after `close()`. This is a bug in the caller, not in the data.
        public static let misuse = Kind(code: 4)
    }

    public let kind: Kind
    /// What went wrong, naming the file, and where it helps what to do.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func output(_ message: String) -> ReportError { ReportError(.output, message) }
    static func invalidDocument(_ message: String) -> ReportError { ReportError(.invalidDocument, message) }
    static func schema(_ message: String) -> ReportError { ReportError(.schema, message) }
    static func misuse(_ message: String) -> ReportError { ReportError(.misuse, message) }
}
