import ArgumentParser

struct ReportsBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reports", abstract: "Not written yet.")

    func run() throws { throw ValidationError("not written yet") }
}
