/// Xero's `Idempotency-Key`: the first response a write gets for a key is kept, and a repeat with
/// the same key gets it again byte for byte, with nothing done twice. That holds also when the
/// first response never reached the client (a lost response).
///
/// Keys are at most 128 characters. Only writes (PUT, POST, DELETE) use them, and only responses
/// the write itself produced (200 or a validation 400) are kept: a 429, 503 or auth failure did
/// nothing, so a retry with the same key runs the write.
struct XeroIdempotencyStore {
    static let maximumKeyLength = 128

    private var responses: [String: SandboxResponse] = [:]

    func response(for key: String) -> SandboxResponse? { responses[key] }

    mutating func keep(_ response: SandboxResponse, for key: String) {
        guard responses[key] == nil, response.status == 200 || response.status == 400 else { return }
        responses[key] = response
    }

    /// Why a key cannot be used, or `nil` when it can.
    static func problem(with key: String) -> String? {
        if key.isEmpty { return "The Idempotency-Key header is empty: omit it, or send 1 to 128 characters" }
        if key.count > maximumKeyLength {
            return "The Idempotency-Key header is \(key.count) characters long; the maximum is \(maximumKeyLength)"
        }
        return nil
    }
}
