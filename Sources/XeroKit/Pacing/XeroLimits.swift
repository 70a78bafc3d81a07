/// Xero's per-tenant limits (DESIGN §6): calls at once, calls in a sliding minute, calls a day.
public struct XeroLimits: Sendable, Hashable {
    public var concurrent: Int
    public var perMinute: Int
    public var perDay: Int
    /// The length of the "minute": 60 s against Xero; shorter in tests that must run fast.
    public var window: Duration
    /// Added to the window before a slot counts as free, so that calls arriving at the server a
    /// little later than they left here are still outside its window.
    public var margin: Duration

    /// Xero's standard tier: 5 at once, 60 a minute, 5000 a day.
    public static let standard = XeroLimits()
    /// Xero's Starter tier: 1000 calls a day.
    public static let starter = XeroLimits(perDay: 1000)

    public init(
        concurrent: Int = 5, perMinute: Int = 60, perDay: Int = 5000, window: Duration = .seconds(60),
        margin: Duration? = nil
    ) {
        self.concurrent = max(1, concurrent)
        self.perMinute = max(1, perMinute)
        self.perDay = max(1, perDay)
        self.window = window
        self.margin = margin ?? max(window / 50, .milliseconds(250))
    }
}
