import ArgumentParser

@main
struct TrueUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trueup",
        abstract: "Keep a Xero organisation and an e-commerce storefront true to each other.",
        discussion: """
            TrueUp reconciles stock between Xero and a storefront with a three-way diff (the last agreed \
            base, Xero, the storefront, with orders not yet posted to Xero taken into account), plans \
            corrections for both sides, and writes CSV and XML reports for month-end close. What a \
            program should not decide alone goes to the conflict queue.

            State (bases, runs, conflicts, the correction outbox) lives in one SQLite file: --state PATH, \
            else $TRUEUP_STATE, else $XDG_STATE_HOME/trueup/state.sqlite, else ~/.local/state/trueup/state.sqlite.

            Exit status: 0 ok, 1 failure, 3 partial, 64 usage, 75 the state is locked by another run.
            """,
        subcommands: [
            PlanCommand.self, ApplyCommand.self, RunCommand.self, ReportCommand.self, ConflictsCommand.self,
            RunsCommand.self,
            CloseCommand.self, StateCommand.self, ConnectCommand.self,
            DoctorCommand.self, SandboxCommand.self, DemoCommand.self, GenerateCommand.self,
        ]
    )
}
