/// An API response body that cannot be read at all: not JSON, cut short, or not the wrapper the
/// endpoint returns (Xero's `{"Items": [...]}`, Magento's `{"items": [...], "total_count": N}`).
/// Nothing from such a body is used.
///
/// Problems with single records are not errors: they become ``InputProblem``s and decoding goes on.
public struct BodyError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Kind: Sendable, Hashable {
        fileprivate let code: Int

        /// The body is not valid JSON (often a truncated download).
        public static let malformedJSON = Kind(code: 1)
        /// The body is valid JSON but not the wrapper object the endpoint returns.
        public static let unexpectedShape = Kind(code: 2)
    }

    public let kind: Kind
    /// The file or endpoint the body came from: `xero/Items.json`, `magento/orders.json`.
    public let source: String
    /// Where reading stopped (1-based), for malformed JSON.
    public let line: Int?
    public let column: Int?
    /// What is wrong, without the source and position.
    public let message: String

    public init(syntax error: JSONSyntaxError, source: String) {
        self.kind = .malformedJSON
        self.source = source
        self.line = error.line
        self.column = error.column
        self.message = error.message
    }

    public init(shape message: String, source: String) {
        self.kind = .unexpectedShape
        self.source = source
        self.line = nil
        self.column = nil
        self.message = message
    }

    /// `xero/Items.json: line 3, column 5: the document ends inside an object (truncated?); nothing
    /// in this body was used: fetch it again, or fix the file`.
    public var description: String {
        let position = line.map { line in "line \(line), column \(column ?? 1): " } ?? ""
        return "\(source): \(position)\(message); nothing in this body was used: fetch it again, or fix the file"
    }
}
