/// A conflict as a plan raises it; the store turns it into a new or updated queue entry.
public struct ConflictDraft: Sendable, Hashable, Codable {
    public var kind: ConflictKind
    /// What the conflict is about: a storefront SKU for inventory and mapping conflicts.
    public var subject: ConflictSubject
    public var reason: String
    /// One sentence that says what is wrong and what a person can do.
    public var message: String
    /// What Xero showed, as text (`QuantityOnHand 12`, or the item code).
    public var xeroValue: String?
    /// What the storefront showed.
    public var storeValue: String?
    /// The figures behind the decision, in order: base, xero_qoh, in_flight, projected, ...
    public var details: [Detail]
    /// Suggested resolutions or item codes, best first.
    public var suggestions: [String]

    public struct Detail: Sendable, Hashable, Codable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        kind: ConflictKind, subject: ConflictSubject, reason: String, message: String, xeroValue: String? = nil,
        storeValue: String? = nil, details: [Detail] = [], suggestions: [String] = []
    ) {
        self.kind = kind
        self.subject = subject
        self.reason = reason
        self.message = message
        self.xeroValue = xeroValue
        self.storeValue = storeValue
        self.details = details
        self.suggestions = suggestions
    }
}

/// The thing a conflict is about. Types keep SKU `1000` and order `1000` apart.
public struct ConflictSubject: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum SubjectType: String, Sendable, Hashable, Codable {
        case sku
        case order
        case record
    }

    public var type: SubjectType
    public var key: String

    public init(_ type: SubjectType, _ key: String) {
        self.type = type
        self.key = key
    }

    public static func sku(_ sku: String) -> ConflictSubject { ConflictSubject(.sku, sku) }

    public var description: String { "\(type.rawValue) \(key)" }
}
