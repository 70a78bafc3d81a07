import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

@Suite("Magento sandbox: tokens and routes")
struct MagentoAuthTests {
    @Test func theAdminTokenIsAJSONStringThatOpensTheAPI() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            #expect(token.count >= 20)
            for store in ["/rest/default/V1/", "/rest/all/V1/", "/rest/V1/"] {
                let reply = try await h.send(.get, store + "orders?searchCriteria=", headers: h.headers(token))
                #expect(reply.status == 200, "\(store)")
                #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test(arguments: [
        #"{"username":"admin","password":"wrong"}"#, #"{"username":"someone","password":"admin123"}"#,
    ])
    func wrongCredentialsAre401WithMagentosMessage(body: String) async throws {
        try await MagentoHarness.with { h in
            let reply = try await h.send(
                .post, "/rest/default/V1/integration/admin/token", headers: [("Content-Type", "application/json")],
                body: body)
            #expect(reply.status == 401)
            #expect(
                try reply.json().text("message")
                    == "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
            )
        }
    }

    @Test func aTokenRequestWithoutAPasswordIsRequired() async throws {
        try await MagentoHarness.with { h in
            let reply = try await h.send(
                .post, "/rest/V1/integration/admin/token", headers: [("Content-Type", "application/json")],
                body: #"{"username":"admin"}"#)
            #expect(reply.status == 400)
            #expect(try reply.json().text("message") == "\"%fieldName\" is required. Enter and try again.")
            #expect(try reply.json().object("parameters")?.text("fieldName") == "password")
        }
    }

    @Test(arguments: [nil, "Bearer not-a-token", "Basic YWRtaW46YWRtaW4xMjM="])
    func callsWithoutAValidTokenAre401NamingTheResource(authorization: String?) async throws {
        try await MagentoHarness.with { h in
            let headers = authorization.map { [("Authorization", $0)] } ?? []
            let orders = try await h.send(.get, "/rest/default/V1/orders?searchCriteria=", headers: headers)
            #expect(orders.status == 401)
            #expect(try orders.json().text("message") == "The consumer isn't authorized to access %resources.")
            #expect(try orders.json().object("parameters")?.text("resources") == "Magento_Sales::actions_view")
            let items = try await h.send(
                .get, "/rest/default/V1/inventory/source-items?searchCriteria=", headers: headers)
            #expect(try items.json().object("parameters")?.text("resources") == "Magento_InventoryApi::source")
            #expect(h.sandbox.orders().count == 5)
        }
    }

    @Test func anAdminTokenLastsFourHoursOnTheSandboxClock() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            h.clock.advance(4 * 3600 - 1)
            #expect(try await h.search("orders", [], token: token).status == 200)
            h.clock.advance(1)
            #expect(try await h.search("orders", [], token: token).status == 401)
            let fresh = try await h.token()
            h.sandbox.expireAdminTokens()
            #expect(try await h.search("orders", [], token: fresh).status == 401)
        }
    }

    @Test func integrationTokensAreAcceptedAsBearerTokens() async throws {
        var configuration = MagentoSandboxConfiguration()
        configuration.integrationTokens = ["integration-access-token"]
        try await MagentoHarness.with(configuration: configuration) { h in
            h.clock.advance(30 * 24 * 3600)
            let accepted = try await h.search("orders", [], token: "integration-access-token")
            #expect(accepted.status == 200)
            let refused = try await h.search("orders", [], token: "integration-access-token-2")
            #expect(refused.status == 401)
        }
    }

    @Test(arguments: [
        ("GET", "/rest/default/V1/nothing-here"), ("DELETE", "/rest/default/V1/orders"),
        ("GET", "/rest/default/V2/orders"), ("PUT", "/rest/default/V1/orders/311/comments"),
    ])
    func unknownRoutesAre404RequestDoesNotMatchAnyRoute(method: String, path: String) async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.send(HTTPMethodName(rawValue: method) ?? .get, path, headers: h.headers(token))
            #expect(reply.status == 404)
            #expect(try reply.json().text("message") == "Request does not match any route.")
        }
    }

    @Test func aBodyThatIsNotJSONIsADecodingError() async throws {
        try await MagentoHarness.with { h in
            let token = try await h.token()
            let reply = try await h.write(.post, "inventory/source-items", #"{"sourceItems": [ {"sku": "#, token: token)
            #expect(reply.status == 400)
            #expect(try reply.json().text("message") == "Decoding error.")
            let tokenReply = try await h.send(
                .post, "/rest/V1/integration/admin/token", headers: [("Content-Type", "application/json")], body: "{")
            #expect(tokenReply.status == 400)
        }
    }

    @Test func aMissingScenarioFolderIsRefusedAndABadFileIsNamed() throws {
        #expect(throws: TrueUpError.self) { _ = try MagentoSandbox(scenario: "/nonexistent/scenario") }
        let folder = try TemporaryFolder("magento-bad-seed")
        try FileManager.default.createDirectory(atPath: "\(folder.path)/magento", withIntermediateDirectories: true)
        try Data("{\"items\": [".utf8).write(to: URL(fileURLWithPath: "\(folder.path)/magento/orders.json"))
        let error = #expect(throws: TrueUpError.self) { _ = try MagentoSandbox(scenario: folder.path) }
        #expect(error?.description.contains("magento/orders.json") == true)
        try Data(#"{"total_count": 0}"#.utf8).write(to: URL(fileURLWithPath: "\(folder.path)/magento/orders.json"))
        let shape = #expect(throws: TrueUpError.self) { _ = try MagentoSandbox(scenario: folder.path) }
        #expect(shape?.description.contains("\"items\"") == true)
    }

    @Test func anEmptyScenarioIsAnEmptyShopWithTheDefaultSource() async throws {
        let folder = try TemporaryFolder("magento-empty")
        try await MagentoHarness.with(scenario: folder.path) { h in
            let token = try await h.token()
            let items = try await h.search("inventory/source-items", [], token: token)
            #expect(items.status == 200)
            #expect(try items.items.isEmpty)
            #expect(items.totalCount == 0)
            let sources = try await h.search("inventory/sources", [], token: token)
            #expect(try sources.items.map { $0.text("source_code") } == ["default"])
        }
    }
}
