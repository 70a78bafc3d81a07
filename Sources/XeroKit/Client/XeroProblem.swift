import TrueUpCore

/// Xero's error bodies, read for the message a person needs: a `ValidationException`'s
/// element messages, a problem's `Detail`, or the raw text when the body is not JSON.
enum XeroProblem {
    static func message(in body: [UInt8]) -> String {
        guard case .object(let object)? = try? JSONParser.parse(body) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return text.isEmpty ? "no details given" : text
        }
        var messages: [String] = []
        for case .object(let element) in object.array("Elements") ?? [] {
            messages += validationMessages(element)
        }
        if messages.isEmpty, let message = object.text("Message") ?? object.text("Detail") ?? object.text("Title") {
            messages.append(message)
        }
        return messages.isEmpty ? "no details given" : messages.joined(separator: "; ")
    }

    /// The `ValidationErrors[].Message` of one element.
    static func validationMessages(_ element: JSONObject) -> [String] {
        (element.array("ValidationErrors") ?? []).compactMap { error in
            guard case .object(let object) = error else { return nil }
            return object.text("Message")
        }
    }
}
