import AsyncHTTPClient
import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

/// A running Magento sandbox seeded from a scenario, with an HTTP client and helpers for the
/// calls tests make.
struct MagentoHarness: ServerHarness {
    let sandbox: MagentoSandbox
    let server: RunningSandbox
    let client: HTTPClient
    let clock: TestClock

    static let demo = "\(RepositoryPaths.scenarios)/demo"

    /// The base of the REST paths: `/rest/default/V1/`.
    static let base = "/rest/default/V1/"

    /// Runs `body` against a fresh Magento sandbox over real HTTP on 127.0.0.1, then stops it.
    static func with(
        scenario: String = demo, configuration: MagentoSandboxConfiguration = .init(),
        _ body: (MagentoHarness) async throws -> Void
    ) async throws {
        let clock = TestClock()
        var configuration = configuration
        configuration.now = { clock.now }
        let sandbox = try MagentoSandbox(scenario: scenario, configuration: configuration)
        try await withServer(magento: sandbox, logLabel: "magento-sandbox-tests") { server, client in
            try await body(MagentoHarness(sandbox: sandbox, server: server, client: client, clock: clock))
        }
    }

    /// An admin token for the configured admin.
    func token() async throws -> String {
        let configuration = sandbox.configuration
        let reply = try await send(
            .post, "/rest/V1/integration/admin/token", headers: [("Content-Type", "application/json")],
            body: #"{"username":"\#(configuration.adminUsername)","password":"\#(configuration.adminPassword)"}"#)
        #expect(reply.status == 200)
        guard case .string(let token) = try JSONParser.parse(reply.bytes) else {
            throw HarnessError(message: "the token is not a JSON string: \(reply.text)")
        }
        return token
    }

    func headers(_ token: String, json: Bool = false) -> [(String, String)] {
        [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
            + (json ? [("Content-Type", "application/json")] : [])
    }

    /// `GET /rest/default/V1/<path>`.
    func get(_ path: String, token: String) async throws -> Reply {
        try await send(.get, Self.base + path, headers: headers(token))
    }

    /// A search: `GET /rest/default/V1/<path>?<criteria>`, each name and value percent-encoded.
    func search(_ path: String, _ criteria: [(String, String)], token: String) async throws -> Reply {
        let query = criteria.isEmpty ? "searchCriteria=" : FormEncoding.encode(criteria)
        return try await send(.get, Self.base + path + "?" + query, headers: headers(token))
    }

    /// `POST`/`PUT /rest/default/V1/<path>` with a JSON body.
    func write(_ method: HTTPMethodName, _ path: String, _ body: String, token: String) async throws -> Reply {
        try await send(method, Self.base + path, headers: headers(token, json: true), body: body)
    }
}

/// Search criteria as query pairs, spelt as the brief of a test needs them.
enum Criteria {
    static func filter(
        _ group: Int, _ index: Int, _ field: String, _ value: String, _ condition: String? = nil
    ) -> [(String, String)] {
        let prefix = "searchCriteria[filter_groups][\(group)][filters][\(index)]"
        var pairs = [("\(prefix)[field]", field), ("\(prefix)[value]", value)]
        if let condition { pairs.append(("\(prefix)[condition_type]", condition)) }
        return pairs
    }

    static func sort(_ index: Int, _ field: String, _ direction: String) -> [(String, String)] {
        [
            ("searchCriteria[sort_orders][\(index)][field]", field),
            ("searchCriteria[sort_orders][\(index)][direction]", direction),
        ]
    }

    static func page(size: Int, current: Int) -> [(String, String)] {
        [("searchCriteria[pageSize]", String(size)), ("searchCriteria[currentPage]", String(current))]
    }
}

extension Reply {
    /// The `items` of a search result.
    var items: [JSONObject] {
        get throws { try records("items") }
    }

    var totalCount: Int? {
        (try? json())?.integer("total_count").map { Int($0) }
    }

    /// The body as a JSON value of any kind.
    func value() throws -> JSONValue { try JSONParser.parse(bytes) }
}

extension JSONObject {
    /// A member as its JSON text: `"12"` for `12`, the text for a string.
    func scalar(_ key: String) -> String? { decimal(key) }
}
