import AsyncHTTPClient
import Foundation
import Logging
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: the server and its logs")
struct MagentoServerTests {
    @Test func xeroAndMagentoShareOnePortAndOneExchangeLog() async throws {
        let folder = try TemporaryFolder("magento-exchanges")
        let path = "\(folder.path)/exchanges.jsonl"
        var xeroConfiguration = XeroSandboxConfiguration()
        xeroConfiguration.exchangeLog = path
        var magentoConfiguration = MagentoSandboxConfiguration()
        magentoConfiguration.exchangeLog = path
        let clock = TestClock()
        magentoConfiguration.now = { clock.now }
        let seed = try Harness.demoItemsAndInvoices()
        let xero = try XeroSandbox(scenario: seed.path, configuration: xeroConfiguration)
        let magento = try MagentoSandbox(scenario: MagentoHarness.demo, configuration: magentoConfiguration)
        let logs = CollectedLogs()
        let logger = Logger(label: "sandbox") { _ in CollectingHandler(logs: logs) }
        let server = try await SandboxServer.start(xero: xero, magento: magento, logger: logger)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let xeroHarness = Harness(sandbox: xero, server: server, client: client, clock: clock)
        let h = MagentoHarness(sandbox: magento, server: server, client: client, clock: clock)
        do {
            let xeroToken = try await xeroHarness.token()
            #expect(try await xeroHarness.get("Items", token: xeroToken).status == 200)

            let token = try await h.token()
            _ = try await h.search("orders", Criteria.page(size: 2, current: 1), token: token)
            _ = try await h.write(.post, "inventory/source-items", MagentoFaultTests.save, token: token)
            magento.inject(.serviceUnavailable)
            _ = try await h.search("orders", [], token: token)
            magento.inject(.malformedBody)
            _ = try await h.search("orders", [], token: token)
            _ = try await h.get("nowhere", token: token)

            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(!text.contains(token))
            #expect(!text.contains("admin123"))
            let lines = text.split(separator: "\n").map { line -> JSONObject in
                guard case .object(let object)? = try? JSONParser.parse(Array(line.utf8)) else { return JSONObject() }
                return object
            }
            #expect(lines.map { $0.text("path") ?? "" }.filter { $0.hasPrefix("/api.xro/2.0/") }.count == 1)
            var shop = lines.filter { $0.text("path")?.hasPrefix("/rest/") == true }
            // The token call is kept with its password and token redacted; the malformed body is left out.
            #expect(shop.count == 5)
            let tokenCall = shop.removeFirst()
            #expect(tokenCall.text("path") == "/rest/V1/integration/admin/token")
            #expect(tokenCall.text("request_body")?.contains("\"password\":\"[redacted]\"") == true)
            #expect(tokenCall.text("request_body")?.contains("\"username\":\"admin\"") == true)
            #expect(tokenCall.text("response_body") == "\"[redacted]\"")
            let search = shop[0]
            #expect(
                search.keys == [
                    "method", "path", "query", "request_headers", "request_body", "status", "response_headers",
                    "response_body",
                ])
            #expect(search.text("method") == "GET")
            #expect(search.text("path") == "/rest/default/V1/orders")
            #expect(search.text("query") == "searchCriteria%5BpageSize%5D=2&searchCriteria%5BcurrentPage%5D=1")
            #expect(search["status"] == .number("200"))
            #expect(search.object("request_headers")?["authorization"] == nil)
            #expect(search.object("request_headers")?.text("accept") == "application/json")
            #expect(search.object("response_headers")?.text("content-type")?.hasPrefix("application/json") == true)
            let body = try #require(search.text("response_body"))
            #expect((try? JSONParser.parse(Array(body.utf8))) != nil)
            #expect(shop[1].text("method") == "POST")
            #expect(shop[1].text("request_body")?.contains("MUG-KAURI-350") == true)
            #expect(shop[1].text("response_body") == "[]")
            #expect(shop[2]["fault"] == .bool(true))
            #expect(shop[2]["status"] == .number("503"))
            #expect(shop[3]["status"] == .number("404"))

            let magentoLogs = logs.all.filter { $0.message == "sandbox.magento.call" }
            #expect(magentoLogs.count == 6)
            #expect(magentoLogs.allSatisfy { $0.level == .info && $0.metadata["duration.ms"] != nil })
            #expect(magentoLogs.first?.metadata["http.target"].map { "\($0)" } == "/rest/V1/integration/admin/token")
            #expect(logs.all.filter { $0.message == "sandbox.xero.call" }.count == 2)
            let everything = logs.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            #expect(!everything.contains("Bearer"))
            #expect(!everything.contains("admin123"))
        } catch {
            Issue.record(error)
        }
        try await client.shutdown()
        await server.stop()
        withExtendedLifetime(seed) {}
    }

    @Test func aServerNeedsSomethingToServe() async throws {
        await #expect(throws: SandboxServerError.self) {
            _ = try await SandboxServer.start(logger: Logger(label: "sandbox"))
        }
    }
}
