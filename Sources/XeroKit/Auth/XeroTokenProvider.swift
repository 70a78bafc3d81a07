public import Foundation

/// Hands out a fresh access token for one connection. Refreshes are serialised: callers that
/// find the token stale together share one refresh, so a rotated refresh token is never sent
/// twice (which Xero answers with `invalid_grant`). The new tokens are saved before any caller
/// gets the access token.
public actor XeroTokenProvider {
    public let grant: XeroGrant
    private let client: XeroClientCredentials
    private let endpoint: TokenEndpoint
    private let store: any XeroTokenStore
    private let now: @Sendable () -> Date
    private var current: XeroTokens?
    private var refreshing: (task: Task<XeroTokens, any Error>, generation: Int)?
    /// Which refresh the held tokens came from: a later refresh always wins.
    private var generation = 0
    private var currentGeneration = 0
    /// Token requests made, for the run's count of calls.
    public private(set) var refreshes = 0

    public init(
        grant: XeroGrant, client: XeroClientCredentials, endpoint: TokenEndpoint, store: any XeroTokenStore,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.grant = grant
        self.client = client
        self.endpoint = endpoint
        self.store = store
        self.now = now
    }

    /// A token with at least a minute to live.
    public func accessToken() async throws(XeroError) -> String {
        if current == nil {
            let loaded = try await loadStored()
            // Another caller may have loaded or refreshed while this one waited: keep the newer.
            if current == nil { current = loaded }
        }
        if let current, current.isFresh(at: now()) { return current.accessToken }
        return try await renew(stale: current?.accessToken).accessToken
    }

    /// The API said the token is not good (401): renew unless another caller already did.
    public func invalidate(_ token: String) async throws(XeroError) {
        _ = try await renew(stale: token)
    }

    private func renew(stale: String?) async throws(XeroError) -> XeroTokens {
        if let refreshing {
            let fresh = try await Self.value(of: refreshing.task)
            // This caller may resume before the one that started the refresh: record it here too.
            adopt(fresh, generation: refreshing.generation)
            return fresh
        }
        if let current, current.accessToken != stale, current.isFresh(at: now()) { return current }
        let task = Task { [grant, client, endpoint, store, now, current] () async throws -> XeroTokens in
            // Another process may have refreshed since this one loaded: its tokens are the live ones.
            let stored = try? await store.load()
            if let stored, stored.accessToken != stale, stored.isFresh(at: now()) { return stored }
            let basis = stored ?? current
            let fresh: XeroTokens
            switch grant {
            case .clientCredentials:
                fresh = try await endpoint.clientCredentials(client, now: now())
            case .authorizationCode:
                guard let refreshToken = basis?.refreshToken else {
                    throw XeroError.notAuthorised(
                        "this Xero connection has no refresh token; run 'trueup connect xero' again")
                }
                fresh = try await endpoint.refresh(refreshToken, client: client, now: now())
            }
            do {
                try await store.save(fresh)
            } catch {
                throw XeroError.unavailable(
                    "Xero issued new tokens but they could not be saved (\(error)); run 'trueup connect xero' again")
            }
            return fresh
        }
        generation += 1
        let mine = generation
        refreshing = (task, mine)
        refreshes += 1
        defer { if refreshing?.generation == mine { refreshing = nil } }
        let fresh = try await Self.value(of: task)
        adopt(fresh, generation: mine)
        return fresh
    }

    /// Keeps `fresh` unless tokens from a later refresh are already held.
    private func adopt(_ fresh: XeroTokens, generation: Int) {
        guard generation >= currentGeneration else { return }
        currentGeneration = generation
        current = fresh
    }

    private func loadStored() async throws(XeroError) -> XeroTokens? {
        do {
            return try await store.load()
        } catch {
            throw .unavailable("the stored Xero tokens cannot be read: \(error)")
        }
    }

    private static func value(of task: Task<XeroTokens, any Error>) async throws(XeroError) -> XeroTokens {
        do {
            return try await task.value
        } catch let error as XeroError {
            throw error
        } catch {
            throw .unavailable(String(describing: error))
        }
    }
}
