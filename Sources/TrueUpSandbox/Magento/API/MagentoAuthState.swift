import Foundation

/// The admin tokens the sandbox has issued, with their expiry. Tokens are random opaque strings.
struct MagentoAuthState {
    private var adminTokens: [String: Date] = [:]

    mutating func issue(now: Date, lifetime: Duration) -> String {
        let token = RandomToken.make(bytes: 24)
        adminTokens[token] = now.addingTimeInterval(lifetime.timeInterval)
        return token
    }

    /// Whether a token is an admin token that has not expired.
    func isValid(_ token: String, now: Date) -> Bool {
        guard let expires = adminTokens[token] else { return false }
        return now < expires
    }

    /// Every admin token issued so far expires now.
    mutating func expireAll(now: Date) {
        for token in adminTokens.keys { adminTokens[token] = now }
    }
}
