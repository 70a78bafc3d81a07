import Foundation
import Logging
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport
import XeroKit

/// A shop behind a CSV feed, run live against sandbox Xero: the shop's export is read, the
/// corrections go out as a file for the shop to import, and they count as done once a later
/// export shows them.
@Suite(.serialized) struct CSVFeedLiveRunTests {
    struct Setup {
        let live: LiveSandbox
        let store: StateStore
        let folder: TemporaryFolder
        let config: String
        var feed: String { folder.path + "/feed" }
    }

    static let logger = Logger(label: "csv-live")

    static func setUp() async throws -> Setup {
        let live = try await LiveSandbox.start(scenario: RepositoryPaths.scenarios + "/demo")
        let folder = try TemporaryFolder()
        let store = try StateStore(path: folder.path + "/state.sqlite")
        _ = try await XeroConnect(
            pair: "feed", endpointBase: live.server.baseURL, client: live.credentials, tenant: nil, store: store,
            transport: live.transport, logger: logger
        ).connectCustom()
        try FileManager.default.createDirectory(atPath: folder.path + "/feed", withIntermediateDirectories: true)
        let config = folder.path + "/feed.yaml"
        try """
        pair: feed
        storefront:
          platform: csv
          csv:
            folder: feed
            output: feed/outbox
        inventory:
          initial_policy: xero_wins
        """.write(toFile: config, atomically: true, encoding: .utf8)
        return Setup(live: live, store: store, folder: folder, config: config)
    }

    /// The shop's stock export, as a spreadsheet in Europe saves it: semicolons, Windows-1252.
    static func export(_ rows: [(String, Int)], to setup: Setup, named name: String = "stock.csv") throws {
        let text = "sku;quantity\r\n" + rows.map { "\($0.0);\($0.1)\r\n" }.joined()
        try Data(text.utf8).write(to: URL(fileURLWithPath: setup.feed + "/" + name))
    }

    static func run(_ setup: Setup) async throws -> (LivePlan, PairApplySummary) {
        let pair = try await LivePair.open(
            pair: "feed", config: setup.config, store: setup.store, transport: setup.live.transport, logger: logger,
            now: Date())
        let plan = try await LivePlanner(
            scenario: pair.scenario, store: setup.store, xero: pair.xero, storefront: pair.storefront, logger: logger
        ).plan(kind: "run", out: nil)
        let applied = try await PairApplier(
            pair: "feed", settings: plan.planned.scenario.settings, store: setup.store, xero: pair.xero,
            storefront: pair.storefront, logger: logger
        ).apply(run: plan.planned.runID)
        try await Planner(store: setup.store, logger: logger).finish(plan.planned, extra: applied.counts)
        return (plan, applied)
    }

    static func correctionFiles(_ setup: Setup) throws -> [String] {
        let outbox = setup.feed + "/outbox"
        return try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".csv") }.sorted()
            .map { outbox + "/" + $0 }
    }

    @Test func correctionsGoOutAsAFileAndAreDoneWhenTheShopsNextExportShowsThem() async throws {
        let setup = try await Self.setUp()
        defer { Task { await setup.live.stop() } }
        try Self.export(
            [("THROW-WOOL-CHARCOAL", 6), ("TEATOWEL-LINEN-NAT", 26), ("PLANTER-CONCRETE-M", 13)], to: setup)

        let (first, applied) = try await Self.run(setup)

        #expect(first.planned.plan.rows.first { $0.sku == "THROW-WOOL-CHARCOAL" }?.outcome == .initial)
        #expect(applied.storefront?.awaiting == 2)
        let files = try Self.correctionFiles(setup)
        #expect(files.count == 1)
        let written = try String(contentsOfFile: try #require(files.first), encoding: .utf8)
        #expect(written.contains("THROW-WOOL-CHARCOAL,default,18"))
        #expect(written.contains("PLANTER-CONCRETE-M,default,15"))
        let waiting = try await setup.store.liveCorrections(pair: "feed")
        #expect(waiting.count == 2 && waiting.allSatisfy { $0.state == .sent })

        // The shop has not imported yet: those SKUs wait, nothing is planned or written again.
        let (second, _) = try await Self.run(setup)
        #expect(second.planned.recording.outbox.inserted == 0)
        #expect(
            try await setup.store.liveCorrections(pair: "feed").map(\.correction.id) == waiting.map(\.correction.id))
        #expect(try Self.correctionFiles(setup).count == 1)
        #expect(setup.live.sandbox.invoices().count == 5)

        // The shop imports the file; its next export shows the new quantities.
        try Self.export(
            [("THROW-WOOL-CHARCOAL", 18), ("TEATOWEL-LINEN-NAT", 26), ("PLANTER-CONCRETE-M", 15)], to: setup)
        let (third, _) = try await Self.run(setup)
        #expect(third.confirmedStoreCorrections == 2)
        #expect(third.planned.plan.corrections.isEmpty)
        #expect(try await setup.store.liveCorrections(pair: "feed").isEmpty)
        let bases = try await setup.store.bases(pair: "feed")
        #expect(bases["THROW-WOOL-CHARCOAL"]?.quantity == Quantity(units: 18))
        #expect(try Self.correctionFiles(setup).count == 1)
    }

    @Test func aBadRowInTheExportIsReportedByLineAndTheRestIsSynced() async throws {
        let setup = try await Self.setUp()
        defer { Task { await setup.live.stop() } }
        try Self.export([("THROW-WOOL-CHARCOAL", 6), ("PLANTER-CONCRETE-M", 13)], to: setup)
        let path = setup.feed + "/stock.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text += "TEATOWEL-LINEN-NAT;twenty\r\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let (plan, applied) = try await Self.run(setup)

        let problem = try #require(plan.planned.plan.rows.first { $0.sku == "TEATOWEL-LINEN-NAT" })
        #expect(problem.outcome == .conflict)
        #expect(applied.storefront?.awaiting == 2)
        let conflicts = try await setup.store.conflicts(ConflictFilter(pair: "feed"))
        #expect(conflicts.contains { $0.message.contains("line 4") })
    }
}
