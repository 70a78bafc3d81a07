public import Foundation
public import Logging
public import TrueUpCore

/// Keeps a pair's lease from expiring while its run works: renews it every third of its time to
/// live until ``stop()``. A run that is killed stops renewing, and its lease goes stale `ttl` later
/// for the next run to take over.
///
/// ```swift
/// try await store.acquireLease(pair: pair, holder: holder, ttl: .seconds(300), now: Date())
/// let keeper = LeaseKeeper(store: store, pair: pair, holder: holder, ttl: .seconds(300))
/// await keeper.start()
/// // ... the run's stages, calling `try await keeper.check()` before each write ...
/// await keeper.stop()
/// try await store.releaseLease(pair: pair, holder: holder)
/// ```
public actor LeaseKeeper {
    public let pair: String
    public let holder: LeaseHolder
    public let ttl: Duration
    private let store: StateStore
    private let logger: Logger
    private let now: @Sendable () -> Date
    private var task: Task<Void, Never>?
    private var lostError: TrueUpError?
    /// Renewals done so far.
    public private(set) var renewals = 0

    public init(
        store: StateStore, pair: String, holder: LeaseHolder, ttl: Duration,
        logger: Logger = Logger(label: "trueup.lease"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.pair = pair
        self.holder = holder
        self.ttl = ttl
        self.logger = logger
        self.now = now
    }

    /// Why the lease is no longer this run's (another run took it over after a renewal failed
    /// for longer than its time to live), or `nil` while it is.
    public var lost: TrueUpError? { lostError }

    /// Throws ``lost``, if the lease is lost: a run calls this before its writes, so that a run
    /// whose pair another run has taken over stops instead of writing beside it.
    public func check() throws(TrueUpError) {
        if let lostError { throw lostError }
    }

    /// Starts renewing; a keeper already started carries on.
    public func start() {
        guard task == nil, lostError == nil else { return }
        let interval = max(ttl / 3, .milliseconds(50))
        task = Task { [weak self] in
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                guard let self, await self.renew() else { return }
            }
        }
    }

    /// Stops renewing, and waits until no renewal is under way. The lease stays until released.
    public func stop() async {
        guard let task else { return }
        task.cancel()
        await task.value
        self.task = nil
    }

    /// One renewal; `false` once the lease is lost and renewing is over.
    private func renew() async -> Bool {
        do {
            try await store.renewLease(pair: pair, holder: holder, ttl: ttl, now: now())
            renewals += 1
            return true
        } catch {
            // A busy state file is worth another try at the next tick; a lease that is someone
            // else's is not.
            let current: LeaseRecord?
            do {
                current = try await store.lease(pair: pair)
            } catch let readError {
                logger.warning("lease.renew.failed", metadata: ["pair": "\(pair)", "error": "\(readError.message)"])
                return true
            }
            if let current, current.holder == holder.id {
                logger.warning(
                    "lease.renew.failed",
                    metadata: [
                        "pair": "\(pair)", "error": "\(error.message)",
                        "expires": "\(ISOTimestamp.format(current.expiresAt))",
                    ])
                return true
            }
            logger.error("lease.lost", metadata: ["pair": "\(pair)", "error": "\(error.message)"])
            lostError = error
            return false
        }
    }
}
