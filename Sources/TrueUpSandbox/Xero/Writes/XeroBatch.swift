import Foundation
import TrueUpCore

/// What writing one element of a batch came to.
enum XeroElementResult {
    /// Saved; the record as it is now stored.
    case saved(JSONObject)
    /// Refused with Xero's messages; `echo` is the element as sent, marked for the response.
    case refused(echo: JSONObject, errors: [String])
}

/// Xero's batch writes: a body `{"Invoices":[…]}` (or a single element object) whose elements are
/// written in order, each seeing the ones before it (numbers taken, stock moved, contacts made).
///
/// With `summarizeErrors=false` the answer is 200 with every element echoed: saved ones with
/// `StatusAttributeString: "OK"`, refused ones with `"ERROR"` and their `ValidationErrors`; only
/// the refused ones are left unsaved. Otherwise (Xero's default) one refused element fails the
/// batch: 400 `ValidationException` whose `Elements` are the refused elements, and nothing is saved.
enum XeroBatch {
    static func run(
        _ request: SandboxRequest, collection: String, store: inout XeroStore, now: Date,
        write: (JSONObject, inout XeroStore) -> XeroElementResult, format: (JSONObject) -> JSONObject
    ) -> SandboxResponse {
        guard request.header("content-type")?.lowercased().contains("json") == true else {
            return XeroResponses.badRequest(
                .postDataInvalid, "Send Content-Type: application/json; Xero reads any other body as XML")
        }
        let elements: [JSONObject]
        switch parse(request.body, collection: collection) {
        case .success(let parsed): elements = parsed
        case .failure(let message): return XeroResponses.badRequest(.postDataInvalid, message)
        }
        let summarize = request.queryValue("summarizeErrors")?.lowercased() != "false"

        var scratch = store
        var echoes: [JSONValue] = []
        var refused: [JSONValue] = []
        for element in elements {
            var attempt = scratch
            switch write(element, &attempt) {
            case .saved(let record):
                scratch = attempt
                var echo = format(record)
                echo["StatusAttributeString"] = .string("OK")
                echoes.append(.object(echo))
            case .refused(var echo, let errors):
                echo["StatusAttributeString"] = .string("ERROR")
                echo["ValidationErrors"] = .array(
                    errors.map { .object(JSONObject(["Message": .string($0)])) })
                echoes.append(.object(echo))
                refused.append(.object(echo))
            }
        }
        if summarize, !refused.isEmpty {
            return XeroResponses.validationException(refused)
        }
        store = scratch
        return XeroResponses.envelope(collection, echoes, now: now)
    }

    enum Parsed {
        case success([JSONObject])
        case failure(String)
    }

    /// The elements of a write body: the array under `collection`, or the body itself when it is
    /// one element.
    static func parse(_ body: [UInt8], collection: String) -> Parsed {
        guard !body.isEmpty else { return .failure("The request body is empty: send {\"\(collection)\":[…]}") }
        let document: JSONValue
        do {
            document = try JSONParser.parse(body)
        } catch {
            return .failure("JSON for post data was invalid: \(error)")
        }
        guard case .object(let object) = document else {
            return .failure("The request body must be an object such as {\"\(collection)\":[…]}")
        }
        guard let value = object[collection] else { return .success([object]) }
        guard case .array(let array) = value else {
            return .failure("\"\(collection)\" must be an array of objects")
        }
        var elements: [JSONObject] = []
        for (index, element) in array.enumerated() {
            guard case .object(let item) = element else {
                return .failure("\(collection)[\(index)] must be an object, found \(element.kindName)")
            }
            elements.append(item)
        }
        guard !elements.isEmpty else { return .failure("\"\(collection)\" has no elements") }
        return .success(elements)
    }
}
