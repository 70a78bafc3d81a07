import Foundation
import Testing
import TrueUpCore
import TrueUpJobs
import TrueUpReports
import TrueUpStore
import TrueUpTestSupport

/// `trueup close`: the month-end close pack from the state.
@Suite("Close pack")
struct ClosePackTests {
    /// 2026-11: the demo scenario's period.
    static let november = Period(containing: fixedNow, in: .gmt)
    /// 2026-12-02 09:00 UTC: November is over in Pacific/Auckland.
    static let december = fixedNow.addingTimeInterval(12 * 86_400)

    static func demo(_ store: StateStore) async throws -> PlannedRun {
        try await planner(store).plan(folder: "\(RepositoryPaths.scenarios)/demo", out: nil)
    }

    static func close(
        _ store: StateStore, now: Date = fixedNow, period: Period = november, into out: TemporaryFolder
    ) async throws -> ClosePackResult {
        try await ClosePack(store: store, now: { now }).write(pair: nil, period: period, out: out.path)
    }

    /// The data rows of a CSV file, by their first cell.
    static func rows(_ path: String) throws -> [String: String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n").dropFirst()
        return Dictionary(
            uniqueKeysWithValues: lines.filter { !$0.isEmpty }.map { (String($0.prefix { $0 != "," }), $0) })
    }

    @Test("A planned period gives all six files, a valid document, and the planned corrections")
    func sixFiles() async throws {
        let store = try StateStore.inMemory()
        let run = try await Self.demo(store)
        let out = try TemporaryFolder("close")
        let result = try await Self.close(store, into: out)

        #expect(
            result.files.map(\.name) == [
                "inventory.csv", "payments.csv", "conflicts.csv", "corrections.csv", "summary.csv",
                "reconciliation.xml",
            ])
        for file in result.files {
            #expect(file.path == "\(out.path)/\(file.name)")
            #expect(FileManager.default.fileExists(atPath: file.path), "\(file.name)")
        }
        #expect(result.isValid, "\(result.validationError ?? "")")
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(
            fileAtPath: "\(out.path)/reconciliation.xml")
        #expect(result.run.id == run.runID && result.pair == "demo" && result.period == Self.november)

        let stock = run.plan.corrections
        let payments = try #require(run.payments).corrections
        let counts = Dictionary(uniqueKeysWithValues: result.files.map { ($0.name, $0.rows) })
        #expect(counts["inventory.csv"] == run.plan.rows.count)
        #expect(counts["payments.csv"] == run.payments?.matches.count)
        #expect(counts["corrections.csv"] == stock.count + payments.count)
        #expect(counts["reconciliation.xml"] == .some(nil))
        #expect(result.reports.correctionStates == [.planned: stock.count + payments.count])
        #expect(result.pendingCorrections == stock.count + payments.count)
        #expect(result.summary.map(\.currency.code) == ["NZD"])
        #expect(result.openConflicts == run.plan.conflicts.count + run.plan.unattributedProblems.count)

