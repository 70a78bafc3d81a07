import Foundation
import TrueUpCore

/// The bodies Xero answers with: the envelope around records, and each kind of error.
enum XeroResponses {
    /// `{"Id","Status":"OK","ProviderName","DateTimeUTC", ["pagination",] "<key>":[…]}`.
    static func envelope(
        _ key: String, _ records: [JSONValue], pagination: XeroPage? = nil, now: Date
    )
        -> SandboxResponse
    {
        var body = JSONObject()
        body["Id"] = .string(XeroJSON.newID())
        body["Status"] = .string("OK")
        body["ProviderName"] = .string("TrueUp Sandbox")
        body["DateTimeUTC"] = .string(XeroJSON.envelopeDate(now))
        if let pagination {
            body["pagination"] = .object(
                JSONObject([
                    "page": .number(String(pagination.page)),
                    "pageSize": .number(String(pagination.pageSize)),
                    "pageCount": .number(String(pagination.pageCount)),
                    "itemCount": .number(String(pagination.itemCount)),
                ]))
        }
        body[key] = .array(records)
        return .json(200, .object(body))
    }

    /// 401 with Xero's problem body, e.g. `Detail: "TokenExpired: token expired at …"`.
    static func unauthorized(_ detail: String) -> SandboxResponse {
        var response = problem(401, title: "Unauthorized", detail: detail)
        response.setHeader("WWW-Authenticate", "Bearer realm=\"api.xero.com\"")
        return response
    }

    /// 403 with Xero's problem body (a wrong or missing `xero-tenant-id`, or a scope not granted).
    static func forbidden(_ detail: String) -> SandboxResponse {
        problem(403, title: "Forbidden", detail: detail)
    }

    private static func problem(_ status: Int, title: String, detail: String) -> SandboxResponse {
        .json(
            status,
            .object(
                JSONObject([
                    "Type": .null,
                    "Title": .string(title),
                    "Status": .number(String(status)),
                    "Detail": .string(detail),
                    "Instance": .string(XeroJSON.newID()),
                    "Extensions": .object(JSONObject()),
                ])))
    }

    /// 400 `ValidationException` listing the elements that failed, each with its `ValidationErrors`.
    static func validationException(_ elements: [JSONValue]) -> SandboxResponse {
        .json(
            400,
            .object(
                JSONObject([
                    "ErrorNumber": .number("10"),
                    "Type": .string("ValidationException"),
                    "Message": .string("A validation exception occurred"),
                    "Elements": .array(elements),
                ])))
    }

    /// 400 with Xero's error body for a request it could not read: `QueryParseException` (16) for
    /// a `where` or `order` it cannot parse, `PostDataInvalidException` (14) for a body that is not
    /// the JSON it expects, `ValidationException` (10) for a bad header or parameter.
    static func badRequest(_ type: ErrorType, _ message: String) -> SandboxResponse {
        .json(
            400,
            .object(
                JSONObject([
                    "ErrorNumber": .number(String(type.number)),
                    "Type": .string(type.name),
                    "Message": .string(message),
                ])))
    }

    struct ErrorType {
        let number: Int
        let name: String

        static let validation = ErrorType(number: 10, name: "ValidationException")
        static let postDataInvalid = ErrorType(number: 14, name: "PostDataInvalidException")
        static let queryParse = ErrorType(number: 16, name: "QueryParseException")
    }

    static func notFound() -> SandboxResponse {
        .text(404, "The resource you're looking for cannot be found")
    }

    static func notEmulated(_ method: String, _ path: String) -> SandboxResponse {
        .text(501, "The TrueUp sandbox does not emulate \(method) \(path)")
    }

    /// 429 with `X-Rate-Limit-Problem` and `Retry-After` (seconds).
    static func tooManyRequests(problem: String, retryAfter: Int) -> SandboxResponse {
        SandboxResponse(
            status: 429,
            headers: [
                ("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", String(retryAfter)),
                ("X-Rate-Limit-Problem", problem),
            ],
            body: Array("Rate limit exceeded (\(problem))".utf8))
    }

    static func serviceUnavailable() -> SandboxResponse {
        .text(503, "Service Unavailable")
    }
}

/// Where a page sits in a paged listing.
struct XeroPage: Equatable {
    var page: Int
    var pageSize: Int
    var pageCount: Int
    var itemCount: Int
}
