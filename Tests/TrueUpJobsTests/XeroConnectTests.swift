import AsyncHTTPClient
import Foundation
import Logging
import Testing
import TrueUpCore
import TrueUpJobs
import TrueUpStore
import TrueUpTestSupport
import XeroKit

@Suite struct XeroConnectTests {
    static let demo = "\(RepositoryPaths.scenarios)/demo"

    /// Connects `pair` the way a person does: the authorise URL is opened, Xero (the sandbox)
    /// sends the browser back to the loopback redirect, and the code is exchanged.
    static func browserConnect(
        _ live: LiveSandbox, store: StateStore, pair: String
    ) async throws -> StoredXeroConnection {
        let connect = XeroConnect(
            pair: pair, endpointBase: live.server.baseURL,
            client: XeroClientCredentials(clientID: live.configuration.clientID, clientSecret: nil), tenant: nil,
            store: store, transport: live.transport, logger: Logger(label: "test"))
        let transport = live.transport
        return try await connect.connectInteractively(
            redirect: LoopbackRedirect(port: 0, logger: Logger(label: "test")),
            timeout: .seconds(20)
        ) { url in
            Task {
                guard
                    let consent = try? await transport.send(
                        HTTPRequestSpec(method: "GET", url: url, timeout: .seconds(5))),
                    let location = consent.header("Location")
                else { return }
                let local = location.replacingOccurrences(of: "//localhost:", with: "//127.0.0.1:")
                _ = try? await transport.send(HTTPRequestSpec(method: "GET", url: local, timeout: .seconds(5)))
            }
        }
    }

    @Test func theBrowserFlowStoresTheConnectionWithARefreshToken() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let store = try StateStore.inMemory()
        let connection = try await Self.browserConnect(live, store: store, pair: "demo")
        #expect(connection.tenantID == live.configuration.tenantID)
        #expect(connection.grantType == "authorization_code")
        let stored = try #require(try await store.connection(pair: "demo"))
        #expect(stored.refreshToken != nil)
        #expect(stored.endpointBase == live.server.baseURL)
        #expect(!"\(stored)".contains(stored.accessToken))

        // The stored connection works, and an expired token is refreshed and the new one stored.
        let session = try await XeroSession.open(
            pair: "demo", store: store, transport: live.transport, logger: Logger(label: "t"))
        live.sandbox.expireAccessTokens()
        _ = try await session.client.readWhole("/Organisation")
        let refreshed = try #require(try await store.connection(pair: "demo"))
        #expect(refreshed.refreshToken != stored.refreshToken)
        #expect(refreshed.accessToken != stored.accessToken)
    }

    @Test func aRevokedGrantSaysToConnectAgain() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let store = try StateStore.inMemory()
        _ = try await Self.browserConnect(live, store: store, pair: "demo")
        let session = try await XeroSession.open(
            pair: "demo", store: store, transport: live.transport, logger: Logger(label: "t"))
        live.sandbox.revokeGrants()
        do {
            _ = try await session.client.readWhole("/Organisation")
            Issue.record("a revoked grant still worked")
        } catch {
            #expect(error.description.contains("run 'trueup connect xero' again"))
        }
    }

    @Test func aCustomConnectionNeedsOnlyTheClientCredentials() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let store = try StateStore.inMemory()
        let connection = try await XeroConnect(
            pair: "demo", endpointBase: live.server.baseURL, client: live.credentials, tenant: nil, store: store,
            transport: live.transport, logger: Logger(label: "test")
        ).connectCustom()
        #expect(connection.grantType == "client_credentials")
        #expect(connection.refreshToken == nil)

        let wrong = XeroConnect(
            pair: "demo", endpointBase: live.server.baseURL,
            client: XeroClientCredentials(clientID: live.configuration.clientID, clientSecret: "not-it"), tenant: nil,
            store: store, transport: live.transport, logger: Logger(label: "test"))
        await #expect(throws: TrueUpError.self) { _ = try await wrong.connectCustom() }
    }

    @Test func doctorChecksTheAccountsBeforeAnythingIsWritten() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let client = live.client()
        let good = await XeroDoctor(client: client, settings: nil).run()
        #expect(good.allSatisfy { $0.verdict != .fail }, "\(good)")
        #expect(good.contains { $0.subject == "inventory account" && $0.detail.contains("630") })

        var settings = PairSettings()
        settings.baseCurrency = try Currency(code: "AUD")
        settings.adjustments = AdjustmentSettings(inventoryAccountCode: "200", adjustmentAccountCode: "999")
        let bad = await XeroDoctor(client: client, settings: settings).run()
        let failures = bad.filter { $0.verdict == .fail }.map(\.subject)
        #expect(failures.contains("inventory account"))
        #expect(failures.contains("adjustment account"))
        #expect(failures.contains("base currency"))
    }
}
