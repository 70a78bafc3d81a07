import Foundation
import Testing
import TrueUpReports
import TrueUpTestSupport

/// `trueup close` as users run it: what it prints, where it warns, how it exits.
@Suite("trueup close", .serialized)
struct CloseCommandTests {
    @Test("Closing a planned period writes the six files, prints them with their rows, and warns on stderr")
    func close() async throws {
        let folder = try TemporaryFolder()
        let state = ["--state", "\(folder.path)/state.sqlite"]
        let plan = try await runTrueUp(["plan", "--fixtures", "\(RepositoryPaths.scenarios)/demo"] + state)
        #expect(plan.status == 0, "\(plan.errors)")

        let out = "\(folder.path)/close"
        let result = try await runTrueUp(["close", "--period", "2026-11", "--out", out] + state)
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.components(separatedBy: "\n")
        #expect(
            lines.first?.hasPrefix("Close pack for pair demo, period 2026-11 (Pacific/Auckland), from run 1") == true)
        for (file, contents) in [
            ("inventory.csv", "10 rows"), ("payments.csv", "6 rows"), ("conflicts.csv", "1 row"),
            ("corrections.csv", "7 rows"), ("summary.csv", "1 row"),
            ("reconciliation.xml", "valid against trueup-report.xsd"),
        ] {
            #expect(lines.contains { $0.hasPrefix("\(out)/\(file) ") && $0.hasSuffix(contents) }, "\(file)")
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(file)"), "\(file)")
        }
        #expect(lines.contains { $0.hasPrefix("NZD ") })
        #expect(lines.contains("Open conflicts: 1 (see 'trueup conflicts list --pair demo')"))
        #expect(lines.contains("Corrections: 7 (7 planned)"))
        #expect(
            result.errors.contains(
                "warning: 7 corrections of 2026-11 are not final (7 planned): run 'trueup apply --pair demo' or wait "
                    + "for the next nightly run, then close again\n"))
        #expect(result.errors.components(separatedBy: "\n").allSatisfy { $0.isEmpty || $0.hasPrefix("warning: ") })
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(fileAtPath: "\(out)/reconciliation.xml")
    }

    @Test("A period without a run exits 1 saying what to run; a malformed period exits 64")
    func noRun() async throws {
        let folder = try TemporaryFolder()
        let state = ["--state", "\(folder.path)/state.sqlite"]
        #expect(try await runTrueUp(["plan", "--fixtures", "\(RepositoryPaths.scenarios)/demo"] + state).status == 0)
        let missing = try await runTrueUp(["close", "--period", "2026-10", "--out", "\(folder.path)/out"] + state)
        #expect(missing.status == 1)
        #expect(missing.errors == "error: pair demo has no run in 2026-10; run 'trueup run nightly' first\n")
        #expect(missing.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/out"))
        let malformed = try await runTrueUp(["close", "--period", "2026-13"] + state)
        #expect(malformed.status == 64, "\(malformed.errors)")
        let unnamed = try await runTrueUp(["close"] + state)
        #expect(unnamed.status == 64, "\(unnamed.errors)")
    }
}
