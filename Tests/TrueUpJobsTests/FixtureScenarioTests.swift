import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpReports
import TrueUpStore
import TrueUpTestSupport

/// Every scenario in fixtures/scenarios: the plan and the reports are byte-for-byte what
/// `expected/` holds, the XML is valid against the schema, and every SKU has the outcome its
/// README works out by hand.
@Suite("Fixture scenarios")
struct FixtureScenarioTests {
    static let names = RepositoryPaths.scenarioNames()

    @Test("There are scenarios for every case and guard")
    func enoughScenarios() {
        #expect(Self.names.count >= 8)
    }

    @Test("Plan and reports match expected/", arguments: names)
    func matchesExpected(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let out = try TemporaryFolder("reports")
        let run = try await planner(try StateStore.inMemory()).plan(folder: folder, out: out.path)
        func normalised(_ text: String) -> String {
            text.replacingOccurrences(of: out.path, with: "OUT").replacingOccurrences(
                of: RepositoryPaths.root + "/", with: "")
        }
        let expected = "\(folder)/expected"
        var files: [(String, String)] = [
            ("plan.txt", normalised(PlanPresenter.table(run, limit: 1000))),
            ("plan.json", normalised(PlanPresenter.json(run))),
            ("inventory.csv", normalised(try String(contentsOfFile: "\(out.path)/inventory.csv", encoding: .utf8))),
            ("conflicts.csv", normalised(try String(contentsOfFile: "\(out.path)/conflicts.csv", encoding: .utf8))),
            // The audit trail's times are the planner's clock, which the tests fix: stable as they are.
            (
                "corrections.csv",
                normalised(try String(contentsOfFile: "\(out.path)/corrections.csv", encoding: .utf8))
            ),
            (
                "reconciliation.xml",
                normalised(try String(contentsOfFile: "\(out.path)/reconciliation.xml", encoding: .utf8))
            ),
        ]
        // The payments reports, when the scenario has payments; summary.csv's generated_at is the
        // one field allowed to differ between runs.
        for file in ["payments.csv", "summary.csv"] where FileManager.default.fileExists(atPath: "\(out.path)/\(file)")
        {
            var text = normalised(try String(contentsOfFile: "\(out.path)/\(file)", encoding: .utf8))
            if file == "summary.csv" {
                text = text.replacingOccurrences(
                    of: #",\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\r\n"#, with: ",GENERATED_AT\r\n",
                    options: .regularExpression)
            }
            files.append((file, text))
        }
        for (file, actual) in files {
            if let difference = Golden.compare(actual, toFile: "\(expected)/\(file)") {
                Issue.record(Comment(rawValue: difference))
            }
        }
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(
            fileAtPath: "\(out.path)/reconciliation.xml")
    }

    @Test("Every SKU has the outcome worked out by hand in the README", arguments: names)
    func matchesHandArithmetic(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let run = try await planner(try StateStore.inMemory()).plan(folder: folder, out: nil)
        let table = try HandTable(readme: "\(folder)/README.md")
        #expect(Set(table.rows.map { $0["sku"] ?? "" }) == Set(run.plan.rows.map(\.sku)), "the README lists every SKU")
        for expected in table.rows {
            let sku = expected["sku"] ?? ""
            let row = try #require(run.row(sku), "\(name): no row for \(sku)")
            #expect(row.outcome.rawValue == expected["outcome"], "\(name)/\(sku) outcome")
            #expect(
                (row.conflictReason?.rawValue ?? "") == (expected["conflict_reason"] ?? ""), "\(name)/\(sku) reason")
            #expect(HandTable.same(row.storeTarget, expected["store_target"]), "\(name)/\(sku) store_target")
            #expect(HandTable.same(row.xeroAdjustment, expected["xero_adjustment"]), "\(name)/\(sku) xero_adjustment")
            // Figures are asserted where the README gives them for a mapped, readable SKU.
            guard row.itemCode != nil, row.conflictReason != .invalidData, row.outcome != .untracked else { continue }
            for (column, value) in [
                ("X", row.xeroQuantity), ("U", row.inFlight), ("S", row.storeQuantity), ("P", row.projected),
                ("B", row.base), ("dX", row.deltaXero), ("dS", row.deltaStore),
            ] where expected[column].map({ !$0.isEmpty }) ?? false {
                #expect(HandTable.same(value, expected[column]), "\(name)/\(sku) \(column)")
            }
        }
    }
}

/// The `| sku | … |` table of a scenario's README.
struct HandTable {
    let rows: [[String: String]]

    init(readme path: String) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("| sku |") }) else {
            throw TrueUpError.badInput("\(path) has no table of SKUs")
        }
        func cells(_ line: String) -> [String] {
            line.trimmingCharacters(in: .whitespaces).dropFirst().dropLast().split(
                separator: "|", omittingEmptySubsequences: false
            )
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
        }
        let header = cells(lines[start])
        rows = lines[(start + 1)...].prefix { $0.hasPrefix("|") }.filter { !$0.hasPrefix("| ---") }.map { line in
            Dictionary(uniqueKeysWithValues: zip(header, cells(line)))
        }
    }

    static func same(_ quantity: Quantity?, _ text: String?) -> Bool {
        guard let text, !text.isEmpty else { return quantity == nil }
        return (try? Quantity(parsing: text)) == quantity
    }
}
