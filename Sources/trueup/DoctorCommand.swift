import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import TrueUpStore
import XeroKit

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that a pair's Xero connection works and can take adjustments, before anything is written.",
        discussion: """
            Reads the organisation, the chart of accounts and the items (three calls) and checks that the \
            inventory account and the adjustment account the pair uses exist, are active and have the right \
            types (INVENTORY; DIRECTCOSTS, EXPENSE or OVERHEADS). Then opens the storefront connector: for a \
            Magento shop it logs in and finds out the stock system, for a CSV feed it reads the stock file; \
            and says where corrections will be written. First of all it runs SQLite's integrity check over \
            the state and warns when others than its owner can read the state, which holds the tokens and \
            passwords. Exits 1 when a check fails.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pair to check.", valueName: "name"))
    var pair: String

    func run() async throws {
        try await runReportingErrors {
            let pairName = try PairName(pair).rawValue
            let statePath = StatePath.resolve(option: global.state)
            if FileManager.default.fileExists(atPath: statePath) {
                let stateChecks = await StateDoctor.run(path: statePath)
                print("State \(statePath)")
                for check in stateChecks { print(check.line) }
                if stateChecks.contains(where: { $0.verdict == .fail }) {
                    throw TrueUpError.refused("the state is damaged; restore the newest backup before anything else")
                }
            }
            let store = try global.openStore()
            let session = try await XeroSession.open(
                pair: pairName, store: store, transport: AsyncHTTPTransport(), logger: global.logger("doctor"))
            let settings = try await store.pairSettings(pairName).flatMap(PairSettings.fromJSON)
            print("Pair \(pairName): Xero organisation \(session.connection.tenantName)")
            let checks =
                await XeroDoctor(client: session.client, settings: settings).run()
                + StorefrontDoctor.run(
                    pair: pairName, settings: settings, store: store, transport: AsyncHTTPTransport(),
                    logger: global.logger("doctor"))
            for check in checks { print(check.line) }
            if checks.contains(where: { $0.verdict == .fail }) {
                throw TrueUpError.refused("some checks failed; fix them before running 'trueup apply'")
            }
        }
    }
}
