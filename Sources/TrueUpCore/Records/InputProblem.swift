/// A record that could not be read, kept instead of dropped: the file or endpoint, where in it,
/// what it was about (so that the subject lands in the conflict queue rather than being guessed
/// at), and what is wrong.
public struct InputProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a bad record makes uncertain.
    public enum Subject: Sendable, Hashable, Codable {
        /// A storefront SKU.
        case sku(String)
        /// A Xero item code.
        case itemCode(String)
        /// A storefront order, by number: every SKU on it is uncertain.
        case order(String)
        /// A storefront refund, by number.
        case refund(String)
        /// A Xero document whose `Reference` is this text (an order or refund number).
        case reference(String)
        /// A Xero document, by id or path, that posts no storefront order or refund (a bill, an
        /// invoice without a reference): it affects no SKU, but is kept for a person to see.
        case document(String)
        /// Nothing that can be pinned down: the whole input is in doubt.
        case unknown
    }

    /// The file or endpoint: `xero/Items.json`, `GET /Items`.
    public var source: String
    public var subject: Subject
    /// `Items[3].QuantityOnHand: expected a number, found "abc"`.
    public var message: String

    public init(source: String, subject: Subject, message: String) {
        self.source = source
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
