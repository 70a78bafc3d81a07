import ArgumentParser
import Foundation
import Logging
import TrueUpCore
import TrueUpJobs
import TrueUpReports
import TrueUpSandbox
import TrueUpStore
import XeroKit

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the nightly job on a demo shop served by the embedded sandbox, and show what it did.",
        discussion: """
            Starts emulated Xero and Magento APIs on 127.0.0.1 (the sandbox, seeded from --scenario), connects \
            a pair named demo to both, and runs 'trueup run nightly' against them over real HTTP: reads, the \
            three-way diff, the payments match, corrections pushed both ways, reports. Then it shows the \
            conflict queue and runs the intraday job, which finds nothing new to do.

            The demo keeps its own state file (--demo-state, started afresh each time) and writes its reports \
            under --out; nothing else is touched. Its clock starts at the scenario's as_of, so the demo shop's \
            month of trading is always 'this month'.

            Afterwards: trueup runs list --state DEMO-STATE; trueup conflicts list --state DEMO-STATE.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The demo scenario folder.", valueName: "dir"))
    var scenario = "fixtures/demo"

    @Option(name: .customLong("demo-state"), help: ArgumentHelp("The demo's state file.", valueName: "path"))
    var demoState = "reports/out/demo/state.sqlite"

    @Option(help: ArgumentHelp("Where the reports go (under PAIR/PERIOD/).", valueName: "folder"))
    var out = "reports/out"

    @Option(help: ArgumentHelp("List at most this many SKUs needing attention.", valueName: "count"))
    var rows = 15

    func run() async throws {
        try await runReportingErrors {
            try await demo()
        }
    }

    private func demo() async throws {
        let started = Date()
        let loaded = try ScenarioLoader.load(folder: scenario)
        var pairScenario = loaded.scenario
        // The demo's clock starts at the scenario's as_of; its first read reaches back over the
        // whole month however long ago that is in real time.
        let asOf = pairScenario.asOf
        let clock: @Sendable () -> Date = { asOf.addingTimeInterval(Date().timeIntervalSince(started)) }
        let behind = max(0, Int(Date().timeIntervalSince(asOf) / 86_400))
        pairScenario.settings.firstReadDays = (pairScenario.settings.firstReadDays ?? 35) + behind

        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: demoState + suffix) }
        let store = try StateStore(path: demoState)
        let logger = global.logger("demo")

        let xeroConfiguration = XeroSandboxConfiguration()
        let xero = try XeroSandbox(scenario: scenario, configuration: xeroConfiguration)
        let magento = try MagentoSandbox(scenario: scenario, configuration: MagentoSandboxConfiguration())
        var sandboxLogger = Logger(label: "trueup.sandbox")
        sandboxLogger.logLevel = .warning
        let server = try await SandboxServer.start(xero: xero, magento: magento, port: 0, logger: sandboxLogger)
        do {
            try await show(
                store: store, server: server, xeroConfiguration: xeroConfiguration,
                loaded: loaded, pairScenario: pairScenario, clock: clock, logger: logger)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func show(
        store: StateStore, server: RunningSandbox, xeroConfiguration: XeroSandboxConfiguration,
        loaded: LoadedScenario, pairScenario: Scenario, clock: @escaping @Sendable () -> Date, logger: Logger
    ) async throws {
        let pair = pairScenario.pair
        let transport = AsyncHTTPTransport()
        say("TrueUp demo: \(pairScenario.description.isEmpty ? scenario : pairScenario.description)")
        say("The sandbox serves Xero and a Magento shop at \(server.baseURL); state in \(demoState).")
        say("")
        heading("1. Connect pair \(pair) to both sides (trueup connect xero / trueup connect magento)")
        // The shop has been running TrueUp before: its last agreed quantities are the scenario's base.csv.
        let connected = try await SandboxPair.prepare(
            store: store, scenario: pairScenario, bases: loaded.bases, source: scenario, baseURL: server.baseURL,
            xeroClient: XeroClientCredentials(
                clientID: xeroConfiguration.clientID, clientSecret: xeroConfiguration.clientSecret),
            transport: transport, logger: logger, now: clock)
        let xero = connected.xero
        let shop = connected.shop
        say("Xero: \(xero.tenantName), through a Custom Connection")
        say(
            "Magento: \(shop.connection.url) (\(shop.usesMSI ? "Multi-Source Inventory" : "legacy stock items"))")
        say("")

        let jobPair = JobPair(name: pair, scenario: pairScenario)
        for kind in [JobKind.nightly, .intraday] {
            heading(
                kind == .nightly
                    ? "2. trueup run nightly"
                    : "4. trueup run intraday (nothing changed since the nightly: nothing to write)")
            var runner = JobRunner(
                job: JobDefinition(
                    name: kind.rawValue, kind: kind, file: "demo", reportsFolder: out, leaseSeconds: 300,
                    pairs: [jobPair]),
                store: store, transport: transport, logger: logger, say: { say($0) }, now: clock)
            runner.rows = rows
            let outcomes = try await runner.run(pair: nil, dryRun: false)
            let status = JobRunner.exitCode(outcomes)
            guard status == 0 else {
                throw TrueUpError(.remote, "the demo's \(kind.rawValue) run did not finish (exit \(status))")
            }
            say("")
            if kind == .nightly {
                heading("3. The conflict queue (trueup conflicts list): what TrueUp will not decide alone")
                let open = try await store.conflicts(ConflictFilter(pair: pair.rawValue, status: .open))
                say(ConflictPresenter.table(open), terminator: "")
                say("Work it with 'trueup conflicts show ID' and 'trueup conflicts resolve ID ...'.")
                say("")
            }
        }
        let period = Period(containing: clock(), in: pairScenario.settings.zone)
        let folder = "\(out)/\(pair)/\(period)"
        heading("Reports in \(folder)/")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        for file in files {
            let path = "\(folder)/\(file)"
            if file.hasSuffix(".csv") {
                let lines =
                    (try? String(contentsOfFile: path, encoding: .utf8))?.split(whereSeparator: \.isNewline).count ?? 1
                let rows = max(0, lines - 1)
                say(
                    "  \(file.padding(toLength: 20, withPad: " ", startingAt: 0)) \(rows) \(rows == 1 ? "row" : "rows")"
                )
            } else {
                say("  \(file)")
            }
        }
        let xml = "\(folder)/reconciliation.xml"
        do {
            try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: xml)
            say("reconciliation.xml is valid against reports/schema/trueup-report.xsd.")
        } catch {
            throw TrueUpError.output("\(xml) does not validate against the report schema: \(error)")
        }
        say("")
        say("Next: trueup runs list --state \(demoState)")
        say("      trueup conflicts list --state \(demoState)")
        say("      trueup run --help, and jobs/README.md to schedule TrueUp for a real shop.")
    }

    private func heading(_ text: String) {
        say(text)
        say(String(repeating: "-", count: min(text.count, 100)))
    }
}

private func say(_ line: String, terminator: String = "\n") {
    print(line, terminator: terminator)
    flushStandardOutput()
}
