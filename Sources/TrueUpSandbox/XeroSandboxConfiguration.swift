public import Foundation

/// How an emulated Xero behaves: its one app's credentials, its tenant, its limits and its clock.
public struct XeroSandboxConfiguration: Sendable {
    /// The only client id the token endpoint accepts.
    public var clientID = "sandbox-client"
    /// The secret that goes with ``clientID`` (Basic auth or `client_secret` in the body).
    public var clientSecret = "sandbox-secret"
    /// The organisation's tenant id: what `/connections` lists and `xero-tenant-id` must carry.
    /// It is also the organisation's `OrganisationID`.
    public var tenantID = "8b5a5e3c-0c8a-4f4e-9d7a-6a3f2b1c0d9e"
    /// The API's limits per tenant; change them later with ``XeroSandbox/setLimits(_:)``.
    public var limits = XeroRateLimits()
    /// How long an access token is good for (`expires_in`); Xero's are 30 minutes.
    public var accessTokenLifetime: Duration = .seconds(1800)
    /// The path of a JSON Lines file that receives one line per `/api.xro/2.0` exchange, for
    /// checking the traffic against Xero's OpenAPI spec. `nil` records nothing.
    public var exchangeLog: String? = nil
    /// The sandbox's clock: `UpdatedDateUTC`, token expiry, rate-limit windows and the day's
    /// reset all read it, so a test can move time on without waiting.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}

/// Xero's API limits per tenant (and the app-wide minute limit whose remainder every response reports).
public struct XeroRateLimits: Sendable, Equatable {
    /// Calls in any sliding ``window`` (Xero: 60 a minute).
    public var perMinute = 60
    /// Calls per UTC day (Xero: 5000; 1000 on the Starter tier).
    public var perDay = 5000
    /// Calls in flight at once (Xero: 5).
    public var concurrent = 5
    /// Calls per window across the whole app (Xero: 10,000 a minute).
    public var appPerMinute = 10_000
    /// The length of the sliding window the minute limits count in; shorten it in tests.
    public var window: Duration = .seconds(60)

    public init(
        perMinute: Int = 60, perDay: Int = 5000, concurrent: Int = 5, appPerMinute: Int = 10_000,
        window: Duration = .seconds(60)
    ) {
        self.perMinute = perMinute
        self.perDay = perDay
        self.concurrent = concurrent
        self.appPerMinute = appPerMinute
        self.window = window
    }
}
