import Foundation
import GRDB
import Testing
import TrueUpSandbox
import TrueUpTestSupport

/// The secrets a whole demo run used (the Xero client secret, the Magento admin password, and the
/// tokens the state keeps) appear nowhere but in the connections' rows of the 0600 state:
/// not in its output at the most verbose log level, not in a report, not in a run record.
@Suite("Secrets stay secret", .serialized)
struct DemoSecretsTests {
    @Test("a demo run at trace level: no secret in its output, its reports or any other row of its state")
    func demoLeaksNoSecret() async throws {
        let folder = try TemporaryFolder()
        let state = "\(folder.path)/demo/state.sqlite"
        let out = "\(folder.path)/out"
        let demo = try await runTrueUp([
            "demo", "--scenario", RepositoryPaths.root + "/fixtures/demo", "--demo-state", state, "--out", out,
            "--log-level", "trace",
        ])
        #expect(demo.status == 0, "\(demo.output)\(demo.errors)")
        #expect(demo.errors.split(separator: "\n").count > 10, "the demo logged almost nothing at trace level")

        let permissions = try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)

        // What the state keeps as secrets, and what it keeps elsewhere.
        let database = try DatabaseQueue(path: state)
        let known: Set<String> = [XeroSandboxConfiguration().clientSecret, MagentoSandboxConfiguration().adminPassword]
        let (kept, elsewhere) = try await database.read { db in
            var kept: Set<String> = []
            for row in try Row.fetchAll(
                db, sql: "SELECT client_secret, access_token, refresh_token FROM xero_connection")
            {
                for column in ["client_secret", "access_token", "refresh_token"] {
                    if let value: String = row[column] { kept.insert(value) }
                }
            }
            for row in try Row.fetchAll(db, sql: "SELECT secret FROM storefront_connection") {
                if let value: String = row["secret"] { kept.insert(value) }
            }
            var elsewhere: [(place: String, text: String)] = []
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                    + "AND name NOT IN ('xero_connection', 'storefront_connection')")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"") {
                    for (column, value) in row {
                        if let text = String.fromDatabaseValue(value) { elsewhere.append(("\(table).\(column)", text)) }
                        if let blob = Data.fromDatabaseValue(value) {
                            elsewhere.append(("\(table).\(column)", String(decoding: blob, as: UTF8.self)))
                        }
                    }
                }
            }
            return (kept, elsewhere)
        }
        let secrets = known.union(kept)
        try database.close()
        // The client secret, the admin password and Xero's access token at the least: the test has
        // something to look for.
        #expect(secrets.count >= 3, "\(secrets.count) secrets")
        #expect(secrets.allSatisfy { $0.count >= 8 })
        #expect(elsewhere.count > 1000, "the state holds \(elsewhere.count) values besides the connections")

        var reports: [(place: String, text: String)] = []
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
        for file in files {
            if let data = FileManager.default.contents(atPath: "\(out)/\(file)") {
                reports.append((file, String(decoding: data, as: UTF8.self)))
            }
        }
        #expect(reports.contains { $0.place.hasSuffix("reconciliation.xml") }, "\(files)")

        let places = [("standard output", demo.output), ("standard error", demo.errors)] + reports + elsewhere
        for secret in secrets {
            for (place, text) in places where text.contains(secret) {
                Issue.record("a secret (\(secret.prefix(3))…, \(secret.count) characters) is in \(place)")
            }
        }
    }
}
