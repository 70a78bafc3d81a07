import Foundation
import TrueUpCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends one JSON line per API exchange to a file, for checking a sandbox's traffic against the
/// vendor's spec (Xero's OpenAPI with Python's openapi-core, Magento's Swagger with bravado-core):
///
/// ```json
/// {"method":"GET","path":"/api.xro/2.0/Invoices","query":"page=1","request_headers":{…},
///  "request_body":null,"status":200,"response_headers":{…},"response_body":"{…}"}
/// ```
///
/// The path is the whole path the client asked for (`/rest/default/V1/orders`). The Xero and
/// Magento sandboxes may share one file: the path tells their lines apart.
///
/// Header names are lower case; `authorization` is never written. Exchanges answered by an
/// injected fault carry `"fault":true`; those whose body a `malformedBody` fault cut short are
/// left out. Each line is one `write(2)` on a descriptor opened with `O_APPEND`, so concurrent
/// handlers never interleave lines.
struct ExchangeLog: Sendable {
    let path: String

    func append(request: SandboxRequest, response: SandboxResponse, fault: Bool) {
        var requestHeaders = JSONObject()
        for (name, value) in request.headers where name != "authorization" {
            requestHeaders[name] = .string(value)
        }
        var responseHeaders = JSONObject()
        for (name, value) in response.headers {
            responseHeaders[name.lowercased()] = .string(value)
        }
        var line = JSONObject()
        line["method"] = .string(request.method)
        line["path"] = .string(request.path)
        line["query"] = .string(request.query)
        line["request_headers"] = .object(requestHeaders)
        line["request_body"] = request.body.isEmpty ? .null : .string(String(decoding: request.body, as: UTF8.self))
        line["status"] = .number(String(response.status))
        line["response_headers"] = .object(responseHeaders)
        line["response_body"] = .string(String(decoding: response.body, as: UTF8.self))
        if fault { line["fault"] = .bool(true) }
        var bytes = JSONWriter.bytes(.object(line))
        bytes.append(UInt8(ascii: "\n"))
        appendLine(bytes)
    }

    private func appendLine(_ bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { _ = close(descriptor) }
        _ = bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
    }
}
