/// A strict JSON parser (RFC 8259) that keeps numbers as text.
///
/// It refuses what a lenient parser would guess at: trailing commas, comments, `NaN`, unpaired
/// surrogates, invalid UTF-8, duplicate keys, and nesting deeper than ``maximumDepth`` (a guard
/// against hostile input). Errors carry the line and column.
public struct JSONParser {
    public static let maximumDepth = 256

    /// Parses a whole document; anything but whitespace after the value is an error.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser()
        return try JSONReader.read(bytes) { reader throws(JSONSyntaxError) in try parser.value(&reader) }
    }

    /// Parses the next value `reader` comes to, leaving the reader after it.
    static func parseValue(_ reader: inout JSONReader) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser()
        return try parser.value(&reader)
    }

    /// The members of the objects being parsed, innermost last: an object is made once its
    /// members are known, with room for exactly them, rather than grown member by member.
    private var members: [(key: String, value: JSONValue, at: Int)] = []

    private init() {}

    private mutating func value(_ reader: inout JSONReader) throws(JSONSyntaxError) -> JSONValue {
        switch try reader.peek() {
        case .object: return try object(&reader)
        case .array:
            var elements: [JSONValue] = []
            try reader.enterArray()
            var first = true
            while try reader.nextElement(first: &first) { elements.append(try value(&reader)) }
            return .array(elements)
        case .string: return .string(try reader.string())
        case .number: return .number(try reader.numberText())
        case .bool: return .bool(try reader.bool())
        case .null:
            _ = try reader.null()
            return .null
        }
    }

    private mutating func object(_ reader: inout JSONReader) throws(JSONSyntaxError) -> JSONValue {
        let start = members.count
        try reader.enterObject()
        var first = true
        while let key = try reader.nextMember(first: &first) {
            let at = reader.memberStart
            members.append((key, try value(&reader), at))
        }
        var object = JSONObject(capacity: members.count - start)
        for member in members[start...] where !object.insertNew(member.key, member.value) {
            throw reader.error("member \"\(member.key.prefix(40))\" appears twice in one object", at: member.at)
        }
        members.removeSubrange(start...)
        return .object(object)
    }
}

/// A document that is not valid JSON, with the line and column (1-based, in bytes) where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
