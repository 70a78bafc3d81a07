public import Foundation
import Synchronization
public import TrueUpCore
public import TrueUpStore

/// Times a run's stages (DESIGN §1) and records each on the run as it ends, for `trueup runs show`;
/// tells the display which stage is under way.
public final class RunStages: Sendable {
    public let run: Int64
    let store: StateStore
    let now: @Sendable () -> Date
    let display: ProgressDisplay?
    private let current = Mutex<(stage: String, started: Date)?>(nil)

    public init(
        run: Int64, store: StateStore, display: ProgressDisplay? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.run = run
        self.store = store
        self.display = display
        self.now = now
    }

    /// The stage under way, if any.
    public var stage: String? { current.withLock { $0?.stage } }

    /// Starts `stage`; one left open is not recorded.
    public func start(_ stage: String) {
        let started = now()
        current.withLock { $0 = (stage, started) }
        display?.begin(stage)
    }

    /// Records the stage under way as done, with what it counted.
    public func finish(
        counts: [String: Int] = [:], status: RunStageStatus = .ok, note: String? = nil
    ) async throws(TrueUpError) {
        let open = current.withLock { value in
            defer { value = nil }
            return value
        }
        guard let (stage, started) = open else { return }
        let finished = now()
        display?.end(stage, seconds: finished.timeIntervalSince(started), note: note)
        try await store.recordStage(
            run: run, stage: stage, startedAt: started, finishedAt: finished, status: status, counts: counts,
            note: note)
    }

    /// Records the stage under way as failed with `error`; the recording itself may fail quietly,
    /// since the error is on its way to the run's record anyway.
    public func fail(_ error: TrueUpError) async {
        try? await finish(status: .failed, note: error.message)
    }

    /// Records a stage the job does not run this time, and why.
    public func skip(_ stage: String, because note: String) async throws(TrueUpError) {
        let at = now()
        try await store.recordStage(
            run: run, stage: stage, startedAt: at, finishedAt: at, status: .skipped, counts: [:], note: note)
    }
}
