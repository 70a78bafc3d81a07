import Foundation
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport
import XeroKit

/// `trueup connect`, `doctor` and `apply` as users run them, against the sandbox over HTTP.
@Suite("Xero from the command line", .serialized)
struct XeroCommandLineTests {
    /// A shop whose stocktake found 3 more mugs and 4 fewer tees than Xero holds.
    static func shop(in folder: TemporaryFolder) throws -> String {
        try ScenarioBuilder(
            yaml: "pair: shop\nas_of: 2026-11-20T09:00:00Z\ntimezone: Pacific/Auckland\nbase_currency: NZD\n",
            items: [.init("MUG", "12"), .init("TEE", "9"), .init("CAP", "3")],
            stock: [.init("MUG", "15"), .init("TEE", "5"), .init("CAP", "3")],
            base: ["MUG,12", "TEE,9", "CAP,3"]
        ).write(into: "\(folder.path)/shop")
    }

    /// `trueup connect xero` the way a person runs it: the URL it prints is opened, the sandbox
    /// (as Xero) sends the browser back to the loopback redirect.
    static func connectInBrowser(
        _ live: LiveSandbox, pair: String, state: String, logLevel: String = "warning"
    ) async throws -> TrueUpRun {
        let child = try TrueUpChild([
            "connect", "xero", "--pair", pair, "--client-id", live.configuration.clientID, "--xero-url",
            live.server.baseURL, "--redirect-port", "0", "--timeout", "30", "--state", state, "--log-level",
            logLevel,
        ])
        let line = try #require(await child.line(containing: "/identity/connect/authorize?"))
        let url = line.trimmingCharacters(in: .whitespaces)
        let consent = try await live.transport.send(HTTPRequestSpec(method: "GET", url: url, timeout: .seconds(5)))
        let location = try #require(consent.header("Location"))
        let back = try await live.transport.send(
            HTTPRequestSpec(
                method: "GET", url: location.replacingOccurrences(of: "//localhost:", with: "//127.0.0.1:"),
                timeout: .seconds(5)))
        #expect(back.status == 200)
        return await child.finished()
    }

    @Test("connect, doctor, plan and apply move Xero's stock, and no token or secret reaches a log line")
    func fullRun() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.shop(in: folder)
        let live = try await LiveSandbox.start(scenario: scenario)
        defer { Task { await live.stop() } }
        let state = "\(folder.path)/state.sqlite"
        let secretFile = "\(folder.path)/secret"
        try live.configuration.clientSecret.write(toFile: secretFile, atomically: true, encoding: .utf8)
        var everything = ""

        let connected = try await Self.connectInBrowser(live, pair: "shop", state: state, logLevel: "trace")
        everything += connected.output + connected.errors
        #expect(connected.status == 0, "\(connected.errors)")
        #expect(connected.output.contains("Connected pair shop to"))
        let custom = try await runTrueUp([
            "connect", "xero", "--pair", "other", "--client-id", live.configuration.clientID, "--client-secret-file",
            secretFile, "--custom-connection", "--xero-url", live.server.baseURL, "--state", state, "--log-level",
            "trace",
        ])
        everything += custom.output + custom.errors
        #expect(custom.status == 0, "\(custom.errors)")

        let doctor = try await runTrueUp(["doctor", "--pair", "shop", "--state", state, "--log-level", "trace"])
        everything += doctor.output + doctor.errors
        #expect(doctor.status == 0, "\(doctor.output)\(doctor.errors)")
        #expect(doctor.output.contains("ok    inventory account: 630"))

        let plan = try await runTrueUp(["plan", "--fixtures", scenario, "--state", state, "--log-level", "trace"])
        everything += plan.output + plan.errors
        #expect(plan.status == 0, "\(plan.errors)")
        let store = try StateStore(path: state)
        let before = try #require(try await store.connection(pair: "shop"))

        // The access token has expired by the time apply runs: it refreshes (rotating the refresh token).
        live.sandbox.expireAccessTokens()
        let apply = try await runTrueUp(["apply", "--pair", "shop", "--state", state, "--log-level", "trace"])
        everything += apply.output + apply.errors
        #expect(apply.status == 0, "\(apply.output)\(apply.errors)")
        #expect(apply.output.contains("Xero: 2 acknowledged"))
        #expect(live.quantityOnHand("MUG") == Quantity(units: 15))
        #expect(live.quantityOnHand("TEE") == Quantity(units: 5))
        let after = try #require(try await store.connection(pair: "shop"))
        #expect(after.refreshToken != before.refreshToken)
        let other = try #require(try await store.connection(pair: "other"))

        // Trace logging was on throughout; not one secret appears.
        #expect(everything.contains("xero call"))
        let secrets = [
            before.accessToken, before.refreshToken, after.accessToken, after.refreshToken, other.accessToken,
            live.configuration.clientSecret,
        ].compactMap { $0 }
        for secret in secrets {
            #expect(!everything.contains(secret), "a secret reached the output")
        }
    }

    @Test("apply stops at Xero's daily limit with exit 3, and the next run finishes without duplicates")
    func dailyLimit() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.shop(in: folder)
        let live = try await LiveSandbox.start(scenario: scenario) { $0.limits = XeroRateLimits(perDay: 2) }
        defer { Task { await live.stop() } }
        let state = "\(folder.path)/state.sqlite"
        let connect = try await runTrueUp(
            [
                "connect", "xero", "--pair", "shop", "--client-id", live.configuration.clientID, "--custom-connection",
                "--xero-url", live.server.baseURL, "--state", state,
            ], environment: ["TRUEUP_XERO_CLIENT_SECRET": live.configuration.clientSecret])
        #expect(connect.status == 0, "\(connect.errors)")
        #expect(try await runTrueUp(["plan", "--fixtures", scenario, "--state", state]).status == 0)

        let stopped = try await runTrueUp(["apply", "--pair", "shop", "--state", state])
        #expect(stopped.status == 3, "\(stopped.output)\(stopped.errors)")
        #expect(stopped.errors.contains("daily call limit"))
        #expect(stopped.output.contains("2 to retry"))

        live.sandbox.setLimits(XeroRateLimits())
        let resumed = try await runTrueUp(["apply", "--pair", "shop", "--state", state])
        #expect(resumed.status == 0, "\(resumed.output)\(resumed.errors)")
        #expect(resumed.output.contains("Xero: 2 acknowledged"))
        #expect(live.adjustmentReferences().count == 2)
        #expect(live.quantityOnHand("MUG") == Quantity(units: 15))
    }

    @Test("apply without a connection says how to make one")
    func notConnected() async throws {
        let folder = try TemporaryFolder()
        let scenario = try Self.shop(in: folder)
        let state = "\(folder.path)/state.sqlite"
        #expect(try await runTrueUp(["plan", "--fixtures", scenario, "--state", state]).status == 0)
        let apply = try await runTrueUp(["apply", "--pair", "shop", "--state", state])
        #expect(apply.status == 1)
        #expect(apply.errors.contains("trueup connect xero --pair shop"))
    }
}
