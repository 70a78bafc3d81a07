import TrueUpCore

/// The bodies Magento's web API answers with. Errors are `{"message", "parameters"}` with the
/// message's placeholders left in (`%fieldName`, `%1`), as Magento's ErrorProcessor sends them:
/// `parameters` is an object for named placeholders and a list for positional ones.
enum MagentoResponses {
    static func json(_ value: JSONValue, status: Int = 200) -> SandboxResponse {
        .json(status, value)
    }

    static func error(_ status: Int, _ message: String, _ parameters: JSONValue? = nil) -> SandboxResponse {
        var body = JSONObject()
        body["message"] = .string(message)
        if let parameters { body["parameters"] = parameters }
        return .json(status, .object(body))
    }

    /// Named parameters: `{"fieldName": "sku"}`.
    static func named(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue { .object(JSONObject(pairs)) }

    /// Positional parameters: `["foo"]`.
    static func positional(_ values: String...) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// 404 for a path and method no route matches (a wrong method on a known path included).
    static func noRoute() -> SandboxResponse {
        error(404, "Request does not match any route.")
    }

    /// 401 for a call without a valid token.
    static func unauthorized(_ aclResource: String) -> SandboxResponse {
        error(401, "The consumer isn't authorized to access %resources.", named(["resources": .string(aclResource)]))
    }

    /// 401 for an admin token request with the wrong credentials.
    static func signInIncorrect() -> SandboxResponse {
        error(
            401,
            "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
        )
    }

    /// 404 for an id that names no record.
    static func noSuchEntity() -> SandboxResponse {
        error(404, "The entity that was requested doesn't exist. Verify the entity and try again.")
    }

    /// 404 for a SKU that names no product.
    static func noSuchProduct() -> SandboxResponse {
        error(404, "The product that was requested doesn't exist. Verify the product and try again.")
    }

    /// 400 for a missing argument or member.
    static func required(_ fieldName: String) -> SandboxResponse {
        error(400, "\"%fieldName\" is required. Enter and try again.", named(["fieldName": .string(fieldName)]))
    }

    /// 400 for a value of the wrong type (`abc` where an integer belongs).
    static func invalidType(_ value: String, expected type: String) -> SandboxResponse {
        error(
            400, "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.",
            named(["value": .string(value), "type": .string(type)]))
    }

    /// 400 for a member the data interface does not have (a misspelt search criteria key).
    static func noAccessor(_ property: String, in interface: String) -> SandboxResponse {
        let camel = property.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return error(
            400, "Property \"%1\" does not have accessor method \"%2\" in class \"%3\".",
            positional(camel, "get\(camel)", interface))
    }

    /// 400 for a body that is not JSON.
    static func decodingError() -> SandboxResponse {
        error(400, "Decoding error.")
    }

    /// 400 listing validation errors, as a `ValidationException` is sent.
    static func validationFailed(_ errors: [(message: String, parameters: JSONValue)]) -> SandboxResponse {
        var body = JSONObject()
        body["message"] = .string("Validation Failed")
        body["errors"] = .array(
            errors.map { .object(JSONObject(["message": .string($0.message), "parameters": $0.parameters])) })
        return .json(400, .object(body))
    }

    static func serviceUnavailable() -> SandboxResponse {
        .text(503, "Service Unavailable")
    }

    /// 429 as a proxy or CDN in front of the shop answers (Magento itself has no rate limit).
    static func tooManyRequests(problem: String, retryAfter: Int) -> SandboxResponse {
        SandboxResponse(
            status: 429,
            headers: [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", String(retryAfter))],
            body: Array("Too Many Requests (\(problem))".utf8))
    }
}
