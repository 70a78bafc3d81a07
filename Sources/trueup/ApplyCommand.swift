import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpJobs
import TrueUpStore
import XeroKit

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Push a pair's planned corrections from the outbox to Xero and the storefront.",
        discussion: """
            Carries out the Xero-side corrections that 'trueup plan' wrote to the outbox: each increase \
            becomes a zero-total bill and each decrease a zero-total sales invoice (the item line at \
            average cost, balanced on the adjustment account), sent 50 to a request with an idempotency \
            key. Xero's answer for each acknowledges the correction (and advances the SKU's base once both \
            sides are done) or turns it into a conflict with Xero's message.

            Safe to run again at any time: documents an interrupted run may have made are looked up by \
            reference before anything is sent, so nothing is made twice.

            Storefront corrections set each SKU's stock through the pair's connector (a Magento shop's \
            primary source, or a CSV file for the shop to import); a pair with no storefront connection \
            leaves them in the outbox.

            Exit status: 0 done, 3 stopped at Xero's daily call limit (run again later to finish), 1 otherwise.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The pair whose corrections to push.", valueName: "name"))
    var pair: String

    @Option(
        help: ArgumentHelp(
            "Push only the corrections this plan (a run id from 'trueup runs list') recorded.", valueName: "id"))
    var plan: Int64?

    func run() async throws {
        try await runReportingErrors {
            let pairName = try PairName(pair).rawValue
            let store = try global.openStore()
            let logger = global.logger("apply")
            guard let settingsText = try await store.pairSettings(pairName),
                let settings = PairSettings.fromJSON(settingsText)
            else {
                throw TrueUpError.notFound("pair \(pairName) has no plan yet; run 'trueup plan' first")
            }
            if let plan {
                guard let planned = try await store.run(plan) else {
                    throw TrueUpError.notFound("there is no run \(plan); see 'trueup runs list --pair \(pairName)'")
                }
                guard planned.pair == pairName else {
                    throw TrueUpError.usage("run \(plan) is a run of pair \(planned.pair), not \(pairName)")
                }
            }
            let session = try await XeroSession.open(
                pair: pairName, store: store, transport: AsyncHTTPTransport(), logger: logger)
            let storefront = try await StorefrontConnector.openIfConfigured(
                pair: pairName, settings: settings, store: store, transport: AsyncHTTPTransport(), logger: logger)
            let now = Date()
            let run = try await store.beginRun(
                pair: pairName, kind: "apply", source: "xero" + (storefront.map { "+\($0.platform)" } ?? ""),
                asOf: now, period: Period(containing: now, in: settings.zone), settings: settingsText, at: now)
            var applier = PairApplier(
                pair: pairName, settings: settings, store: store, xero: session.client, storefront: storefront,
                logger: logger)
            applier.plan = plan
            let summary = try await applier.apply(run: run, recording: [:])
            for line in summary.lines(pair: pairName) { print(line) }
            try await applier.finish(summary, run: run, counts: [:], again: "trueup apply")
        }
    }
}
