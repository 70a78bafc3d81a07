import TrueUpCore

/// Xero's error bodies, read for the message a person needs: a `ValidationException`'s
/// element messages, a problem's `Detail`, or the raw text when the body is not JSON.
enum XeroProblem {
    static func message(in body: [UInt8]) -> String {
        guard case .object(let object)? = try? JSONParser.parse(body) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return text.isEmpty ? "no details given" : text
        }
        let record = JSONRecord(object, path: "")
        var messages: [String] = []
        if let elements = try? record.records("Elements") {
            for element in elements {
                messages += validationMessages(element)
            }
        }
        if messages.isEmpty, let message = (try? record.optionalString("Message")) ?? nil { messages.append(message) }
        if messages.isEmpty, let detail = (try? record.optionalString("Detail")) ?? nil { messages.append(detail) }
        if messages.isEmpty, let title = (try? record.optionalString("Title")) ?? nil { messages.append(title) }
        return messages.isEmpty ? "no details given" : messages.joined(separator: "; ")
    }

    /// The `ValidationErrors[].Message` of one element.
    static func validationMessages(_ element: JSONRecord) -> [String] {
        guard let errors = try? element.records("ValidationErrors") else { return [] }
        return errors.compactMap { (try? $0.optionalString("Message")) ?? nil }
    }
}
