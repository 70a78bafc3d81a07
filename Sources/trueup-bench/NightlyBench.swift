import ArgumentParser

struct NightlyBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nightly", abstract: "Not written yet.")

    func run() throws { throw ValidationError("not written yet") }
}
