import ArgumentParser
import Testing
import TrueUpTestSupport

@testable import trueup

/// `--help` for every command is a golden file: what users read must change only on purpose.
@Suite("Help")
struct HelpTests {
    static let commands: [(name: String, type: any ParsableCommand.Type)] = [
        ("trueup", TrueUp.self),
        ("plan", PlanCommand.self),
        ("report", ReportCommand.self),
        ("close", CloseCommand.self),
        ("conflicts", ConflictsCommand.self),
        ("conflicts-list", ConflictsList.self),
        ("conflicts-show", ConflictsShow.self),
        ("conflicts-resolve", ConflictsResolve.self),
        ("conflicts-dismiss", ConflictsDismiss.self),
        ("apply", ApplyCommand.self),
        ("run", RunCommand.self),
        ("runs", RunsCommand.self),
        ("runs-list", RunsList.self),
        ("runs-show", RunsShow.self),
        ("demo", DemoCommand.self),
        ("connect", ConnectCommand.self),
        ("connect-xero", ConnectXeroCommand.self),
        ("connect-magento", ConnectMagentoCommand.self),
        ("doctor", DoctorCommand.self),
        ("sandbox", SandboxCommand.self),
        ("generate", GenerateCommand.self),
        ("state", StateCommand.self),
        ("state-backup", StateBackupCommand.self),
        ("state-check", StateCheckCommand.self),
    ]

    @Test("Every command explains itself", arguments: commands.map(\.name))
    func help(_ name: String) async throws {
        let command = try #require(Self.commands.first { $0.name == name }?.type)
        let text = TrueUp.helpMessage(for: command, columns: 100) + "\n"
        #expect(text.contains("OVERVIEW:") || text.contains("USAGE:"))
        if let difference = Golden.compare(
            text, toFile: "\(RepositoryPaths.root)/Tests/trueupTests/Snapshots/help-\(name).txt")
        {
            Issue.record(Comment(rawValue: difference))
        }
    }
}
