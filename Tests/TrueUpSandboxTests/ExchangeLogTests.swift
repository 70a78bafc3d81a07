import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Exchange log")
struct ExchangeLogTests {
    @Test func eachAPIExchangeIsOneJSONLineWithoutTheAuthorizationHeader() async throws {
        let folder = try TemporaryFolder("exchange-log")
        let path = "\(folder.path)/exchanges.jsonl"
        var configuration = XeroSandboxConfiguration()
        configuration.exchangeLog = path
        try await Harness.with(configuration: configuration) { h in
            let token = try await h.token()
            _ = try await h.get("Invoices?page=1&pageSize=100", token: token)
            _ = try await h.write(.put, "Invoices?summarizeErrors=false", WriteTests.sale("1"), token: token)
            h.sandbox.inject(.serviceUnavailable)
            _ = try await h.get("Items", token: token)
            h.sandbox.inject(.malformedBody)
            _ = try await h.get("Items", token: token)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try await h.get("Accounts", token: token) } }
                try await group.waitForAll()
            }

            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(token))
            let lines = text.split(separator: "\n").map { line -> JSONObject in
                guard case .object(let object)? = try? JSONParser.parse(Array(line.utf8)) else { return JSONObject() }
                return object
            }
            #expect(lines.count == 7)  // the malformed body is left out; the token call is not an API call
            let first = lines[0]
            #expect(
                first.keys == [
                    "method", "path", "query", "request_headers", "request_body", "status",
                    "response_headers", "response_body",
                ])
            #expect(first.text("method") == "GET")
            #expect(first.text("path") == "/api.xro/2.0/Invoices")
            #expect(first.text("query") == "page=1&pageSize=100")
            #expect(first["request_body"] == .null)
            #expect(first["status"] == .number("200"))
            #expect(first.object("request_headers")?["authorization"] == nil)
            #expect(first.object("request_headers")?.text("xero-tenant-id") == h.configuration.tenantID)
            #expect(first.object("response_headers")?.text("x-minlimit-remaining") == "59")
            #expect(first.object("response_headers")?.text("content-type")?.hasPrefix("application/json") == true)
            let body = try #require(first.text("response_body"))
            #expect((try? JSONParser.parse(Array(body.utf8))) != nil)

            let write = lines[1]
            #expect(write.text("method") == "PUT")
            #expect(write.text("request_body")?.contains("MUG-KAURI-350") == true)
            #expect(lines[2]["fault"] == .bool(true))
            #expect(lines[2]["status"] == .number("503"))
            #expect(lines[3...].allSatisfy { $0.text("path") == "/api.xro/2.0/Accounts" })
        }
    }
}
