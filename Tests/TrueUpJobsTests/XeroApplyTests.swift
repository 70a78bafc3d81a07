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

/// Planned Xero corrections carried out against the sandbox over real HTTP.
@Suite struct XeroApplyTests {
    /// `count` SKUs, each at 10 in Xero and the base, and at 5 in the shop: each plans a Xero
    /// decrease of 5. Returns the scenario folder.
    static func shrinkingShop(count: Int, in folder: TemporaryFolder) throws -> String {
        let skus = (0..<count).map { String(format: "SKU-%03d", $0) }
        let builder = ScenarioBuilder(
            yaml: "pair: shop\nas_of: 2026-11-20T09:00:00Z\ntimezone: Pacific/Auckland\nbase_currency: NZD\n",
            items: skus.map { ScenarioBuilder.XeroItem($0, "10") },
            stock: skus.map { ScenarioBuilder.SourceItem($0, "5") },
            base: skus.map { "\($0),10" })
        return try builder.write(into: folder.path + "/plan")
    }

    /// The same organisation as Xero holds it now: `changed` maps codes to a different quantity.
    static func xeroNow(count: Int, changed: [String: String], in folder: TemporaryFolder) throws -> String {
        let skus = (0..<count).map { String(format: "SKU-%03d", $0) }
        let builder = ScenarioBuilder(
            items: skus.map { ScenarioBuilder.XeroItem($0, changed[$0] ?? "10") }, stock: [])
        return try builder.write(into: folder.path + "/xero-now")
    }

    struct Setup {
        let store: StateStore
        let live: LiveSandbox
        let session: XeroSession
        let run: Int64
    }

    /// Plans `scenario`, starts a sandbox seeded from `xeroFolder`, connects the pair to it with a
    /// Custom Connection, and opens its session.
    static func setUp(
        scenario: String, xeroFolder: String, limits: XeroRateLimits = XeroRateLimits()
    ) async throws -> Setup {
        let store = try StateStore.inMemory()
        let planned = try await Planner(store: store, logger: Logger(label: "test")).plan(
            folder: scenario, out: nil)
        let live = try await LiveSandbox.start(scenario: xeroFolder) { $0.limits = limits }
        _ = try await XeroConnect(
            pair: "shop", endpointBase: live.server.baseURL, client: live.credentials, tenant: nil, store: store,
            transport: live.transport, logger: Logger(label: "test")
        ).connectCustom()
        let session = try await XeroSession.open(
            pair: "shop", store: store, transport: live.transport, logger: Logger(label: "test"))
        return Setup(store: store, live: live, session: session, run: planned.runID)
    }

    static func applier(_ setup: Setup) -> XeroApplier {
        XeroApplier(
            pair: "shop", settings: AdjustmentSettings(), store: setup.store, client: setup.session.client,
            logger: Logger(label: "test"))
    }

    @Test func aBatchOf120WithTwoRefusedLands118AndRaisesTwoConflicts() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.shrinkingShop(count: 120, in: folder)
        // Since the plan, Xero sold stock of two items: taking 5 more would go below zero.
        let xero = try Self.xeroNow(count: 120, changed: ["SKU-007": "2", "SKU-093": "3"], in: folder)
        let setup = try await Self.setUp(scenario: scenario, xeroFolder: xero)
        defer { Task { await setup.live.stop() } }

        let summary = try await Self.applier(setup).apply(run: setup.run)
        #expect(summary.acknowledged == 118)
        #expect(summary.rejected == 2)
        #expect(summary.failed == 0 && summary.inDoubt == 0)
        // Organisation, Items and three batches of at most 50.
        #expect(summary.calls == 5)
        #expect(summary.lowerBound == 5)
        let puts = setup.live.sandbox.calls().filter { $0.method == "PUT" }
        #expect(puts.count == 3)
        #expect(puts.allSatisfy { $0.query.contains("summarizeErrors=false") && $0.idempotencyKey != nil })

        #expect(setup.live.quantityOnHand("SKU-000") == Quantity(units: 5))
        #expect(setup.live.quantityOnHand("SKU-007") == Quantity(units: 2))
        #expect(setup.live.quantityOnHand("SKU-093") == Quantity(units: 3))
        let states = try await setup.store.corrections(pair: "shop")
        #expect(states.filter { $0.state == .acknowledged }.count == 118)
        let rejected = states.filter { $0.state == .rejected }
        #expect(Set(rejected.map(\.correction.sku)) == ["SKU-007", "SKU-093"])
        #expect(states.filter { $0.state == .acknowledged }.allSatisfy { $0.externalID != nil })

        let conflicts = try await setup.store.conflicts(ConflictFilter(pair: "shop"))
        let refused = conflicts.filter { $0.reason == "xero_rejected" }
        #expect(Set(refused.map(\.subject.key)) == ["SKU-007", "SKU-093"])
        #expect(refused.allSatisfy { $0.message.contains("Xero refused an adjustment of -5") })
        // Acknowledged SKUs have their new base; refused ones keep theirs.
        let bases = try await setup.store.bases(pair: "shop")
        #expect(bases["SKU-000"]?.quantity == Quantity(units: 5))
        #expect(bases["SKU-007"]?.quantity == Quantity(units: 10))

