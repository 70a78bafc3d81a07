import ArgumentParser
import Foundation
import Synchronization
import TrueUpCore
import TrueUpJobs
import TrueUpStore

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Back up and check the state database.",
        discussion: """
            The state holds the bases, the correction outbox, the conflict queue, run history and the \
            connections' tokens and secrets. 'state backup FILE' copies it while runs go on; 'state check' \
            runs SQLite's integrity check over it.

            To restore a backup: stop the scheduled runs, move the state file and its -wal and -shm files \
            away, copy the backup to the state's path, and run 'trueup state check'. What runs did after \
            the backup was made is not in it.

            Examples:
              trueup state backup /var/backups/trueup/state-$(date +%F).sqlite
              trueup state check --state /srv/trueup/state.sqlite
            """,
        subcommands: [StateBackupCommand.self, StateCheckCommand.self]
    )
}

struct StateBackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the state to a new file, safely, while other runs use it.",
        discussion: """
            Uses SQLite's online backup: a run may read and write the state meanwhile, and the copy is \
            one consistent moment of it. The copy is checked, written with mode 0600, and appears at FILE \
            only once it is complete and on disk; FILE must not exist yet (exit 64 if it does). Exits 1 when \
            the copy cannot be made, and then leaves nothing at FILE.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The new file to write the copy to.", valueName: "file"))
    var file: String

    func run() async throws {
        try await runReportingErrors {
            let store = try global.openStore()
            let progress = BackupProgressLine()
            let backup = try await store.backup(to: file) { share in progress.show(share) }
            progress.clear()
            let megabytes = String(format: "%.1f", Double(backup.bytes) / 1_048_576)
            print("Backed up the state to \(backup.path): \(megabytes) MiB, \(backup.pages) pages, integrity ok.")
        }
    }
}

struct StateCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run SQLite's integrity check over the state and check who can read it.",
        discussion: """
            Exits 0 when the state is sound, 1 when it is damaged (restore the newest backup). Files \
            others can read are warned about: the state holds tokens and passwords.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await runReportingErrors {
            let path = StatePath.resolve(option: global.state)
            guard FileManager.default.fileExists(atPath: path) else {
                throw TrueUpError.notFound("there is no state at \(path); pass --state PATH or set TRUEUP_STATE")
            }
            let checks = await StateDoctor.run(path: path)
            for check in checks { print(check.line) }
            if checks.contains(where: { $0.verdict == .fail }) {
                throw TrueUpError.state("the state at \(path) is damaged; restore the newest backup")
            }
        }
    }
}

/// "Backing up the state: 40 %" on a terminal, redrawn at each tenth.
final class BackupProgressLine: Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    private let shown = Mutex(-1)

    func show(_ share: Double) {
        guard enabled else { return }
        let tenth = Int(share * 10)
        let changed = shown.withLock { last in
            defer { last = tenth }
            return last != tenth
        }
        if changed { FileHandle.standardError.write(Data("\rBacking up the state: \(tenth * 10) %\u{1B}[K".utf8)) }
    }

    func clear() {
        if enabled, shown.withLock({ $0 >= 0 }) { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
