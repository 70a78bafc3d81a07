import Foundation
import TrueUpCore

/// The part of Xero's `where` filter language that TrueUp's client uses, parsed strictly so that
/// anything else fails loudly in tests instead of being silently ignored:
///
/// - comparisons `Field == value`, `!=`, `<`, `<=`, `>`, `>=`, with dotted paths into nested
///   objects (`Contact.ContactID`);
/// - values: `"text"`, numbers, `true`, `false`, `null`, `Guid("…")`,
///   `DateTime(2026, 11, 20[, 10, 15, 0])` (UTC);
/// - `Field.Contains("x")`, `Field.StartsWith("x")`, `Field.EndsWith("x")`, and a bare boolean field;
/// - `AND`/`&&`, `OR`/`||`, `NOT`/`!`, and parentheses.
///
/// Text compares case-insensitively (as Xero's does), numbers exactly, dates as instants
/// (`/Date(…)/` fields against `DateTime(…)`). A missing field is `null`.
indirect enum XeroWhere: Equatable {
    case and(XeroWhere, XeroWhere)
    case or(XeroWhere, XeroWhere)
    case not(XeroWhere)
    case compare(Operand, Operator, Operand)
    case method(path: [String], name: String, argument: String)

    enum Operand: Equatable {
        case field([String])
        case text(String)
        case number(String)
        case bool(Bool)
        case null
        case guid(String)
        case date(Date)
    }

    enum Operator: String, Equatable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// A `where` the sandbox cannot read, with where it stopped.
    struct ParseError: Error, CustomStringConvertible {
        let message: String
        let offset: Int
        let text: String

        var description: String {
            "The where filter could not be parsed: \(message) at character \(offset + 1) of \(text)"
        }
    }

    static func parse(_ text: String) throws(ParseError) -> XeroWhere {
        var parser = Parser(text: text, tokens: try tokenize(text))
        let expression = try parser.expression()
        guard parser.atEnd else { throw parser.failure("unexpected \(parser.describeCurrent())") }
        return expression
    }

    /// Whether the record passes the filter.
    func matches(_ record: JSONObject) -> Bool {
        switch self {
        case .and(let left, let right): left.matches(record) && right.matches(record)
        case .or(let left, let right): left.matches(record) || right.matches(record)
        case .not(let inner): !inner.matches(record)
        case .compare(let left, let op, let right): Self.compare(left.resolve(record), op, right.resolve(record))
        case .method(let path, let name, let argument):
            Self.textMethod(name, record.value(atPath: path), argument)
        }
    }

    // MARK: Evaluation

    /// A side of a comparison once the record's field is looked up.
    fileprivate enum Value {
        case json(JSONValue?)
        case guid(String)
        case date(Date)
    }

    private static func compare(_ left: Value, _ op: Operator, _ right: Value) -> Bool {
        guard let order = order(left, right) else {
            // Values of different kinds are never equal.
            return op == .notEqual
        }
        switch op {
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        }
    }

    /// How two values order, or `nil` when they cannot be compared.
    private static func order(_ left: Value, _ right: Value) -> ComparisonResult? {
        switch (left, right) {
        case (.date(let a), .date(let b)): return a.compare(b)
        case (.date(let a), .json(let json)): return XeroJSON.instant(json).map { a.compare($0) }
        case (.json(let json), .date(let b)): return XeroJSON.instant(json).map { $0.compare(b) }
        case (.guid(let a), .guid(let b)): return a.lowercased() == b.lowercased() ? .orderedSame : .orderedAscending
        case (.guid(let a), .json(.string(let b)?)), (.json(.string(let b)?), .guid(let a)):
            return a.lowercased() == b.lowercased() ? .orderedSame : .orderedAscending
        case (.json(let a), .json(let b)): return jsonOrder(a, b)
        default: return nil
        }
    }

    static func jsonOrder(_ left: JSONValue?, _ right: JSONValue?) -> ComparisonResult? {
        switch (left ?? .null, right ?? .null) {
        case (.null, .null): return .orderedSame
        case (.null, _), (_, .null): return nil
        case (.bool(let a), .bool(let b)): return a == b ? .orderedSame : (!a ? .orderedAscending : .orderedDescending)
        case (.string(let a), .string(let b)):
            if let x = dateOf(a), let y = dateOf(b) { return x.compare(y) }
            return a.caseInsensitiveCompare(b)
        case (.number(let a), .number(let b)), (.number(let a), .string(let b)), (.string(let a), .number(let b)):
            guard let x = ExactDecimal.parse(a, scale: 8), let y = ExactDecimal.parse(b, scale: 8) else { return nil }
            return x == y ? .orderedSame : (x < y ? .orderedAscending : .orderedDescending)
        default: return nil
        }
    }

    private static func dateOf(_ text: String) -> Date? {
        text.hasPrefix("/Date(") ? (try? XeroDate(parsing: text))?.instant : nil
    }

    private static func textMethod(_ name: String, _ value: JSONValue?, _ argument: String) -> Bool {
        guard case .string(let text)? = value else { return false }
        let subject = text.lowercased()
        let wanted = argument.lowercased()
        switch name {
        case "Contains": return subject.contains(wanted)
        case "StartsWith": return subject.hasPrefix(wanted)
        default: return subject.hasSuffix(wanted)
        }
    }

    // MARK: Tokens

    enum Token: Equatable {
        case word(String)
        case text(String)
        case number(String)
        case symbol(String)
    }

    private static func tokenize(_ text: String) throws(ParseError) -> [(token: Token, offset: Int)] {
        let characters = Array(text)
        var tokens: [(token: Token, offset: Int)] = []
        var index = 0
        func fail(_ message: String) -> ParseError { ParseError(message: message, offset: index, text: text) }
        while index < characters.count {
            let character = characters[index]
            let start = index
            if character.isWhitespace {
                index += 1
            } else if character == "\"" {
                var value = ""
                index += 1
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    if next == "\\", index + 1 < characters.count {
                        value.append(characters[index + 1])
                        index += 2
                    } else if next == "\"" {
                        closed = true
                        index += 1
                        break
                    } else {
                        value.append(next)
                        index += 1
                    }
                }
                guard closed else { throw ParseError(message: "a text value is not closed", offset: start, text: text) }
                tokens.append((.text(value), start))
            } else if character.isNumber
                || (character == "-" && index + 1 < characters.count
                    && characters[index + 1].isNumber)
            {
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
                tokens.append((.number(String(characters[start..<index])), start))
            } else if character.isLetter || character == "_" {
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                        || characters[index] == "."
                { index += 1 }
                tokens.append((.word(String(characters[start..<index])), start))
            } else {
                let pair = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(pair) {
                    tokens.append((.symbol(pair), start))
                    index += 2
                } else if "()<>!,".contains(character) {
                    tokens.append((.symbol(String(character)), start))
                    index += 1
                } else if character == "=" {
                    throw fail("use == to compare, not =")
                } else {
                    throw fail("unexpected character \"\(character)\"")
                }
            }
        }
        return tokens
    }

    // MARK: Grammar

    private struct Parser {
        let text: String
        let tokens: [(token: Token, offset: Int)]
        var position = 0

        init(text: String, tokens: [(token: Token, offset: Int)]) {
            self.text = text
            self.tokens = tokens
        }

        var atEnd: Bool { position >= tokens.count }
        var current: Token? { atEnd ? nil : tokens[position].token }

        func failure(_ message: String) -> ParseError {
            ParseError(message: message, offset: atEnd ? text.count : tokens[position].offset, text: text)
        }

        func describeCurrent() -> String {
            switch current {
            case nil: "the end"
            case .word(let word)?: "\"\(word)\""
            case .text(let value)?: "the text \"\(value)\""
            case .number(let value)?: "the number \(value)"
            case .symbol(let symbol)?: "\"\(symbol)\""
            }
        }

        mutating func accept(_ token: Token) -> Bool {
            guard current == token else { return false }
            position += 1
            return true
        }

        mutating func acceptWord(_ word: String) -> Bool {
            guard case .word(let found)? = current, found.uppercased() == word else { return false }
            position += 1
            return true
        }

        mutating func expect(_ token: Token, _ what: String) throws(ParseError) {
            guard accept(token) else { throw failure("expected \(what), found \(describeCurrent())") }
        }

        mutating func expression() throws(ParseError) -> XeroWhere {
            var left = try conjunction()
            while acceptWord("OR") || accept(.symbol("||")) {
                left = .or(left, try conjunction())
            }
            return left
        }

        mutating func conjunction() throws(ParseError) -> XeroWhere {
            var left = try unary()
            while acceptWord("AND") || accept(.symbol("&&")) {
                left = .and(left, try unary())
            }
            return left
        }

        mutating func unary() throws(ParseError) -> XeroWhere {
            if acceptWord("NOT") || accept(.symbol("!")) { return .not(try unary()) }
            if accept(.symbol("(")) {
                let inner = try expression()
                try expect(.symbol(")"), "\")\"")
                return inner
            }
            return try comparison()
        }

        mutating func comparison() throws(ParseError) -> XeroWhere {
            // Field.Contains("x") and friends.
            if case .word(let word)? = current, position + 1 < tokens.count, tokens[position + 1].token == .symbol("(")
            {
                var path = word.split(separator: ".").map(String.init)
                if let name = path.last, ["Contains", "StartsWith", "EndsWith"].contains(name), path.count > 1 {
                    position += 2
                    guard case .text(let argument)? = current else {
                        throw failure("\(name) takes a text value in quotes, found \(describeCurrent())")
                    }
                    position += 1
                    try expect(.symbol(")"), "\")\"")
                    path.removeLast()
                    return .method(path: path, name: name, argument: argument)
                }
            }
            let left = try operand()
            guard case .symbol(let symbol)? = current, let op = Operator(rawValue: symbol) else {
                if case .field = left { return .compare(left, .equal, .bool(true)) }
                throw failure("expected a comparison such as == after the value, found \(describeCurrent())")
            }
            position += 1
            let right = try operand()
            if case .field = left { return .compare(left, op, right) }
            if case .field = right { return .compare(left, op, right) }
            throw failure("a comparison needs a field name on one side")
        }

        mutating func operand() throws(ParseError) -> Operand {
            switch current {
            case .text(let value)?:
                position += 1
                return .text(value)
            case .number(let value)?:
                position += 1
                guard ExactDecimal.parse(value, scale: 8) != nil else { throw failure("\(value) is not a number") }
                return .number(value)
            case .word(let word)?:
                position += 1
                switch word.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default: break
                }
                if word == "Guid" || word == "DateTime" {
                    return try function(word)
                }
                let path = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard path.allSatisfy({ !$0.isEmpty }) else { throw failure("\"\(word)\" is not a field name") }
                return .field(path)
            default:
                throw failure("expected a field or a value, found \(describeCurrent())")
            }
        }

        mutating func function(_ name: String) throws(ParseError) -> Operand {
            try expect(.symbol("("), "\"(\" after \(name)")
            if name == "Guid" {
                guard case .text(let value)? = current, UUID(uuidString: value) != nil else {
                    throw failure("Guid takes a GUID in quotes, found \(describeCurrent())")
                }
                position += 1
                try expect(.symbol(")"), "\")\"")
                return .guid(value)
            }
            var parts: [Int] = []
            repeat {
                guard case .number(let value)? = current, let number = Int(value) else {
                    throw failure("DateTime takes whole numbers (year, month, day[, hour, minute, second])")
                }
                parts.append(number)
                position += 1
            } while accept(.symbol(","))
            try expect(.symbol(")"), "\")\"")
            guard parts.count == 3 || parts.count == 6 else {
                throw failure("DateTime takes 3 or 6 numbers, found \(parts.count)")
            }
            let time = parts.count == 6 ? parts[3...5] : [0, 0, 0]
            func pad(_ value: Int, _ width: Int) -> String {
                String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
            }
            let clock = Array(time)
            let iso =
                "\(pad(parts[0], 4))-\(pad(parts[1], 2))-\(pad(parts[2], 2))T"
                + "\(pad(clock[0], 2)):\(pad(clock[1], 2)):\(pad(clock[2], 2))"
            guard let date = ISOTimestamp.parse(iso) else { throw failure("DateTime(\(parts)) is not a valid date") }
            return .date(date)
        }
    }
}

extension XeroWhere.Operand {
    fileprivate func resolve(_ record: JSONObject) -> XeroWhere.Value {
        switch self {
        case .field(let path): .json(record.value(atPath: path))
        case .text(let value): .json(.string(value))
        case .number(let value): .json(.number(value))
        case .bool(let value): .json(.bool(value))
        case .null: .json(.null)
        case .guid(let value): .guid(value)
        case .date(let value): .date(value)
        }
    }
}
