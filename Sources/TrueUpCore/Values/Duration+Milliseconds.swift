extension Duration {
    /// The duration in whole milliseconds, rounded toward zero: what logs and backoff arithmetic use.
    public var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
