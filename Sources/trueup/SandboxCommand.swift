import ArgumentParser
import Foundation
import Logging
import TrueUpCore
import TrueUpSandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve emulated Xero and Magento APIs on 127.0.0.1, seeded from a scenario, until interrupted.",
        discussion: """
            Every endpoint is under its real path on one port: /identity/connect/authorize, /connect/token, \
            /connections and /api.xro/2.0/…, so 'trueup connect xero --xero-url http://127.0.0.1:PORT' and \
            Xero's own SDKs work against it. It behaves as Xero does for everything TrueUp uses: paging, \
            If-Modified-Since, where filters, batched writes with summarizeErrors=false, idempotency keys, \
            stock moved only by bills and sales invoices, and the rate limits with their headers and 429s. \
            Each call is logged to stderr (at --log-level info, the default here); tokens and secrets never are.

            When the scenario has a magento/ folder, a Magento 2.4 shop is served too, under \
            /rest/<store>/V1/… on the same port: admin tokens, searchCriteria searches (where a page past \
            the end returns the last page again), MSI source items and their bulk save, legacy stock \
            items, orders and their status comments, invoices, credit memos and payment transactions.

            Credentials: Xero client id sandbox-client, client secret sandbox-secret; Magento admin \
            admin, password admin123.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp(
            "The scenario folder whose xero/*.json (and magento/*.json) seed the sandbox.", valueName: "dir"))
    var scenario: String

    @Option(help: ArgumentHelp("The port to listen on (0 picks a free one).", valueName: "port"))
    var port = 8400

    @Option(help: ArgumentHelp("Calls allowed per minute per organisation.", valueName: "n"))
    var minuteLimit = 60

    @Option(help: ArgumentHelp("Calls allowed per day per organisation.", valueName: "n"))
    var dayLimit = 5000

    @Option(help: ArgumentHelp("Append each API exchange as a JSON line to this file.", valueName: "path"))
    var exchangeLog: String?

    @Flag(help: "Serve the Magento shop without the Inventory (MSI) modules: legacy stock items only.")
    var noMSI = false

    func run() async throws {
        try await runReportingErrors {
            var configuration = XeroSandboxConfiguration()
            configuration.limits.perMinute = minuteLimit
            configuration.limits.perDay = dayLimit
            configuration.exchangeLog = exchangeLog
            let xero: XeroSandbox
            do {
                xero = try XeroSandbox(scenario: scenario, configuration: configuration)
            } catch let error as TrueUpError {
                throw error
            } catch {
                throw TrueUpError.badInput("cannot seed the sandbox from \(scenario): \(error)")
            }
            let magento = try magentoSandbox()
            var logger = global.logger("sandbox")
            if global.logLevel == "warning" { logger.logLevel = .info }
            let running = try await SandboxServer.start(xero: xero, magento: magento, port: port, logger: logger)
            print("TrueUp sandbox: emulated Xero at \(running.baseURL)")
            print("  client id      \(configuration.clientID)")
            print("  client secret  \(configuration.clientSecret)")
            print("  tenant id      \(configuration.tenantID)")
            print("  limits         \(minuteLimit)/min, \(dayLimit)/day, \(configuration.limits.concurrent) at once")
            if let magento {
                let shop = magento.configuration
                print(
                    "Magento sandbox at \(running.baseURL)/rest/default/V1 (\(shop.adminUsername) / \(shop.adminPassword))"
                )
                print("  inventory      \(shop.msi ? "MSI source items" : "legacy stock items (no MSI)")")
            }
            print(
                "Connect a pair:  trueup connect xero --pair NAME --client-id \(configuration.clientID) --xero-url \(running.baseURL)"
            )
            print("Press Ctrl-C to stop.")
            flushStandardOutput()
            await withTaskCancellationOrSignal()
            await running.stop()
        }
    }
}

extension SandboxCommand {
    /// The Magento shop of the scenario's `magento/` folder, or `nil` when it has none.
    private func magentoSandbox() throws -> MagentoSandbox? {
        var isDirectory: ObjCBool = false
        let folder = (scenario as NSString).appendingPathComponent("magento")
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        var configuration = MagentoSandboxConfiguration()
        configuration.msi = !noMSI
        configuration.exchangeLog = exchangeLog
        do {
            return try MagentoSandbox(scenario: scenario, configuration: configuration)
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw TrueUpError.badInput("cannot seed the Magento sandbox from \(scenario): \(error)")
        }
    }
}

/// Waits until SIGINT or SIGTERM.
func withTaskCancellationOrSignal() async {
    let (stream, continuation) = AsyncStream<Void>.makeStream()
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let sources = [SIGINT, SIGTERM].map { number in
        let source = DispatchSource.makeSignalSource(signal: number)
        source.setEventHandler { continuation.yield() }
        source.resume()
        return source
    }
    for await _ in stream { break }
    sources.forEach { $0.cancel() }
}
