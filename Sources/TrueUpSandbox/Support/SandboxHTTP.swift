import Foundation
import TrueUpCore

/// One HTTP request as the emulated APIs see it, independent of the server library, so that the
/// emulation can be exercised and reasoned about without a socket.
struct SandboxRequest: Sendable {
    var method: String
    /// The path without the query, e.g. `/api.xro/2.0/Invoices`.
    var path: String
    /// The raw query without the leading `?`, still percent-encoded; empty when there is none.
    var query: String
    /// Header names in lower case, in the order received.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(
        method: String, path: String, query: String = "", headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    /// The decoded query parameters in order (`+` is a space, as browsers and most clients send it).
    var queryItems: [(name: String, value: String)] { FormEncoding.decode(query) }

    /// The first value of a query parameter; names compare case-insensitively, as Xero's do.
    func queryValue(_ name: String) -> String? {
        let lower = name.lowercased()
        return queryItems.first { $0.name.lowercased() == lower }?.value
    }

    /// `path?query`, as a log line shows it.
    var target: String { query.isEmpty ? path : "\(path)?\(query)" }
}

/// A response from an emulated API.
struct SandboxResponse: Sendable {
    var status: Int
    /// Header names as they are sent; lower-cased where they are recorded.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body, written exactly (numbers keep their text).
    static func json(_ status: Int, _ value: JSONValue) -> SandboxResponse {
        SandboxResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")],
            body: JSONWriter.bytes(value))
    }

    /// A plain-text body, for the pages a browser would show and for errors without a JSON shape.
    static func text(_ status: Int, _ message: String) -> SandboxResponse {
        SandboxResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(message.utf8))
    }

    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }
}
