import TrueUpCore

/// Random URL-safe text for the codes and tokens the emulated APIs issue.
enum RandomToken {
    /// `bytes` of entropy, base64url-encoded.
    static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(raw)
    }
}
