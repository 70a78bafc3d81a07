import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_200_000)) {  // 2026-11-20T18:40:00Z
        current = start
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(_ seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }
}

/// A response read whole.
struct Reply {
    let status: Int
    let headers: [(String, String)]
    let bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as a JSON object (fails the test when it is not one).
    func json() throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(bytes) else {
            throw HarnessError(message: "expected a JSON object, got \(text.prefix(200))")
        }
        return object
    }

    /// The objects of a collection in an envelope, e.g. `Invoices`.
    func records(_ key: String) throws -> [JSONObject] {
        try (json().array(key) ?? []).compactMap { value in
            if case .object(let object) = value { return object }
            return nil
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A harness over a sandbox server running on 127.0.0.1, which it reaches with `client`.
protocol ServerHarness {
    var server: RunningSandbox { get }
    var client: HTTPClient { get }
}

extension ServerHarness {
    /// Starts a server for the given sandboxes, logging warnings and worse under `logLabel`, and a
    /// client that does not follow redirects; runs `body` with both, then shuts them down, also when
    /// `body` throws.
    static func withServer(
        xero: XeroSandbox? = nil, magento: MagentoSandbox? = nil, logLabel: String,
        _ body: (RunningSandbox, HTTPClient) async throws -> Void
    ) async throws {
        var logger = Logger(label: logLabel)
        logger.logLevel = .warning
        let server = try await SandboxServer.start(xero: xero, magento: magento, logger: logger)
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            try await body(server, client)
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
    }

    /// Sends a request to a path on the server and reads the whole response, up to 64 MiB (a large
    /// shop's pages); `timeout` in seconds.
    func send(
        _ method: HTTPMethodName, _ path: String, headers: [(String, String)] = [], body: String? = nil,
        timeout: Int64 = 10
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = .init(rawValue: method.rawValue)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(timeout))
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            bytes: Array(buffer.readableBytesView))
    }
}

/// A running sandbox seeded from a scenario, with an HTTP client and helpers for the calls tests make.
struct Harness: ServerHarness {
    let sandbox: XeroSandbox
    let server: RunningSandbox
    let client: HTTPClient
    let clock: TestClock

    var configuration: XeroSandboxConfiguration { sandbox.configuration }

    static let demo = "\(RepositoryPaths.scenarios)/demo"

    /// A scenario folder holding only the demo's `xero/Items.json` and `xero/Invoices.json`, so
    /// that tests of the defaults do not change when the demo gains more Xero files.
    static func demoItemsAndInvoices() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("sandbox-scenario")
        try FileManager.default.createDirectory(atPath: "\(folder.path)/xero", withIntermediateDirectories: true)
        for name in ["Items.json", "Invoices.json"] {
            try FileManager.default.copyItem(atPath: "\(demo)/xero/\(name)", toPath: "\(folder.path)/xero/\(name)")
        }
        return folder
    }

    /// Runs `body` against a fresh sandbox over real HTTP on 127.0.0.1, then stops it. Without a
    /// scenario the sandbox holds the demo's items and invoices and the default everything else.
    static func with(
        scenario: String? = nil, configuration: XeroSandboxConfiguration = .init(),
        _ body: (Harness) async throws -> Void
    ) async throws {
        let seed = try demoItemsAndInvoices()
        let scenario = scenario ?? seed.path
        let clock = TestClock()
        var configuration = configuration
        configuration.now = { clock.now }
        let sandbox = try XeroSandbox(scenario: scenario, configuration: configuration)
        try await withServer(xero: sandbox, logLabel: "sandbox-tests") { server, client in
            try await body(Harness(sandbox: sandbox, server: server, client: client, clock: clock))
        }
        withExtendedLifetime(seed) {}
    }

    /// A client-credentials access token (all scopes).
    func token() async throws -> String {
        let reply = try await send(
            .post, "/connect/token", headers: [("Authorization", basic()), ("Content-Type", Form.type)],
            body: "grant_type=client_credentials")
        #expect(reply.status == 200)
        return try reply.json().text("access_token") ?? ""
    }

    func basic(id: String? = nil, secret: String? = nil) -> String {
        let pair = "\(id ?? configuration.clientID):\(secret ?? configuration.clientSecret)"
        return "Basic " + Data(pair.utf8).base64EncodedString()
    }

    /// The headers an API call needs: the bearer token and the tenant.
    func apiHeaders(_ token: String, _ extra: [(String, String)] = []) -> [(String, String)] {
        [
            ("Authorization", "Bearer \(token)"), ("xero-tenant-id", configuration.tenantID),
            ("Accept", "application/json"),
        ]
            + extra
    }

    /// `GET /api.xro/2.0/<path>` with a fresh or given token.
    func get(_ path: String, token: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var bearer = token ?? ""
        if token == nil { bearer = try await self.token() }
        return try await send(.get, "/api.xro/2.0/" + path, headers: apiHeaders(bearer, headers))
    }

    /// `PUT`/`POST /api.xro/2.0/<path>` with a JSON body.
    func write(
        _ method: HTTPMethodName, _ path: String, _ body: String, token: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var bearer = token ?? ""
        if token == nil { bearer = try await self.token() }
        return try await send(
            method, "/api.xro/2.0/" + path,
            headers: apiHeaders(bearer, [("Content-Type", "application/json")] + headers), body: body)
    }
}

enum HTTPMethodName: String {
    case get = "GET"
    case put = "PUT"
    case post = "POST"
    case delete = "DELETE"
}

enum Form {
    static let type = "application/x-www-form-urlencoded"

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
    }
}

extension JSONObject {
    /// A member as decimal text (`"12.5000"`), for exact comparisons.
    func decimal(_ key: String) -> String? {
        switch self[key] {
        case .number(let text)?: text
        case .string(let text)?: text
        default: nil
        }
    }
}

/// The PKCE example of RFC 7636 Appendix B: a verifier and its S256 challenge.
enum PKCE {
    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
}
