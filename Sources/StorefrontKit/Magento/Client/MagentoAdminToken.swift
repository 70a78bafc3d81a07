import Foundation

/// The admin token one ``MagentoClient`` uses, shared by all its callers: fetched when first
/// needed, renewed once it is ``renewAfter`` old (Magento's admin tokens last 4 hours) or when
/// Magento refuses it. Callers that need a new token together share one request.
actor MagentoAdminToken {
    private let renewAfter: TimeInterval
    private let now: @Sendable () -> Date
    private var current: (token: String, fetchedAt: Date)?
    private var fetching: Task<String, any Error>?

    init(renewAfter: Duration, now: @escaping @Sendable () -> Date) {
        self.renewAfter = TimeInterval(renewAfter.components.seconds)
        self.now = now
    }

    /// The token in use, or a new one from `fetch` when there is none or it is old.
    func token(fetch: @escaping @Sendable () async throws(MagentoError) -> String) async throws(MagentoError) -> String
    {
        if let current, now().timeIntervalSince(current.fetchedAt) < renewAfter { return current.token }
        return try await renew(fetch)
    }

    /// Magento refused `token` (401): forget it, unless another caller has replaced it already.
    func discard(_ token: String) {
        if current?.token == token { current = nil }
    }

    private func renew(
        _ fetch: @escaping @Sendable () async throws(MagentoError) -> String
    ) async throws(MagentoError) -> String {
        if let fetching { return try await Self.value(of: fetching) }
        let task = Task { () async throws -> String in try await fetch() }
        fetching = task
        defer { fetching = nil }
        let token = try await Self.value(of: task)
        current = (token, now())
        return token
    }

    private static func value(of task: Task<String, any Error>) async throws(MagentoError) -> String {
        do {
            return try await task.value
        } catch let error as MagentoError {
            throw error
        } catch {
            throw MagentoError(.unavailable, "the Magento admin token could not be fetched: \(error)")
        }
    }
}
