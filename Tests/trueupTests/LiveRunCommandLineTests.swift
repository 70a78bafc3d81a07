import Foundation
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport

/// `trueup connect magento` and `trueup run` as a scheduled job runs them, against sandbox Xero
/// and sandbox Magento over HTTP.
@Suite("Live runs from the command line", .serialized)
struct LiveRunCommandLineTests {
    static let pairFile = """
        pair: demo
        timezone: Pacific/Auckland
        base_currency: NZD
        storefront:
          platform: magento
          sources: [default]
        inventory:
          initial_policy: xero_wins
        """

    @Test("connect both sides, run, run again: the second run writes nothing, and no secret is printed")
    func connectAndRunTwice() async throws {
        let folder = try TemporaryFolder()
        let live = try await LiveSandbox.start(
            scenario: RepositoryPaths.scenarios + "/demo", magento: { _ in })
        defer { Task { await live.stop() } }
        let magento = try #require(live.magento)
        let state = "\(folder.path)/state.sqlite"
        let config = "\(folder.path)/demo.yaml"
        try Self.pairFile.write(toFile: config, atomically: true, encoding: .utf8)
        let passwordFile = "\(folder.path)/password"
        try "admin123\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        var everything = ""

        let xero = try await runTrueUp(
            [
                "connect", "xero", "--pair", "demo", "--client-id", live.configuration.clientID, "--custom-connection",
                "--xero-url", live.server.baseURL, "--state", state, "--log-level", "trace",
            ], environment: ["TRUEUP_XERO_CLIENT_SECRET": live.configuration.clientSecret])
        everything += xero.output + xero.errors
        #expect(xero.status == 0, "\(xero.errors)")

        let wrong = try await runTrueUp(
            [
                "connect", "magento", "--pair", "demo", "--url", live.server.baseURL, "--username", "admin", "--state",
                state,
            ], environment: ["TRUEUP_MAGENTO_PASSWORD": "not-the-password"])
        #expect(wrong.status == 1)
        #expect(wrong.errors.contains("error:"))
        #expect(!wrong.errors.contains("not-the-password"))

        let shop = try await runTrueUp([
            "connect", "magento", "--pair", "demo", "--url", live.server.baseURL, "--username", "admin",
            "--password-file", passwordFile, "--state", state, "--log-level", "trace",
        ])
        everything += shop.output + shop.errors
        #expect(shop.status == 0, "\(shop.errors)")
        #expect(shop.output.contains("Multi-Source Inventory"))

        let doctor = try await runTrueUp(["doctor", "--pair", "demo", "--state", state])
        everything += doctor.output + doctor.errors
        #expect(doctor.status == 0, "\(doctor.output)\(doctor.errors)")
        #expect(doctor.output.contains("ok    storefront: Magento at \(live.server.baseURL) (store default)"))
        #expect(doctor.output.contains("ok    storefront stock: sums every source; corrections go to default"))
        #expect(doctor.output.contains("ok    state integrity: SQLite finds \(state) sound"), "\(doctor.output)")
        #expect(doctor.output.contains("ok    state permissions: only its owner can read \(state)"))

        let first = try await runTrueUp([
            "run", "--pair", "demo", "--config", config, "--out", "\(folder.path)/out", "--state", state,
            "--log-level", "trace",
        ])
        everything += first.output + first.errors
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(first.output.contains("THROW-WOOL-CHARCOAL"))
        #expect(first.output.contains("Storefront: 4 set"))
        #expect(magento.sourceQuantity(sku: "THROW-WOOL-CHARCOAL") == Quantity(units: 18))
        #expect(FileManager.default.fileExists(atPath: "\(folder.path)/out/inventory.csv"))

        // The second run takes its settings from the state and finds nothing to do.
        let writesBefore = magento.calls().filter { $0.method == "POST" }.count
        let second = try await runTrueUp(["run", "--pair", "demo", "--state", state])
        everything += second.output + second.errors
        #expect(second.status == 0, "\(second.output)\(second.errors)")
        #expect(second.output.contains("Corrections: 0 planned"))
        #expect(magento.calls().filter { $0.method == "POST" }.count == writesBefore + 1)  // the admin token

        let store = try StateStore(path: state)
        let runs = try await store.latestPlannedRun(pair: "demo", period: nil)
        #expect(runs?.kind == "nightly")
        #expect(runs?.job == "run")
        #expect(runs?.status == .ok)
        #expect(!everything.contains("admin123"))
        #expect(!everything.contains(live.configuration.clientSecret))
    }

    @Test("a pair with no storefront connection says how to make one")
    func runWithoutConnection() async throws {
        let folder = try TemporaryFolder()
        let live = try await LiveSandbox.start(scenario: RepositoryPaths.scenarios + "/demo")
        defer { Task { await live.stop() } }
        let state = "\(folder.path)/state.sqlite"
        let config = "\(folder.path)/demo.yaml"
        try Self.pairFile.write(toFile: config, atomically: true, encoding: .utf8)
        let xero = try await runTrueUp(
            [
                "connect", "xero", "--pair", "demo", "--client-id", live.configuration.clientID, "--custom-connection",
                "--xero-url", live.server.baseURL, "--state", state,
            ], environment: ["TRUEUP_XERO_CLIENT_SECRET": live.configuration.clientSecret])
        #expect(xero.status == 0, "\(xero.errors)")

        let run = try await runTrueUp(["run", "--pair", "demo", "--config", config, "--state", state])
        #expect(run.status == 1)
        #expect(run.errors.contains("trueup connect magento --pair demo"))
        let plan = try await runTrueUp(["plan", "--state", state])
        #expect(plan.status == 64)
        #expect(plan.errors.contains("--pair NAME") || plan.errors.contains("--fixtures"))
    }
}
