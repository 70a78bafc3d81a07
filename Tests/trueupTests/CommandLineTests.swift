import Foundation
import GRDB
import Testing
import TrueUpReports
import TrueUpStore
import TrueUpTestSupport

/// The executable as users run it: output, errors on one line, and the exit statuses the help promises.
@Suite("The trueup command", .serialized)
struct CommandLineTests {
    func trueup(_ arguments: [String], environment: [String: String] = [:]) async throws -> TrueUpRun {
        try await runTrueUp(arguments, environment: environment)
    }

    var scenario: ScenarioBuilder {
        ScenarioBuilder(
            items: [.init("MUG", "12"), .init("TEE", "9"), .init("CAP", "3")],
            stock: [.init("MUG", "12"), .init("TEE", "4"), .init("CAPP", "3")], base: ["MUG,12", "TEE,9"])
    }

    @Test("plan prints a table, writes schema-valid reports and keeps state between runs")
    func plan() async throws {
        let folder = try TemporaryFolder()
        let fixtures = try scenario.write(into: "\(folder.path)/scenario")
        let state = "\(folder.path)/state.sqlite"
        let result = try await trueup(["plan", "--fixtures", fixtures, "--state", state, "--out", "\(folder.path)/out"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("TEE   TEE"))
        #expect(result.output.contains("push_xero"))
        #expect(result.output.contains("unmapped"))
        #expect(result.errors.isEmpty)
        try XMLSchemaValidator(schemaPath: RepositoryPaths.schema).validate(
            fileAtPath: "\(folder.path)/out/reconciliation.xml")
        let json = try await trueup(["plan", "--fixtures", fixtures, "--state", state, "--json"])
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(document["run"] as? Int == 2)
        let outbox = try #require(document["outbox"] as? [String: Int])
        #expect(outbox["unchanged"] == 1 && outbox["inserted"] == 0)
    }

    @Test("Conflicts are worked from the command line and honoured by the next plan")
    func conflicts() async throws {
        let folder = try TemporaryFolder()
        let fixtures = try scenario.write(into: "\(folder.path)/scenario")
        let state = ["--state", "\(folder.path)/state.sqlite"]
        #expect(try await trueup(["plan", "--fixtures", fixtures] + state).status == 0)
        let list = try await trueup(["conflicts", "list"] + state)
        #expect(list.output.contains("mapping") && list.output.contains("CAPP"))
        let show = try await trueup(["conflicts", "show", "1"] + state)
        #expect(show.output.contains("map CAP"))
        let resolved = try await trueup(["conflicts", "resolve", "1", "map", "CAP", "--by", "ann"] + state)
        #expect(resolved.status == 0, "\(resolved.errors)")
        let again = try await trueup(["plan", "--fixtures", fixtures, "--json"] + state)
        #expect(again.output.contains("\"item_code\" : \"CAP\""))
        let closed = try await trueup(["conflicts", "list", "--status", "resolved", "--json"] + state)
        #expect(closed.output.contains("\"resolution\" : \"map CAP\""))
        let twice = try await trueup(["conflicts", "resolve", "1", "ignore"] + state)
        #expect(twice.status == 1)
        #expect(
            twice.errors == "error: conflict 1 is already resolved (map CAP by ann); see 'trueup conflicts show 1'\n")
    }

    @Test(
        "Usage errors exit 64 with one line that says what to do",
        arguments: [
            ["plan"], ["plan", "--fixtures"], ["conflicts", "resolve", "1", "set"],
            ["conflicts", "resolve", "1", "maybe"],
            ["report", "--period", "2026-13"], ["frobnicate"], ["plan", "--fixtures", "/nonexistent/folder"],
        ])
    func usage(_ arguments: [String]) async throws {
        let folder = try TemporaryFolder()
        let result = try await trueup(arguments + ["--state", "\(folder.path)/s.sqlite"])
        #expect(result.status == 64, "\(arguments): \(result.errors)")
        #expect(!result.errors.isEmpty)
    }

    @Test("Bad input exits 1 naming the file")
    func badInput() async throws {
        let folder = try TemporaryFolder()
        var broken = scenario
        broken.files["xero/Items.json"] = "{\"Items\": [{\"Code\": \"MUG\""
        let fixtures = try broken.write(into: "\(folder.path)/scenario")
        let result = try await trueup(["plan", "--fixtures", fixtures, "--state", "\(folder.path)/s.sqlite"])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("error: \(fixtures)/xero/Items.json: line 1"))
        #expect(result.errors.filter { $0 == "\n" }.count == 1)
    }

    @Test("A state file in use by another run exits 75")
    func locked() async throws {
        let folder = try TemporaryFolder()
        let fixtures = try scenario.write(into: "\(folder.path)/scenario")
        let path = "\(folder.path)/state.sqlite"
        _ = try StateStore(path: path)
        let lock = try StateFileLock(path: path)
        defer { lock.release() }
        let result = try await trueup(
            ["plan", "--fixtures", fixtures, "--state", path], environment: ["TRUEUP_BUSY_TIMEOUT": "0.2"])
        #expect(result.status == 75, "\(result.errors)")
        #expect(result.errors.contains("in use by another trueup"))
    }

    @Test("The state path comes from TRUEUP_STATE when --state is not given")
    func stateFromEnvironment() async throws {
        let folder = try TemporaryFolder()
        let fixtures = try scenario.write(into: "\(folder.path)/scenario")
        let path = "\(folder.path)/env-state.sqlite"
        let result = try await trueup(["plan", "--fixtures", fixtures], environment: ["TRUEUP_STATE": path])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
