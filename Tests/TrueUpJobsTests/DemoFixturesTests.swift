import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpReports
import TrueUpScenarios
import TrueUpTestSupport

/// The demo shop of `make demo` (fixtures/demo): its files are exactly what `DemoShop` writes, they
/// read without a problem, and a plan over them shows each deliberate problem its README lists,
/// with the figures the README works out by hand.
@Suite("The demo shop (fixtures/demo)")
struct DemoFixturesTests {
    static let folder = "\(RepositoryPaths.root)/fixtures/demo"
    static let regenerate = "regenerate them with 'swift run trueup generate --out fixtures/demo --force'"

    /// Every file under `root`, by path relative to it, sorted.
    static func files(under root: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isFolder), !isFolder.boolValue {
                paths.append(path)
            }
        }
        return paths.sorted()
    }

    @Test("The committed files are byte for byte what the generator writes")
    func committedFilesAreGenerated() throws {
        let generated = try TemporaryFolder("demo-shop")
        try DemoShop().write(to: URL(fileURLWithPath: generated.path))
        let written = try Self.files(under: generated.path)
        let committed = try Self.files(under: Self.folder).filter { $0 != "README.md" && !$0.hasPrefix("expected/") }
        #expect(written.count == 18)
        #expect(committed == written, "fixtures/demo holds other files than the generator writes: \(Self.regenerate)")
        for path in written {
            let fresh = FileManager.default.contents(atPath: "\(generated.path)/\(path)")
            let kept = FileManager.default.contents(atPath: "\(Self.folder)/\(path)")
            #expect(kept == fresh, "fixtures/demo/\(path) is not what the generator writes: \(Self.regenerate)")
        }
    }

    @Test("The same seed and sizes give the same files; another seed gives other ones")
    func generatorIsDeterministic() throws {
        let first = try DemoShop(seed: 11, skus: 60, orders: 150).files()
        let again = try DemoShop(seed: 11, skus: 60, orders: 150).files()
        let other = try DemoShop(seed: 12, skus: 60, orders: 150).files()
        #expect(first.map(\.path) == again.map(\.path))
        #expect(zip(first, again).allSatisfy { $0.bytes == $1.bytes })
        let orders = { (files: [DemoShop.File]) in files.first { $0.path == "magento/orders.json" }?.bytes }
        #expect(orders(first) != orders(other))
        #expect(throws: TrueUpError.self) { try DemoShop(skus: 10, orders: 600).files() }
    }

    @Test("Every record reads without a problem")
    func readsCleanly() throws {
        let loaded = try ScenarioLoader.load(folder: Self.folder)
        #expect(loaded.snapshot.problems.isEmpty, "\(loaded.snapshot.problems.prefix(3))")
        #expect(loaded.payments.problems.isEmpty, "\(loaded.payments.problems.prefix(3))")
        #expect(loaded.snapshot.stock.count == 300)
        #expect(loaded.snapshot.items.count == 301)
        #expect(loaded.snapshot.orders.count == 600)
        #expect(loaded.snapshot.refunds.count == 20)
        #expect(loaded.snapshot.invoices.count == 589)
        #expect(loaded.snapshot.creditNotes.count == 19)
        #expect(loaded.payments.storePayments.count == 596)
        #expect(loaded.payments.payments.count == 601)
        #expect(loaded.payments.bankTransactions.count == 9)
        #expect(loaded.payments.statement.count == 19)
        #expect(loaded.payments.payouts.count == 503)
        #expect(Set(loaded.payments.payouts.map(\.payoutID)).count == 4)
        #expect(loaded.bases?.count == 298)
    }

    @Test("The inventory plan is the README's: in-flight sales in sync, bills pushed, a stocktake, two conflicts")
    func inventoryPlan() async throws {
        let out = try TemporaryFolder("demo-plan")
        let run = try await planFolder(Self.folder, out: out.path)
        let counts = run.plan.outcomeCounts
        #expect(run.plan.rows.count == 300)
        #expect(counts[.inSync] == 290)
        #expect(counts[.pushStore] == 4)
        #expect(counts[.pushXero] == 3)
        #expect(counts[.conflict] == 2)
        #expect(counts[.untracked] == 1)
        #expect(run.plan.rows.filter { $0.inFlight > .zero }.count == 13, "SKUs with sales not yet invoiced")
        #expect(run.recording.basesAdvanced == 27)

        // sku: X, U, S, B, outcome, store target, Xero adjustment, reason — the README's hand table.
        let table: [(String, String?, String, String?, String?, String, String?, String?, String?)] = [
            ("BREADBIN-ENAMEL-CHAR", "41", "5", "36", "41", "in_sync", nil, nil, nil),
            ("PRINT-A3-POHUTUKAWA", "25", "5", "20", "25", "in_sync", nil, nil, nil),
            ("DIFFUSER-FEIJOA", "2", "2", "0", "3", "in_sync", nil, nil, nil),
            ("THROW-WOOL-CHARCOAL", "13", "0", "1", "1", "push_store", "13", nil, nil),
            ("THROW-WOOL-OATMEAL", "9", "0", "1", "1", "push_store", "9", nil, nil),
            ("CANDLE-SOY-KAWAKAWA", "26", "0", "2", "2", "push_store", "26", nil, nil),
            ("CANDLE-SOY-MANUKA", "25", "0", "1", "1", "push_store", "25", nil, nil),
            ("PLANTER-CONCRETE-M", "20", "0", "18", "20", "push_xero", nil, "-2", nil),
            ("VASE-GLASS-SMOKE-L", "11", "0", "10", "11", "push_xero", nil, "-1", nil),
            ("BASKET-SEAGRASS-L", "3", "0", "4", "3", "push_xero", nil, "1", nil),
            ("CANDLE-SOY-FEIJOA", "30", "0", "3", "6", "conflict", nil, nil, "concurrent_change"),
            ("BOWL-RIMU-LRG", nil, "0", "4", nil, "conflict", nil, nil, "unmapped"),
            ("GIFTCARD-50", nil, "0", "173", nil, "untracked", nil, nil, nil),
        ]
        for (sku, xero, inFlight, store, base, outcome, target, adjustment, reason) in table {
            let row = try #require(run.row(sku), "no row for \(sku)")
            #expect(row.xeroQuantity?.description == xero, "\(sku) X")
            #expect(row.inFlight.description == inFlight, "\(sku) U")
            #expect(row.storeQuantity?.description == store, "\(sku) S")
            #expect(row.base?.description == base, "\(sku) B")
            #expect(row.outcome.rawValue == outcome, "\(sku) outcome")
            #expect(row.storeTarget?.description == target, "\(sku) store target")
            #expect(row.xeroAdjustment?.description == adjustment, "\(sku) Xero adjustment")
            #expect(row.conflictReason?.rawValue == reason, "\(sku) conflict reason")
        }
        let conflicts = run.plan.conflicts.map { "\($0.reason) \($0.subject.key)" }.sorted()
        #expect(conflicts == ["concurrent_change CANDLE-SOY-FEIJOA", "unmapped BOWL-RIMU-LRG"])
        let unmapped = try #require(run.plan.conflicts.first { $0.reason == "unmapped" })
        #expect(unmapped.suggestions.contains("map BOWL-RIMU-LG"))
        #expect(run.plan.corrections.filter { $0.side == .xero }.count == 3)
        #expect(run.plan.corrections.filter { $0.side == .store }.count == 4)

        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(
            fileAtPath: "\(out.path)/reconciliation.xml")
    }

    @Test("The payments match is the README's: two payments and a refund missing in Xero, a payout's fees, one tie")
    func paymentsPlan() async throws {
        let run = try await planFolder(Self.folder)
        let result = try #require(run.payments, "the payments match did not run")
        let statuses = result.statusCounts
        #expect(result.matches.count == 617)
        #expect(statuses[.matched] == 506)
        #expect(statuses[.inTransit] == 94)
        #expect(statuses[.missingInXero] == 15)
        #expect(statuses[.missingInStore] == 1)
        #expect(statuses[.ambiguous] == 1)
        #expect(statuses.keys.count == 5, "no other status: \(statuses)")

        let corrections = result.corrections.map { correction in
            [
                correction.action.rawValue, correction.subject, correction.amount.amount,
                correction.allocate?.amount ?? "",
            ]
            .joined(separator: " | ")
        }
        #expect(
            corrections.sorted() == [
                "xero_credit_note | 000000411 | 54.00 | 0.00",
                "xero_payment | 000003513 | 60.50 | ",
                "xero_payment | 000003514 | 289.00 | ",
                "xero_spend | po_1QWA0nQAmkky43EaociIC5fe | 577.91 | ",
            ])
        let conflicts = result.conflicts.map { "\($0.reason) \($0.subject.key)" }
        #expect(conflicts == ["bank_ambiguous 000003607"])

        // The 12 orders placed since the connector's noon posting wait for it: nothing is planned.
        let lines = result.matches.map(result.line)
        let waiting = lines.filter { $0.status == .missingInXero && $0.rule == "no_open_invoice" }
        #expect(waiting.count == 12)
        let unexplained = try #require(lines.first { $0.status == .missingInStore })
        #expect(unexplained.rule == "bank_only")
        #expect(unexplained.bankAmount?.amount == "180.00")

        // Far fewer Xero writes than its 60 calls a minute: 2 adjustment documents and 4 payment corrections.
        #expect(run.plan.corrections.filter { $0.side == .xero }.count + result.corrections.count <= 10)
    }

    @Test("The generator keeps every deliberate problem at its smallest sizes and another seed")
    func problemsHoldForOtherSeeds() async throws {
        let folder = try TemporaryFolder("demo-small")
        try DemoShop(seed: 99, skus: DemoShop.minimumSKUs, orders: DemoShop.minimumOrders)
            .write(to: URL(fileURLWithPath: folder.path))
        let run = try await planFolder(folder.path)
        let counts = run.plan.outcomeCounts
        #expect(counts[.pushStore] == 4)
        #expect(counts[.pushXero] == 3)
        #expect(counts[.conflict] == 2)
        #expect(counts[.untracked] == 1)
        let result = try #require(run.payments)
        #expect(
            result.corrections.map(\.action.rawValue).sorted() == [
                "xero_credit_note", "xero_payment", "xero_payment", "xero_spend",
            ])
        #expect(result.conflicts.map(\.reason) == ["bank_ambiguous"])
        #expect(result.statusCounts[.missingInStore] == 1)
        #expect(result.statusCounts[.ambiguous] == 1)
    }
}
