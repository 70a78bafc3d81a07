import Foundation
import TrueUpCore
import TrueUpEngine
import Yams

/// Reads a YAML configuration file strictly: every key must be known, every value of the right
/// kind, and every error names the file, the line and the key. Anchors and aliases are refused,
/// which also rules out alias-expansion bombs.
struct YAMLReader {
    let file: String
    let node: Node.Mapping
    let path: String

    /// Parses a whole file whose top level is a mapping.
    static func load(_ text: String, file: String) throws(TrueUpError) -> YAMLReader {
        guard text.utf8.count <= 1_048_576 else { throw .badInput("\(file): the file is larger than 1 MiB") }
        // Yams expands aliases while composing, so they are refused before it sees the text.
        if let line = firstAnchorOrAlias(in: text) {
            throw .badInput(
                "\(file) line \(line): anchors and aliases (&name, *name) are not allowed; write the values out")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .badInput("\(file): not valid YAML: \(describe(error))")
        }
        guard let root else { throw .badInput("\(file): the file is empty") }
        guard case .mapping(let mapping) = root else {
            throw .badInput("\(file) line \(line(of: root)): expected a mapping of keys to values at the top level")
        }
        return YAMLReader(file: file, node: mapping, path: "")
    }

    /// Fails on any key not in `allowed`, naming the closest allowed ones.
    func allowOnly(_ allowed: [String]) throws(TrueUpError) {
        for key in node.keys {
            guard let name = key.scalar?.string, allowed.contains(name) else {
                let name = key.scalar?.string ?? "?"
                throw error(
                    at: key, "\(qualified(name)): unknown key (expected one of: \(allowed.joined(separator: ", ")))")
            }
        }
    }

    func has(_ key: String) -> Bool { value(key).map { !Self.isNull($0) } ?? false }

    func string(_ key: String) throws(TrueUpError) -> String? {
        guard let node = value(key), !Self.isNull(node) else { return nil }
        guard case .scalar(let scalar) = node else { throw error(at: node, "\(qualified(key)): expected text") }
        return scalar.string
    }

    func requiredString(_ key: String) throws(TrueUpError) -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw TrueUpError.badInput("\(file): \(qualified(key)) is required")
        }
        return text
    }

    func bool(_ key: String) throws(TrueUpError) -> Bool? {
        guard let text = try string(key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw valueError(key, "expected true or false, found \"\(text)\"")
        }
    }

    func quantity(_ key: String) throws(TrueUpError) -> Quantity? {
        guard let text = try string(key) else { return nil }
        do {
            let quantity = try Quantity(parsing: text)
            guard quantity >= .zero else { throw ScaledDecimal.Failure.notANumber }
            return quantity
        } catch {
            throw valueError(key, "expected a quantity of zero or more, found \"\(text)\"")
        }
    }

    func ratio(_ key: String) throws(TrueUpError) -> Ratio? {
        guard let text = try string(key) else { return nil }
        do {
            return try Ratio(parsing: text)
        } catch {
            throw valueError(key, "expected a ratio such as 0.5 or 50%, found \"\(text)\"")
        }
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(TrueUpError) -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw valueError(
                key, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \"\(text)\"")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(TrueUpError) -> T?
    where T.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw valueError(
                key, "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
        }
        return value
    }

    func stringList(_ key: String) throws(TrueUpError) -> [String]? {
        guard let node = value(key), !Self.isNull(node) else { return nil }
        guard case .sequence(let sequence) = node else { throw error(at: node, "\(qualified(key)): expected a list") }
        var values: [String] = []
        for element in sequence {
            guard case .scalar(let scalar) = element else {
                throw error(at: element, "\(qualified(key)): expected a list of text")
            }
            values.append(scalar.string)
        }
        return values
    }

    func mapping(_ key: String) throws(TrueUpError) -> YAMLReader? {
        guard let node = value(key), !Self.isNull(node) else { return nil }
        guard case .mapping(let mapping) = node else { throw error(at: node, "\(qualified(key)): expected a mapping") }
        return YAMLReader(file: file, node: mapping, path: qualified(key))
    }

    /// The mapping's entries in file order, as (key, reader for the value).
    func entries() throws(TrueUpError) -> [(key: String, value: Node, line: Int)] {
        var result: [(String, Node, Int)] = []
        for (key, value) in node {
            guard let name = key.scalar?.string else { throw error(at: key, "\(path): keys must be text") }
            result.append((name, value, Self.line(of: key)))
        }
        return result
    }

    func valueError(_ key: String, _ message: String) -> TrueUpError {
        error(at: value(key), "\(qualified(key)): \(message)")
    }

    func error(at node: Node?, _ message: String) -> TrueUpError {
        let line = node.map { " line \(Self.line(of: $0))" } ?? ""
        return .badInput("\(file)\(line): \(message)")
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The node under `key`, as written (for values read by shape, such as a secret reference).
    func value(_ key: String) -> Node? { node[key] }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func line(of node: Node) -> Int { (node.mark?.line ?? 0) }

    /// The line of the first anchor (`&name`) or alias (`*name`), outside quotes and comments.
    /// In YAML a node can only start with `&` or `*` as one of these, so text is never mistaken.
    static func firstAnchorOrAlias(in text: String) -> Int? {
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var quote: Character?
            var previous: Character = " "
            for character in line {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    if " \t[{,:-".contains(previous) { quote = character }
                } else if character == "#", previous == " " || previous == "\t" {
                    break
                } else if character == "&" || character == "*", " \t[{,:-?".contains(previous) {
                    return offset + 1
                }
                previous = character
            }
        }
        return nil
    }

    private static func describe(_ error: any Error) -> String {
        if let yamlError = error as? YamlError {
            return "\(yamlError)".split(separator: "\n").first.map(String.init) ?? "\(yamlError)"
        }
        return "\(error)"
    }
}