        let listed = try Self.rows("\(out.path)/corrections.csv")
        #expect(listed.count == stock.count + payments.count)
        for correction in stock {
            let row = try #require(listed[correction.id], "\(correction.sku)")
            #expect(
                row.hasPrefix(
                    "\(correction.id),\(run.runID),\(correction.side.rawValue),\(correction.action.rawValue),"
                        + "\(correction.sku),\(correction.itemCode),\(correction.quantity.fixed),,,planned,,,"))
        }
        for correction in payments {
            let row = try #require(listed[correction.id], "\(correction.subject)")
            #expect(
                row.hasPrefix(
                    "\(correction.id),\(run.runID),xero,\(correction.action.rawValue),\(correction.subject),,,"
                        + "\(correction.amount.amount),NZD,planned,,,"))
        }
        #expect(listed.values.allSatisfy { $0.hasSuffix(",2026-11-20T09:00:00Z,2026-11-20T09:00:00Z") })
    }

    @Test("A correction acknowledged with the side's id shows its state, the id and when it changed")
    func acknowledged() async throws {
        let store = try StateStore.inMemory()
        let run = try await Self.demo(store)
        let stock = try #require(run.plan.corrections.first { $0.side == .xero })
        let payment = try #require(run.payments?.corrections.first)
        let later = fixedNow.addingTimeInterval(3_600)
        try await store.markSent(stock.id, at: later)
        try await store.acknowledge(stock.id, externalID: "inv-4f2a", run: run.runID, at: later)
        try await store.setPaymentCorrectionState(payment.id, to: .sent, batchKey: "batch-1", at: later)
        try await store.markFailed(
            try #require(run.plan.corrections.first { $0.side == .store }).id, error: "=timeout after 30 s", at: later)
        try await store.setPaymentCorrectionState(payment.id, to: .acknowledged, externalID: "pay-77", at: later)

        let out = try TemporaryFolder("close")
        let result = try await Self.close(store, into: out)
        let listed = try Self.rows("\(out.path)/corrections.csv")
        #expect(
            listed[stock.id]?.contains(
                ",\(stock.quantity.fixed),,,acknowledged,inv-4f2a,,2026-11-20T09:00:00Z,2026-11-20T10:00:00Z") == true)
        #expect(
            listed[payment.id]?.contains(
                ",\(payment.amount.amount),NZD,acknowledged,pay-77,,2026-11-20T09:00:00Z,2026-11-20T10:00:00Z") == true)
        #expect(listed.values.contains { $0.contains(",failed,,'=timeout after 30 s,") })
        #expect(result.reports.correctionStates[.acknowledged] == 2)
        #expect(result.reports.correctionStates[.failed] == 1)
        let xml = try String(contentsOfFile: "\(out.path)/reconciliation.xml", encoding: .utf8)
        #expect(xml.contains("state=\"acknowledged\" external_id=\"inv-4f2a\""))
        #expect(result.isValid)
    }

    @Test("Warnings: the period is not over, corrections are not final; none once both are settled")
    func warnings() async throws {
        let store = try StateStore.inMemory()
        let run = try await Self.demo(store)
        let total = run.plan.corrections.count + (run.payments?.corrections.count ?? 0)

        let early = try await Self.close(store, into: try TemporaryFolder("close"))
        #expect(
            early.warnings == [
                "2026-11 is not over yet in Pacific/Auckland (today is 2026-11-20): its figures may still change; "
                    + "close it again after 2026-11-30",
                "\(total) corrections of 2026-11 are not final (\(total) planned): run 'trueup apply --pair demo' "
                    + "or wait for the next nightly run, then close again",
            ])

        for correction in run.plan.corrections {
            try await store.acknowledge(correction.id, externalID: "x-\(correction.sku)", run: run.runID, at: fixedNow)
        }
        for correction in run.payments?.corrections ?? [] {
            try await store.setPaymentCorrectionState(correction.id, to: .rejected, error: "refused", at: fixedNow)
        }
        let settled = try await Self.close(store, now: Self.december, into: try TemporaryFolder("close"))
        #expect(settled.warnings.isEmpty)
        #expect(settled.pendingCorrections == 0)
        #expect(settled.isValid)
        // The last day of the period, in the organisation's timezone, is still inside it.
        let lastDay = try #require(TimeZone(identifier: "Pacific/Auckland"))
        let evening = Self.november.end(in: lastDay).addingTimeInterval(-60)
        let onTheDay = try await Self.close(store, now: evening, into: try TemporaryFolder("close"))
        #expect(onTheDay.warnings.isEmpty)
    }

    @Test("No run in the period: an error that says what to run")
    func noRun() async throws {
        let store = try StateStore.inMemory()
        let out = try TemporaryFolder("close")
        await #expect { _ = try await Self.close(store, into: out) } throws: { error in
            "\(error)" == "the state holds no runs yet; run 'trueup run nightly' first"
        }
        _ = try await Self.demo(store)
        await #expect {
            _ = try await Self.close(store, period: try Period(parsing: "2026-10"), into: out)
        } throws: { error in
            (error as? TrueUpError)?.kind == .notFound
                && "\(error)" == "pair demo has no run in 2026-10; run 'trueup run nightly' first"
        }
        #expect(!FileManager.default.fileExists(atPath: "\(out.path)/reconciliation.xml"))
    }

    @Test("A correction belongs to the period of the run that planned it")
    func periodOfThePlanningRun() async throws {
        let store = try StateStore.inMemory()
        let november = try await Self.demo(store)
        // December: the shop counts one planter fewer, so November's unsent adjustment is replaced.
        var loaded = try ScenarioLoader.load(folder: "\(RepositoryPaths.scenarios)/demo")
        loaded.scenario.asOf = Self.december
        let planter = "PLANTER-CONCRETE-M"
        let old = try #require(november.plan.corrections.first { $0.sku == planter })
        for index in loaded.snapshot.stock.indices where loaded.snapshot.stock[index].sku == planter {
            loaded.snapshot.stock[index].quantity = loaded.snapshot.stock[index].quantity - Quantity(units: 1)
        }
        let december = try await planner(store).plan(loaded, out: nil)
        #expect(december.scenario.period == (try Period(parsing: "2026-12")))
        let new = try #require(december.plan.corrections.first { $0.sku == planter })
        #expect(new.id != old.id)

        let out = try TemporaryFolder("november")
        _ = try await Self.close(store, into: out)
        let inNovember = try Self.rows("\(out.path)/corrections.csv")
        #expect(inNovember[old.id]?.contains(",superseded,") == true)
        #expect(inNovember[new.id] == nil)

        let next = try TemporaryFolder("december")
        let result = try await Self.close(
            store, now: Self.december, period: try Period(parsing: "2026-12"), into: next)
        #expect(result.run.id == december.runID)
        let inDecember = try Self.rows("\(next.path)/corrections.csv")
        #expect(inDecember[new.id]?.hasPrefix("\(new.id),\(december.runID),xero,adjust_xero,\(planter),") == true)
        #expect(inDecember[old.id] == nil)
        #expect(inDecember.values.allSatisfy { $0.split(separator: ",")[1] == "\(december.runID)" })
    }

    @Test("A run that matched no payments still gets all six files, payments and summary with headers only")
    func withoutPayments() async throws {
        let store = try StateStore.inMemory()
        let run = try await planner(store).plan(
            folder: "\(RepositoryPaths.scenarios)/concurrent-additive", out: nil)
        #expect(run.payments == nil)
        let out = try TemporaryFolder("close")
        let result = try await ClosePack(store: store, now: { fixedNow }).write(
            pair: run.scenario.pair.rawValue, period: run.scenario.period, out: out.path)
        #expect(result.files.count == 6)
        #expect(result.files.first { $0.name == "payments.csv" }?.rows == 0)
        #expect(result.files.first { $0.name == "summary.csv" }?.rows == 0)
        #expect(result.summary.isEmpty)
        #expect(
            try String(contentsOfFile: "\(out.path)/summary.csv", encoding: .utf8)
                == "currency,store_sales,store_refunds,xero_payments,xero_credit_notes,deposits,fees,in_transit,"
                + "open_conflicts,generated_at\r\n")
        #expect(result.isValid, "\(result.validationError ?? "")")
        // `trueup report` of the same run keeps to the files the run has.
        let report = try TemporaryFolder("report")
        let paths = try await Reporter(store: store, now: { fixedNow }).write(runID: run.runID, out: report.path)
        #expect(
            paths.map { URL(fileURLWithPath: $0).lastPathComponent } == [
                "inventory.csv", "conflicts.csv", "corrections.csv", "reconciliation.xml",
            ])
    }
}
