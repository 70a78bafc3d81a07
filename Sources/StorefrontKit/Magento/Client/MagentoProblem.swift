import Foundation
import TrueUpCore

/// Magento's error bodies, read for the message a person needs:
/// `{"message": "The \"%1\" value doesn't exist.", "parameters": ["SKU-1"]}` becomes
/// `The "SKU-1" value doesn't exist.`. Positional parameters fill `%1`, `%2`, …; named ones
/// (`{"fieldName": "sku"}`) fill `%fieldName`. Messages listed under `errors` follow, each filled
/// from its own parameters. A body that is not JSON is quoted, cut to 300 bytes.
enum MagentoProblem {
    static func message(in body: [UInt8]) -> String? {
        guard case .object(let object)? = try? JSONParser.parse(body) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        var messages: [String] = []
        if let message = object.text("message") { messages.append(filled(message, object["parameters"])) }
        for case .object(let error) in object.array("errors") ?? [] {
            guard let message = error.text("message") else { continue }
            let text = filled(message, error["parameters"])
            if !messages.contains(text) { messages.append(text) }
        }
        return messages.isEmpty ? nil : messages.joined(separator: "; ")
    }

    /// `template` with its `%1`-style and `%name`-style placeholders replaced from `parameters`.
    static func filled(_ template: String, _ parameters: JSONValue?) -> String {
        var values: [String: String] = [:]
        switch parameters {
        case .array(let elements)?:
            for (offset, element) in elements.enumerated() {
                if case .object(let named) = element {
                    for key in named.keys { values[key] = named[key].flatMap(text) }
                } else {
                    values[String(offset + 1)] = text(element)
                }
            }
        case .object(let named)?:
            for key in named.keys { values[key] = named[key].flatMap(text) }
        default:
            break
        }
        guard !values.isEmpty else { return template }
        // Longest names first, so that `%10` is not read as `%1` followed by `0`.
        var result = template
        for key in values.keys.sorted(by: { ($0.count, $0) > ($1.count, $1) }) {
            guard let value = values[key] else { continue }
            result = result.replacingOccurrences(of: "%" + key, with: value)
        }
        return result
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): String(flag)
        default: nil
        }
    }
}
