import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs

struct CloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Write a pair's month-end close pack for a period and check it against the report schema.",
        discussion: """
            Writes every report of the period from the state, for the latest run of the pair in the period, \
            by default into reports/out/<pair>/<YYYY-MM>/: inventory.csv, payments.csv, conflicts.csv, \
            corrections.csv (the audit trail: every correction the pair's runs planned in the period, with \
            its state, the id the side gave the write and the last error), summary.csv (the close figures \
            per currency) and reconciliation.xml. payments.csv and summary.csv have their header row only \
            when the run matched no payments.

            reconciliation.xml is validated against trueup-report.xsd before the pack is declared good. \
            Prints each file with its rows, the figures per currency, the open conflicts and the \
            corrections by state, and warns on stderr when the period is not over yet in the \
            organisation's timezone or corrections of the period are not final (planned, sent or failed).

            Exit status: 0 written and valid, 1 no run in the period or the document is not valid, 64 usage.

            Example: trueup close --pair harbour-lane --period 2026-11
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The pair; may be left out when the state holds one.", valueName: "name"))
    var pair: String?

    @Option(name: .long, help: ArgumentHelp("The month, in the organisation's timezone.", valueName: "YYYY-MM"))
    var period: String

    @Option(
        name: .long,
        help: ArgumentHelp("Write the files here instead of reports/out/<pair>/<YYYY-MM>/.", valueName: "folder"))
    var out: String?

    func run() async throws {
        try await runReportingErrors {
            let period = try parsePeriod(self.period)
            let pairName = try pair.map { try PairName($0).rawValue }
            let result = try await ClosePack(store: try global.openStore()).write(
                pair: pairName, period: period, out: out)
            print(ClosePackPresenter.text(result), terminator: "")
            flushStandardOutput()
            for warning in result.warnings {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
            if let problem = result.validationError {
                throw TrueUpError.output("the close pack is not valid: \(problem)")
            }
        }
    }
}