        // Nothing is left to do, and running again sends nothing.
        let again = try await Self.applier(setup).apply(run: setup.run)
        #expect(again.calls == 0 && again.acknowledged == 0)
    }

    @Test func increasesAndDecreasesMoveQuantityOnHand() async throws {
        let folder = try TemporaryFolder()
        let builder = ScenarioBuilder(
            yaml: "pair: shop\nas_of: 2026-11-20T09:00:00Z\nbase_currency: NZD\n",
            items: [ScenarioBuilder.XeroItem("UP", "4"), ScenarioBuilder.XeroItem("DOWN", "9")],
            stock: [ScenarioBuilder.SourceItem("UP", "7"), ScenarioBuilder.SourceItem("DOWN", "1")],
            base: ["UP,4", "DOWN,9"])
        let scenario = try builder.write(into: folder.path + "/plan")
        let setup = try await Self.setUp(scenario: scenario, xeroFolder: scenario)
        defer { Task { await setup.live.stop() } }
        let summary = try await Self.applier(setup).apply(run: setup.run)
        #expect(summary.acknowledged == 2)
        #expect(setup.live.quantityOnHand("UP") == Quantity(units: 7))
        #expect(setup.live.quantityOnHand("DOWN") == Quantity(units: 1))
        let documents = setup.live.sandbox.invoices().filter {
            if case .string(let name)? = $0["Contact"].flatMap({
                if case .object(let c) = $0 { c["Name"] } else { nil }
            }) {
                return name == "TrueUp Stock Adjustments"
            }
            return false
        }
        #expect(documents.count == 2)
        for document in documents {
            #expect(document["Total"] == .number("0.00") || document["Total"] == .number("0"))
        }
    }

    @Test func theDailyLimitStopsCleanlyAndTheNextRunFinishesWithoutDuplicates() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.shrinkingShop(count: 120, in: folder)
        let setup = try await Self.setUp(
            scenario: scenario, xeroFolder: scenario, limits: XeroRateLimits(perMinute: 60, perDay: 3))
        defer { Task { await setup.live.stop() } }

        let first = try await Self.applier(setup).apply(run: setup.run)
        #expect(first.stoppedAtDayLimit != nil)
        #expect(first.acknowledged == 50)
        #expect(first.failed == 70)
        let states = try await setup.store.corrections(pair: "shop")
        #expect(states.filter { $0.state == .acknowledged }.count == 50)
        #expect(states.filter { $0.state == .failed }.count == 70)
        #expect(states.filter { $0.state == .failed }.allSatisfy { $0.lastError?.contains("daily limit") == true })

        // The next day, the next run: a new process with a new session.
        setup.live.sandbox.setLimits(XeroRateLimits(perMinute: 60, perDay: 5000))
        let nextSession = try await XeroSession.open(
            pair: "shop", store: setup.store, transport: setup.live.transport, logger: Logger(label: "test"))
        let second = try await XeroApplier(
            pair: "shop", settings: AdjustmentSettings(), store: setup.store, client: nextSession.client,
            logger: Logger(label: "test")
        ).apply(run: setup.run)
        #expect(second.stoppedAtDayLimit == nil)
        #expect(second.acknowledged == 70)
        let references = setup.live.adjustmentReferences()
        #expect(references.count == 120)
        #expect(Set(references).count == 120)
        #expect(setup.live.quantityOnHand("SKU-119") == Quantity(units: 5))
    }

    @Test func aDocumentMadeBeforeACrashIsFoundNotMadeAgain() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.shrinkingShop(count: 3, in: folder)
        let setup = try await Self.setUp(scenario: scenario, xeroFolder: scenario)
        defer { Task { await setup.live.stop() } }
        // A run sent SKU-001's document and crashed before recording Xero's answer.
        let planned = try await setup.store.corrections(pair: "shop", state: .planned)
        let crashed = try #require(planned.first { $0.correction.sku == "SKU-001" })
        try await setup.store.markSent(crashed.correction.id, at: Date())
        let documents = AdjustmentDocuments(
            settings: AdjustmentSettings(), currency: try Currency(code: "NZD"), date: try LocalDate(iso: "2026-11-20"))
        _ = try await setup.session.client.writeBatch(
            "PUT", .invoices,
            [
                documents.document(
                    for: StockAdjustment(id: crashed.correction.id, itemCode: "SKU-001", change: Quantity(units: -5)),
                    item: nil)
            ])
        let putsBefore = setup.live.sandbox.calls().filter { $0.method == "PUT" }.count

        let summary = try await Self.applier(setup).apply(run: setup.run)
        #expect(summary.acknowledged == 3)
        #expect(summary.foundAlreadyMade == 1)
        #expect(setup.live.quantityOnHand("SKU-001") == Quantity(units: 5))
        let puts = setup.live.sandbox.calls().filter { $0.method == "PUT" }
        #expect(puts.count == putsBefore + 1)
    }
}
