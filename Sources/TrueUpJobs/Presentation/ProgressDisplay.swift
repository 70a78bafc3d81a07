import Foundation
import Synchronization
import TrueUpCore

/// One line of progress on a terminal for the long stages (pages fetched, batches sent), redrawn in
/// place at most ten times a second and cleared before anything else is printed. Quiet when
/// standard error is not a terminal (cron, systemd, Kubernetes), where the logs say it all.
public final class ProgressDisplay: Sendable {
    public let enabled: Bool
    private let state = Mutex<(stage: String, shown: Bool, drawn: ContinuousClock.Instant?)>(("", false, nil))

    /// - Parameter enabled: `nil` decides from standard error: a terminal that is not `dumb`.
    public init(enabled: Bool? = nil) {
        self.enabled =
            enabled ?? (isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb")
    }

    /// Runs `work` with the progress of its tasks shown on this display.
    public func showing<T, Failure: Error>(_ work: () async throws(Failure) -> T) async throws(Failure) -> T {
        guard enabled else { return try await work() }
        let sink: @Sendable (ProgressEvent) -> Void = { [self] event in self.show(event) }
        let result: Result<T, Failure> = await RunProgress.$sink.withValue(sink) {
            do throws(Failure) {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    func begin(_ stage: String) {
        state.withLock { $0.stage = stage }
        draw("\(stage)…", force: true)
    }

    func end(_ stage: String, seconds: Double, note: String?) {
        clear()
    }

    /// Erases the progress line, so that the next output starts on a clean line.
    public func clear() {
        guard enabled else { return }
        let shown = state.withLock { value in
            defer { value.shown = false }
            return value.shown
        }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    func show(_ event: ProgressEvent) {
        let count = event.total.map { "\(event.done)/\($0)" } ?? "\(event.done)"
        let stage = state.withLock { $0.stage }
        draw("\(stage): \(event.task) \(count) \(event.unit)", force: event.total == event.done)
    }

    private func draw(_ text: String, force: Bool) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let due = state.withLock { value in
            if !force, let drawn = value.drawn, now - drawn < .milliseconds(100) { return false }
            value.drawn = now
            value.shown = true
            return true
        }
        if due { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
    }
}
