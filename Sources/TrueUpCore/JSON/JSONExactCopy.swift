/// A JSON value compared as its written form is: two are the same when ``JSONWriter`` would write
/// them to the same bytes. This finds exact copies of records without writing each one out.
///
/// It is stricter than `==` on ``JSONValue``, which compares strings as Swift does (canonically
/// equivalent text is equal however it is encoded); here strings are equal only byte for byte.
public struct JSONExactCopy: Hashable, Sendable {
    public let value: JSONValue

    public init(_ value: JSONValue) {
        self.value = value
    }

    public static func == (lhs: JSONExactCopy, rhs: JSONExactCopy) -> Bool {
        same(lhs.value, rhs.value)
    }

    /// Hashes the value's own members and the size of what is nested in them, not the nested
    /// content: equal copies still hash alike, and a record's lines are compared only when its
    /// top-level members already agree, instead of being hashed for every record read.
    public func hash(into hasher: inout Hasher) {
        Self.hash(value, into: &hasher, nested: false)
    }

    private static func same(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)), (.string(let left), .string(let right)):
            return sameText(left, right)
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return false }
            for (leftElement, rightElement) in zip(left, right) where !same(leftElement, rightElement) { return false }
            return true
        case (.object(let left), .object(let right)):
            guard left.keys.count == right.keys.count else { return false }
            for (leftKey, rightKey) in zip(left.keys, right.keys) {
                guard sameText(leftKey, rightKey), same(left[leftKey] ?? .null, right[rightKey] ?? .null) else {
                    return false
                }
            }
            return true
        default: return false
        }
    }

    private static func sameText(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8)
    }

    private static func hash(_ value: JSONValue, into hasher: inout Hasher, nested: Bool) {
        switch value {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let flag): hasher.combine(flag ? 2 as UInt8 : 1)
        case .number(let text):
            hasher.combine(3 as UInt8)
            hashText(text, into: &hasher)
        case .string(let text):
            hasher.combine(4 as UInt8)
            hashText(text, into: &hasher)
        case .array(let elements):
            hasher.combine(5 as UInt8)
            hasher.combine(elements.count)
            guard !nested else { return }
            for element in elements { hash(element, into: &hasher, nested: true) }
        case .object(let object):
            hasher.combine(6 as UInt8)
            hasher.combine(object.keys.count)
            guard !nested else { return }
            for key in object.keys {
                hashText(key, into: &hasher)
                hash(object[key] ?? .null, into: &hasher, nested: true)
            }
        }
    }

    private static func hashText(_ text: String, into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }
}
