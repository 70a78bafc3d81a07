import ArgumentParser
import Foundation
import Logging
import TrueUpCore
import TrueUpStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The state database (default: $TRUEUP_STATE, else ~/.local/state/trueup/state.sqlite).", valueName: "path"))
    var state: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How much to log to stderr: trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "warning"

    mutating func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// Sets up logging to stderr, once per process.
    func logger(_ label: String) -> Logger {
        LoggingBootstrap.once()
        var logger = Logger(label: "trueup.\(label)")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        return logger
    }

    /// Opens the state, waiting up to TRUEUP_BUSY_TIMEOUT seconds (default 10) for another run's write.
    func openStore() throws(TrueUpError) -> StateStore {
        let timeout = ProcessInfo.processInfo.environment["TRUEUP_BUSY_TIMEOUT"].flatMap(Double.init) ?? 10
        return try StateStore(path: StatePath.resolve(option: state), busyTimeout: max(0, timeout))
    }
}

enum LoggingBootstrap {
    private static let done: Void = {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    }()

    static func once() { _ = done }
}

/// Runs a command's work, turning a ``TrueUpError`` into one line on stderr and the exit status
/// the documentation promises.
func runReportingErrors(_ work: () async throws -> Void) async throws {
    do {
        try await work()
    } catch let error as TrueUpError {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode(exitStatus(for: error))
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

func exitStatus(for error: TrueUpError) -> Int32 {
    switch error.kind {
    case .usage: 64
    case .locked: 75
    case .partial: 3
    default: 1
    }
}

/// Who is at the keyboard, for the conflict queue's records.
var currentUser: String {
    ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
}

/// Pushes printed lines out now: a person or a program may be waiting on them.
func flushStandardOutput() {
    fflush(nil)
}
