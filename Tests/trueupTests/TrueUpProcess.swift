import Foundation
import Synchronization
import TrueUpTestSupport

/// What one run of the executable printed and how it ended.
struct TrueUpRun {
    let status: Int32
    let output: String
    let errors: String
}

/// Runs the built `trueup` with `arguments` to the end, without the caller's `TRUEUP_STATE`.
///
/// The wait happens on a thread of its own: a test that blocked one of Swift's few cooperative
/// threads on a child could starve the sandbox the child is talking to, served by the same process.
func runTrueUp(_ arguments: [String], environment: [String: String] = [:]) async throws -> TrueUpRun {
    try await TrueUpChild(arguments, environment: environment).finished()
}

/// Bytes a child writes to one pipe, collected as they arrive.
final class PipeReader: Sendable {
    private let bytes = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes.withLock { $0.append(chunk) }
            }
            done.signal()
        }
    }

    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Waits for the end of the stream.
    func waitForEnd() { done.wait() }
}

/// A running `trueup`, whose output can be read while it runs (a command that prints a URL and
/// waits, like `connect xero`). Both pipes are drained as the child writes, so neither fills up.
final class TrueUpChild: Sendable {
    private let process: Process
    private let output: PipeReader
    private let errors: PipeReader

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.product("trueup"))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["TRUEUP_STATE"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.run()
        self.process = process
        output = PipeReader(outputPipe)
        errors = PipeReader(errorPipe)
    }

    /// The first line of output containing `text`, waiting up to `timeout` seconds for it.
    func line(containing text: String, timeout: TimeInterval = 30) async -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = output.text.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Kills the child at once (SIGKILL), as the machine going down or the OOM killer would.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits, on a thread of its own, for the child to exit, and returns everything it printed.
    func finished() async -> TrueUpRun {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                process.waitUntilExit()
                output.waitForEnd()
                errors.waitForEnd()
                continuation.resume(
                    returning: TrueUpRun(status: process.terminationStatus, output: output.text, errors: errors.text))
            }
        }
    }
}
