import Foundation
import Logging
import StorefrontKit
import TrueUpCore
import TrueUpJobs
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport
import XeroKit

/// A live pair over real HTTP: sandbox Xero and sandbox Magento on one port, seeded from a
/// scenario, a state with both connections made, and a pair file. Each ``run(dryRun:)`` is what
/// `trueup run --pair` does.
struct LivePairHarness {
    let xero: XeroSandbox
    let magento: MagentoSandbox
    let server: RunningSandbox
    let store: StateStore
    let transport: AsyncHTTPTransport
    let folder: TemporaryFolder
    let config: String
    let pair = "demo"

    /// The demo shop's pair file: sources summed, corrections to `default`, Xero wins on first sight.
    static let pairFile = """
        pair: demo
        timezone: Pacific/Auckland
        base_currency: NZD
        storefront:
          platform: magento
          sources: [default]
          primary_source: default
        inventory:
          policy: additive
          initial_policy: xero_wins
          posting_mode: per_order
        """

    static func start(
        scenario: String = RepositoryPaths.scenarios + "/demo", pairFile: String = pairFile
    ) async throws -> LivePairHarness {
        let live = try await LiveSandbox.start(scenario: scenario, magento: { _ in })
        guard let magento = live.magento else { throw HarnessError("the Magento sandbox did not start") }
        let folder = try TemporaryFolder()
        let store = try StateStore(path: folder.path + "/state.sqlite")
        _ = try await XeroConnect(
            pair: "demo", endpointBase: live.server.baseURL, client: live.credentials, tenant: nil, store: store,
            transport: live.transport, logger: Self.logger
        ).connectCustom()
        _ = try await MagentoConnect.connect(
            pair: "demo", connection: MagentoConnection(url: live.server.baseURL, auth: .admin, username: "admin"),
            secret: "admin123", store: store, transport: live.transport, logger: Self.logger)
        let config = folder.path + "/demo.yaml"
        try pairFile.write(toFile: config, atomically: true, encoding: .utf8)
        return LivePairHarness(
            xero: live.sandbox, magento: magento, server: live.server, store: store, transport: live.transport,
            folder: folder, config: config)
    }

    static var logger: Logger {
        var logger = Logger(label: "live")
        logger.logLevel = .warning
        return logger
    }

    func stop() async { await server.stop() }

    /// One `trueup run --pair demo`: plan from both sides, then (unless `dryRun`) apply to both.
    @discardableResult
    func run(dryRun: Bool = false, at now: Date = Date()) async throws -> (plan: LivePlan, applied: PairApplySummary?) {
        let live = try await LivePair.open(
            pair: pair, config: config, store: store, transport: transport, logger: Self.logger, now: now)
        let plan = try await LivePlanner(
            scenario: live.scenario, store: store, xero: live.xero, storefront: live.storefront, logger: Self.logger
        ).plan(kind: dryRun ? "plan" : "run", out: nil)
        let planner = Planner(store: store, logger: Self.logger)
        guard !dryRun else {
            try await planner.finish(plan.planned, extra: plan.counts)
            return (plan, nil)
        }
        let applied = try await PairApplier(
            pair: pair, settings: plan.planned.scenario.settings, store: store, xero: live.xero,
            storefront: live.storefront, logger: Self.logger
        ).apply(run: plan.planned.runID)
        try await planner.finish(plan.planned, extra: applied.counts)
        return (plan, applied)
    }

    /// The shop's quantity of `sku` at its `default` source.
    func shop(_ sku: String) -> Quantity? { magento.sourceQuantity(sku: sku, source: "default") }

    /// Xero's `QuantityOnHand` of `code`.
    func xeroOnHand(_ code: String) -> Quantity? {
        guard case .number(let text)? = xero.item(code: code)?["QuantityOnHand"] else { return nil }
        return try? Quantity(parsing: text)
    }

    /// Writes the sandbox sees, counted from now: Magento stock writes and Xero documents.
    func writeCounts() -> (magento: Int, xero: Int) {
        let magentoWrites = magento.calls().filter {
            $0.method != "GET" && !$0.path.hasSuffix("/integration/admin/token")
        }
        let xeroWrites = xero.calls().filter { ["PUT", "POST"].contains($0.method) && $0.path.hasPrefix("/api.xro") }
        return (magentoWrites.count, xeroWrites.count)
    }

    /// A supplier bill in Xero (AUTHORISED, so the stock moves), as the accountant would enter it.
    func enterBill(_ code: String, quantity: Int, unitCost: String = "10.00", number: String) async throws {
        let session = try await XeroSession.open(pair: pair, store: store, transport: transport, logger: Self.logger)
        var line = JSONObject()
        line["ItemCode"] = .string(code)
        line["Description"] = .string("Supplier delivery")
        line["Quantity"] = .number("\(quantity)")
        line["UnitAmount"] = .number(unitCost)
        line["AccountCode"] = .string("630")
        var bill = JSONObject()
        bill["Type"] = .string("ACCPAY")
        bill["Contact"] = .object(JSONObject(["Name": .string("Kauri Wholesale")]))
        bill["Date"] = .string("2026-11-21")
        bill["DueDate"] = .string("2026-12-20")
        bill["InvoiceNumber"] = .string(number)
        bill["Status"] = .string("AUTHORISED")
        bill["LineAmountTypes"] = .string("NoTax")
        bill["LineItems"] = .array([.object(line)])
        let outcomes = try await session.client.writeBatch(
            "PUT", .invoices, [XeroBatchElement(key: number, body: bill)])
        guard case .saved = outcomes.first else { throw HarnessError("the sandbox refused the bill: \(outcomes)") }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
