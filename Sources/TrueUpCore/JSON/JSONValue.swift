/// A parsed JSON document. Numbers keep their literal text, so `0.1` and `12345678901234567.89`
/// reach ``Quantity`` and ``Money`` exactly, never through `Double`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written, e.g. `-12.50` or `1e3`. Always valid JSON number syntax.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// What a person would call this kind of value in an error message.
    public var kindName: String { kind.name }

    /// Which of JSON's kinds of value this is.
    public var kind: JSONReader.Kind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// A short rendering of the value for error messages: `"abc"`, `12`, `an object`.
    public var preview: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let text): String(text.prefix(40))
        case .string(let text): "\"\(text.prefix(40))\(text.count > 40 ? "…" : "")\""
        case .array, .object: kindName
        }
    }
}

/// A JSON object: its members in document order, with lookup by key.
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var members: [String: JSONValue] = [:]

    public init() {}

    /// An empty object with room for `capacity` members.
    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        members.reserveCapacity(capacity)
    }

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> JSONValue? {
        get { members[key] }
        set {
            if members.updateValue(newValue ?? .null, forKey: key) == nil { keys.append(key) }
            if newValue == nil {
                members[key] = nil
                keys.removeAll { $0 == key }
            }
        }
    }

    public var count: Int { keys.count }

    /// Adds a member while parsing; returns `false` when the key was already there.
    mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        guard members.updateValue(value, forKey: key) == nil else { return false }
        keys.append(key)
        return true
    }
}

extension JSONObject {
    /// A string member, or `nil` when absent or not a string: for lenient reads of bodies whose
    /// shape is not the record's (error bodies, token answers). Records use ``JSONRecord``.
    public func text(_ key: String) -> String? {
        if case .string(let value)? = self[key] { return value }
        return nil
    }

    /// A nested object member, or `nil`.
    public func object(_ key: String) -> JSONObject? {
        if case .object(let value)? = self[key] { return value }
        return nil
    }

    /// An array member, or `nil`.
    public func array(_ key: String) -> [JSONValue]? {
        if case .array(let value)? = self[key] { return value }
        return nil
    }

    /// A whole-number member, or `nil`.
    public func integer(_ key: String) -> Int64? {
        if case .number(let text)? = self[key] { return Int64(text) }
        return nil
    }
}
