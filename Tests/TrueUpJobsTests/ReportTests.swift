import Foundation
import Testing
import TrueUpCore
import TrueUpJobs
import TrueUpReports
import TrueUpStore
import TrueUpTestSupport

@Suite("trueup report")
struct ReportTests {
    @Test("The same state gives byte-identical reports but for the XML's generated-at")
    func byteIdentical() async throws {
        let store = try StateStore.inMemory()
        let run = try await planner(store).plan(folder: "\(RepositoryPaths.scenarios)/demo", out: nil)
        let first = try TemporaryFolder("first")
        let second = try TemporaryFolder("second")
        _ = try await Reporter(store: store, now: { fixedNow }).write(runID: run.runID, out: first.path)
        _ = try await Reporter(store: store, now: { fixedNow.addingTimeInterval(86_400) }).write(
            runID: run.runID, out: second.path)
        for file in ["inventory.csv", "conflicts.csv", "corrections.csv"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: "\(first.path)/\(file)"))
                    == Data(contentsOf: URL(fileURLWithPath: "\(second.path)/\(file)")))
        }
        let one = try String(contentsOfFile: "\(first.path)/reconciliation.xml", encoding: .utf8).components(
            separatedBy: "\n")
        let two = try String(contentsOfFile: "\(second.path)/reconciliation.xml", encoding: .utf8).components(
            separatedBy: "\n")
        let differing = zip(one, two).filter { $0 != $1 }
        #expect(one.count == two.count)
        #expect(differing.count == 1)
        #expect(differing.first?.0.contains("<generated-at>2026-11-20T09:00:00Z</generated-at>") == true)
        #expect(differing.first?.1.contains("<generated-at>2026-11-21T09:00:00Z</generated-at>") == true)
    }

    @Test("The run is the latest plan of the pair in the period; the folder defaults to reports/out/<pair>/<period>")
    func choosingTheRun() async throws {
        let store = try StateStore.inMemory()
        let reporter = Reporter(store: store, now: { fixedNow })
        await #expect { _ = try await reporter.resolveRun(pair: nil, period: nil, runID: nil) } throws: { error in
            "\(error)".contains("no runs yet")
        }
        let first = try await planner(store).plan(folder: "\(RepositoryPaths.scenarios)/demo", out: nil)
        let second = try await planner(store).plan(folder: "\(RepositoryPaths.scenarios)/demo", out: nil)
        #expect(try await reporter.resolveRun(pair: nil, period: nil, runID: nil).id == second.runID)
        #expect(
            try await reporter.resolveRun(pair: "demo", period: try Period(parsing: "2026-11"), runID: nil).id
                == second.runID)
        #expect(try await reporter.resolveRun(pair: nil, period: nil, runID: first.runID).id == first.runID)
        await #expect {
            _ = try await reporter.resolveRun(pair: "demo", period: try Period(parsing: "2026-10"), runID: nil)
        } throws: {
            error in "\(error)".contains("pair demo has no plan in 2026-10")
        }
        _ = try await planner(store).plan(folder: "\(RepositoryPaths.scenarios)/guards", out: nil)
        await #expect { _ = try await reporter.resolveRun(pair: nil, period: nil, runID: nil) } throws: { error in
            (error as? TrueUpError)?.kind == .usage && "\(error)".contains("choose one with --pair")
        }
        #expect(
            ReportBundle.defaultFolder(pair: "demo", period: try Period(parsing: "2026-11"))
                == "reports/out/demo/2026-11")
    }

    @Test("Conflicts in a period's report: those still open and those closed in the period")
    func conflictsInThePeriod() async throws {
        let store = try StateStore.inMemory()
        let run = try await planner(store).plan(folder: "\(RepositoryPaths.scenarios)/guards", out: nil)
        let conflicts = try await store.conflicts()
        #expect(conflicts.count == run.plan.conflicts.count + (run.payments?.conflicts.count ?? 0))
        let november = try Period(parsing: "2026-11")
        let zone = try #require(TimeZone(identifier: "Pacific/Auckland"))
        try await store.dismiss(conflicts[0].id, by: "ann", at: fixedNow)
        try await store.dismiss(conflicts[1].id, by: "ann", at: november.end(in: zone).addingTimeInterval(60))
        let listed = try await store.conflictsForReport(pair: "guards", period: november, timeZone: zone).map(\.id)
        #expect(listed.contains(conflicts[0].id))
        #expect(!listed.contains(conflicts[1].id))
        #expect(listed.count == conflicts.count - 1)
    }
}

@Suite("Report cells")
struct ReportCellTests {
    @Test("SKUs that a spreadsheet would run as formulas are written as text")
    func formulaSKUs() async throws {
        let builder = ScenarioBuilder(
            items: [.init("=HYPERLINK(\\\"http://x\\\")", "1"), .init("-5 OFF", "2"), .init("PLAIN", "3")],
            stock: [.init("=HYPERLINK(\\\"http://x\\\")", "1"), .init("-5 OFF", "2"), .init("PLAIN", "4")],
            base: ["PLAIN,3"])
        let folder = try TemporaryFolder()
        let out = try TemporaryFolder("out")
        _ = try await planFolder(try builder.write(into: folder.path), out: out.path)
        let csv = try String(contentsOfFile: "\(out.path)/inventory.csv", encoding: .utf8)
        #expect(csv.contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\",\"'=HYPERLINK(\"\"http://x\"\")\",1.0000"))
        #expect(csv.contains("\r\n'-5 OFF,'-5 OFF,2.0000,2.0000,0.0000"))
        #expect(csv.contains("\r\nPLAIN,PLAIN,3.0000,4.0000,0.0000,3.0000,3.0000,0.0000,1.0000,push_xero,,1.0000,\r\n"))
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(
            fileAtPath: "\(out.path)/reconciliation.xml")
    }
}
