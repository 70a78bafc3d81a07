import Foundation
import GRDB
import Testing
import TrueUpCore
import TrueUpStore
import TrueUpTestSupport

@Suite("Xero connections in the state")
struct ConnectionTests {
    static func connection(pair: String = "shop") -> StoredXeroConnection {
        StoredXeroConnection(
            pair: pair, grantType: "authorization_code", clientID: "app", clientSecret: "very-secret", tenantID: "t1",
            tenantName: "Harbour Lane", endpointBase: nil, accessToken: "access-1", refreshToken: "refresh-1",
            expiresAt: Date(timeIntervalSince1970: 1_795_200_000), scope: "offline_access",
            connectedAt: Date(timeIntervalSince1970: 1_795_100_000))
    }

    @Test("Tokens rotate durably, and a connection never prints a secret")
    func rotate() async throws {
        let folder = try TemporaryFolder()
        let store = try StateStore(path: "\(folder.path)/state.sqlite")
        try await store.saveConnection(Self.connection(), at: Date())
        try await store.saveTokens(
            pair: "shop", accessToken: "access-2", refreshToken: "refresh-2",
            expiresAt: Date(timeIntervalSince1970: 1_795_300_000), scope: nil, at: Date())
        let stored = try #require(try await store.connection(pair: "shop"))
        #expect(stored.accessToken == "access-2" && stored.refreshToken == "refresh-2")
        #expect(stored.scope == "offline_access")
        #expect(stored.clientSecret == "very-secret")
        for text in ["\(stored)", String(describing: stored)] {
            #expect(!text.contains("access-2") && !text.contains("refresh-2") && !text.contains("very-secret"))
        }
        // The durable write leaves the connection at the store's usual setting.
        let synchronous = try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 1)
        // A reopened store reads the rotated tokens.
        let reopened = try StateStore(path: "\(folder.path)/state.sqlite")
        #expect(try await reopened.connection(pair: "shop")?.refreshToken == "refresh-2")
    }

    @Test("Saving tokens for a pair with no connection says how to make one")
    func missing() async throws {
        let store = try StateStore.inMemory()
        #expect(try await store.connection(pair: "shop") == nil)
        await #expect(throws: TrueUpError.self) {
            try await store.saveTokens(
                pair: "shop", accessToken: "a", refreshToken: nil, expiresAt: Date(), scope: nil, at: Date())
        }
    }
}
