import ArgumentParser
import TrueUpCore
import TrueUpJobs

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a pair's reconciliation reports for a period from the state.",
        discussion: """
            Writes inventory.csv, conflicts.csv, corrections.csv (the audit trail of the corrections the \
            pair's runs planned in the period) and reconciliation.xml (valid against \
            reports/schema/trueup-report.xsd) for the latest plan of the pair in the period, by default \
            into reports/out/<pair>/<YYYY-MM>/; when the plan matched payments, also payments.csv (one row \
            per payment, refund or deposit with its status and the rule that matched it) and summary.csv \
            (the close figures per currency). The same state gives byte-identical files, but for the \
            generated-at time in summary.csv and the XML header. 'trueup close' writes the same files as a \
            checked month-end close pack.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The pair; may be left out when the state holds one.", valueName: "name"))
    var pair: String?

    @Option(name: .long, help: ArgumentHelp("The month, in the organisation's timezone.", valueName: "YYYY-MM"))
    var period: String?

    @Option(name: .long, help: ArgumentHelp("Report on this run instead of the period's latest plan.", valueName: "id"))
    var run: Int64?

    @Option(
        name: .long,
        help: ArgumentHelp("Write the files here instead of reports/out/<pair>/<YYYY-MM>/.", valueName: "folder"))
    var out: String?

    func run() async throws {
        try await runReportingErrors {
            let period = try self.period.map(parsePeriod)
            let reporter = Reporter(store: try global.openStore())
            let chosen = try await reporter.resolveRun(
                pair: pair.map { try PairName($0).rawValue }, period: period, runID: run)
            for path in try await reporter.write(runID: chosen.id, out: out) { print(path) }
        }
    }
}

func parsePeriod(_ text: String) throws(TrueUpError) -> Period {
    do {
        return try Period(parsing: text)
    } catch {
        throw .usage("--period: \(error.description)")
    }
}
