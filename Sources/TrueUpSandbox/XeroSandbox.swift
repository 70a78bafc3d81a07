import Foundation
public import TrueUpCore

/// An emulated Xero organisation and the Xero endpoints TrueUp uses: OAuth 2.0 (authorisation
/// code with PKCE, refresh-token rotation, client credentials), `/connections`, and the accounting
/// API under `/api.xro/2.0` with Xero's envelopes, paging, filters, validation, idempotency keys
/// and rate limits. Serve it with ``SandboxServer/start(xero:magento:host:port:logger:)``.
///
/// The organisation starts from a scenario folder's `xero/*.json` files (see `DESIGN.md` §8) and
/// changes only through the API, as a real one does: stock moves only when an invoice with tracked
/// items is authorised. Tests look at the result with ``item(code:)``, ``invoices()`` and
/// ``calls()``, and steer the sandbox with ``inject(_:times:method:pathPrefix:)``, ``setLimits(_:)``,
/// ``useDayCalls(_:)``, ``revokeGrants()`` and ``expireAccessTokens()``.
public final class XeroSandbox: Sendable {
    private let base: XeroSandboxConfiguration
    let state: Locked<XeroState>
    let exchangeLog: ExchangeLog?
    let answering = WorkMeter()

    /// How long the sandbox has spent answering the accounting API, from the operation to the
    /// body written: what a benchmark takes away to see the client's own time.
    public var answeringTime: Duration { answering.elapsed }

    /// Seeds the organisation from `folder/xero/` (every file optional), or throws naming the file
    /// that cannot be read.
    public init(scenario folder: String, configuration: XeroSandboxConfiguration = .init()) throws {
        let store = try XeroSeed.load(folder: folder, tenantID: configuration.tenantID, now: configuration.now())
        base = configuration
        state = Locked(XeroState(store: store, limiter: XeroRateLimiter(limits: configuration.limits)))
        exchangeLog = configuration.exchangeLog.map(ExchangeLog.init(path:))
    }

    /// The configuration in force, with the limits as last set.
    public var configuration: XeroSandboxConfiguration {
        var current = base
        current.limits = state.withLock { $0.limiter.limits }
        return current
    }

    /// The sandbox's clock.
    var now: Date { base.now() }

    /// Makes the next `times` matching calls fail with `fault`. `method` (e.g. `PUT`) and
    /// `pathPrefix` (e.g. `/api.xro/2.0/Invoices`) narrow which calls match; without a prefix only
    /// accounting-API calls match, with one any path does (`/connect/token` too). Faults queue:
    /// each call takes the earliest one that matches.
    ///
    /// With `skipping`, that many matching calls are let through first: the fault hits the next ones.
    public func inject(
        _ fault: SandboxFault, times: Int = 1, skipping: Int = 0, method: String? = nil, pathPrefix: String? = nil
    ) {
        state.withLock {
            $0.faults.add(fault, times: times, skipping: skipping, method: method, pathPrefix: pathPrefix)
        }
    }

    /// The item with this code as it is now (what `GET /Items` would show, at full precision).
    public func item(code: String) -> JSONObject? {
        state.withLock { state in state.store.items.records.first { $0.text("Code") == code } }
    }

    /// Every invoice and bill as it is now, in the order they were made.
    public func invoices() -> [JSONObject] {
        state.withLock { $0.store.invoices.records }
    }

    /// Every call answered so far (OAuth, connections and API), oldest first.
    public func calls() -> [SandboxCall] {
        state.withLock { $0.calls }
    }

    /// Replaces the rate limits; calls already counted stay counted.
    public func setLimits(_ limits: XeroRateLimits) {
        state.withLock { $0.limiter.limits = limits }
    }

    /// Counts `n` more calls against today's limit, as if they had been made earlier today.
    public func useDayCalls(_ n: Int) {
        let now = now
        state.withLock { $0.limiter.useDayCalls(n, now: now) }
    }

    /// The user disconnects the app: every refresh token now gets `invalid_grant` and every access
    /// token a 401. A new authorisation still works.
    public func revokeGrants() {
        state.withLock { $0.auth.revokeAll() }
    }

    /// Every access token issued so far expires now; refresh tokens still work.
    public func expireAccessTokens() {
        let now = now
        state.withLock { $0.auth.expireAccessTokens(now: now) }
    }
}

/// Everything a sandbox changes, behind one lock.
struct XeroState {
    var store: XeroStore
    var auth = XeroAuthState()
    var limiter: XeroRateLimiter
    var faults = SandboxFaultQueue()
    var idempotency = XeroIdempotencyStore()
    var calls: [SandboxCall] = []

    init(store: XeroStore, limiter: XeroRateLimiter) {
        self.store = store
        self.limiter = limiter
    }
}
