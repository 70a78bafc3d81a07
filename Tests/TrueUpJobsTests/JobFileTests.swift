import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpJobs

@Suite("Job files")
struct JobFileTests {
    /// A folder holding one job file (and whatever else a test writes next to it).
    struct JobFolder {
        let folder: TemporaryFolder

        init() throws { folder = try TemporaryFolder("jobs") }

        var path: String { folder.path }

        @discardableResult
        func write(_ text: String, to name: String, mode: Int = 0o644) throws -> String {
            let path = "\(folder.path)/\(name)"
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            return path
        }

        func load(_ text: String, as name: String = "nightly.yaml") throws -> JobDefinition {
            try JobDefinition.load(file: try write(text, to: name), clock: fixedNow)
        }

        /// The message of the error loading `text` gives, or nil when it loads.
        func error(_ text: String, as name: String = "nightly.yaml") throws -> String? {
            let file = try write(text, to: name)
            do {
                _ = try JobDefinition.load(file: file, clock: fixedNow)
                return nil
            } catch {
                return error.message
            }
        }
    }

    static let minimalPair = """
        pairs:
          shop:
            settings:
              timezone: Pacific/Auckland
        """

    // MARK: The shipped files

    @Test func theShippedNightlyJobLoads() throws {
        let file = "\(RepositoryPaths.root)/jobs/nightly.yaml"
        let job = try JobDefinition.load(file: file, clock: fixedNow)
        #expect(job.name == "nightly")
        #expect(job.kind == .nightly)
        #expect(job.stages == [.inventory, .payments, .apply, .reports])
        #expect(job.lookbackDays == 35)
        #expect(job.previousPeriodDays == 5)
        #expect(job.leaseSeconds == 900)
        #expect(job.reportsFolder == "\(RepositoryPaths.root)/reports/out")
        let pair = try #require(job.pairs.first)
        #expect(job.pairs.count == 1)
        #expect(pair.name.rawValue == "harbour-lane")
        #expect(pair.scenario.settings.timeZone == "Pacific/Auckland")
        #expect(pair.scenario.settings.baseCurrency?.code == "NZD")
        #expect(pair.scenario.settings.firstReadDays == 35)
        #expect(pair.scenario.asOf == fixedNow)
        #expect(pair.xero?.clientSecret == .environment("TRUEUP_XERO_CLIENT_SECRET"))
        #expect(pair.xero?.url == nil)
        #expect(
            pair.storefront
                == StorefrontConnectionSpec(
                    platform: "magento", url: "https://shop.harbourlane.example", username: "trueup",
                    password: .environment("TRUEUP_MAGENTO_PASSWORD"), storeCode: "default"))
    }

    @Test func theShippedIntradayJobLoads() throws {
        let job = try JobDefinition.load(file: "\(RepositoryPaths.root)/jobs/intraday.yaml", clock: fixedNow)
        #expect(job.name == "intraday")
        #expect(job.kind == .intraday)
        #expect(job.stages == [.inventory, .apply])
        #expect(!job.runs(.payments) && !job.runs(.reports))
        #expect(job.reportPeriods(at: fixedNow, in: .gmt) == [])
        #expect(job.pairs.map(\.name.rawValue) == ["harbour-lane"])
    }

    // MARK: Defaults

    @Test func aNightlyJobFileNeedsOnlyItsPairs() throws {
        let folder = try JobFolder()
        let job = try folder.load(Self.minimalPair)
        #expect(job.name == "nightly")
        #expect(job.kind == .nightly)
        #expect(job.stages == JobStage.allCases)
        #expect(job.lookbackDays == 35)
        #expect(job.previousPeriodDays == 5)
        #expect(job.reportsFolder == nil)
        #expect(job.leaseSeconds == 900)
        #expect(job.file == "\(folder.path)/nightly.yaml")
        let pair = try #require(job.pairs.first)
        #expect(pair.xero == nil && pair.storefront == nil)
        #expect(pair.scenario.settings.firstReadDays == 35)
    }

    @Test func anIntradayJobDefaultsToInventoryAndApply() throws {
        let job = try JobFolder().load(Self.minimalPair, as: "intraday.yaml")
        #expect(job.kind == .intraday)
        #expect(job.stages == [.inventory, .apply])
    }

    @Test func aJobNamedOtherwiseSaysItsKind() throws {
        let folder = try JobFolder()
        let message = try #require(try folder.error(Self.minimalPair, as: "weekly.yaml"))
        #expect(message.contains("weekly.yaml") && message.contains("kind is required"))

        let job = try folder.load("job: catch-up\nkind: intraday\n" + Self.minimalPair, as: "weekly.yaml")
        #expect(job.name == "catch-up")
        #expect(job.kind == .intraday)
    }

    @Test func everyKeyIsRead() throws {
        let job = try JobFolder().load(
            """
            job: late
            kind: nightly
            stages: [reports, inventory]
            lookback_days: 60
            previous_period_days: 0
            reports: ../close
            lease_seconds: 1800
            pairs:
              shop:
                settings:
                  storefront:
                    first_read_days: 10
            """)
        #expect(job.name == "late")
        #expect(job.stages == [.inventory, .reports])
        #expect(job.lookbackDays == 60)
        #expect(job.previousPeriodDays == 0)
        #expect(job.leaseSeconds == 1800)
        #expect(job.reportsFolder == (NSTemporaryDirectory() as NSString).appendingPathComponent("close"))
        // The pair's own first read wins over the job's lookback.
        #expect(job.pairs.first?.scenario.settings.firstReadDays == 10)
    }

    @Test func thePreviousMonthIsReportedInItsFirstDays() throws {
        var job = JobDefinition(name: "nightly", kind: .nightly, file: "nightly.yaml")
        let third = try #require(ISOTimestamp.parse("2026-12-03T01:00:00Z"))
        let sixth = try #require(ISOTimestamp.parse("2026-12-06T01:00:00Z"))
        #expect(job.reportPeriods(at: third, in: .gmt).map(\.description) == ["2026-11", "2026-12"])
        #expect(job.reportPeriods(at: sixth, in: .gmt).map(\.description) == ["2026-12"])
        job.previousPeriodDays = 0
        #expect(job.reportPeriods(at: third, in: .gmt).map(\.description) == ["2026-12"])
    }

    // MARK: Strictness

    @Test func anUnknownKeyIsNamedWithItsLine() throws {
        let folder = try JobFolder()
        let top = try #require(try folder.error("kind: nightly\nlookback: 10\n" + Self.minimalPair))
        #expect(top.hasPrefix("\(folder.path)/nightly.yaml line 2: lookback: unknown key"))

        let nested = try #require(
            try folder.error(
                """
                pairs:
                  shop:
                    settings: {}
                    xero:
                      client_id: ABC
                      secret: {env: X}
                """))
        #expect(nested.contains("line 6: pairs.shop.xero.secret: unknown key"))

        let misplaced = try #require(
            try folder.error(
                """
                pairs:
                  shop:
                    settings: {}
                    storefront:
                      url: https://shop.example.com
                      sources: [default]
                """))
        #expect(misplaced.contains("line 6: pairs.shop.storefront.sources"))
        #expect(misplaced.contains("in the pair's settings or pair file"))

        let inSettings = try #require(
            try folder.error(
                """
                pairs:
                  shop:
                    settings:
                      inventory:
                        polcy: additive
                """))
        #expect(inSettings.contains("line 5: pairs.shop.settings.inventory.polcy: unknown key"))
    }

    @Test(arguments: [
        ("stages: [inventory, refunds]", "line 1: stages: expected stages from inventory, payments, apply, reports;"),
        ("stages:\n  - apply\n  - apply", "line 3: stages: apply is listed twice"),
        ("stages: inventory", "line 1: stages: expected a list"),
        ("kind: hourly", "line 1: kind: expected one of nightly, intraday, found \"hourly\""),
        ("lookback_days: 0", "line 1: lookback_days: expected a whole number from 1 to 3650"),
        ("lease_seconds: ten", "line 1: lease_seconds: expected a whole number"),
        ("previous_period_days: 40", "line 1: previous_period_days: expected a whole number from 0 to 28"),
    ])
    func aBadValueIsRefused(line: String, expected: String) throws {
        let message = try #require(try JobFolder().error(line + "\n" + Self.minimalPair))
        #expect(message.contains(expected), "\(message)")
    }

    @Test func anchorsAreRefused() throws {
        let message = try #require(
            try JobFolder().error(
                """
                pairs:
                  shop: &shop
                    settings: {}
                  other: *shop
                """))
        #expect(message.contains("line 2: anchors and aliases"))
    }

    @Test(arguments: ["../etc", "..", ".hidden", "a/b", "shop one"])
    func aPairNameThatIsNotANameIsRefused(name: String) throws {
        let message = try #require(
            try JobFolder().error("pairs:\n  \"\(name)\":\n    settings: {}\n"))
        #expect(message.contains("line 2: pairs:"))
        #expect(message.contains("is not a valid pair name"))
    }

    @Test(arguments: ["shop:", "\"shop\":"])
    func aPairListedTwiceIsRefused(second: String) throws {
        let message = try #require(
            try JobFolder().error(
                """
                pairs:
                  shop:
                    settings: {}
                  \(second)
                    settings: {}
                """))
        #expect(message.contains("shop"))
        #expect(message.contains("twice") || message.contains("unique"), "\(message)")
    }

    @Test func aPairNeedsItsSettingsOnce() throws {
        let folder = try JobFolder()
        try folder.write("timezone: UTC\n", to: "pairs/shop.yaml")
        let neither = try #require(try folder.error("pairs:\n  shop:\n    xero: null\n"))
        #expect(neither.contains("line 2: pairs.shop: give the pair's settings"))
        let both = try #require(
            try folder.error("pairs:\n  shop:\n    pair_file: pairs/shop.yaml\n    settings: {}\n"))
        #expect(both.contains("not both"))
        let missing = try #require(try folder.error("pairs:\n  shop:\n    pair_file: pairs/none.yaml\n"))
        #expect(missing.contains("line 3: pairs.shop.pair_file: \(folder.path)/pairs/none.yaml does not exist"))
        let empty = try #require(try folder.error("kind: nightly\n"))
        #expect(empty.contains("pairs is required"))
    }

    @Test func aPairFileForAnotherPairIsRefused() throws {
        let folder = try JobFolder()
        try folder.write("pair: other\ntimezone: UTC\n", to: "pairs/other.yaml")
        let message = try #require(try folder.error("pairs:\n  shop:\n    pair_file: pairs/other.yaml\n"))
        #expect(message.contains("is the pair file of other, not shop"))
    }

    @Test func aPairFilesErrorNamesThePairFile() throws {
        let folder = try JobFolder()
        let pairFile = try folder.write("timezone: UTC\ninventory:\n  policy: sometimes\n", to: "pairs/shop.yaml")
        let message = try #require(try folder.error("pairs:\n  shop:\n    pair_file: pairs/shop.yaml\n"))
        #expect(message.hasPrefix("\(pairFile) line 3: inventory.policy: expected one of additive, conflict"))
    }

    @Test func inlineSettingsReadAsThePairFileDoes() throws {
        let folder = try JobFolder()
        let pairText = try String(
            contentsOfFile: "\(RepositoryPaths.root)/jobs/pairs/harbour-lane.yaml", encoding: .utf8)
        try folder.write(pairText, to: "pairs/harbour-lane.yaml")
        let fromFile = try folder.load("pairs:\n  harbour-lane:\n    pair_file: pairs/harbour-lane.yaml\n")
        let indented = pairText.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "      \($0)" }.joined(separator: "\n")
        let inline = try folder.load("pairs:\n  harbour-lane:\n    settings:\n" + indented, as: "intraday.yaml")
        let file = try #require(fromFile.pairs.first?.scenario)
        let settings = try #require(inline.pairs.first?.scenario)
        #expect(settings.settings == file.settings)
        #expect(settings.pair == file.pair)
        #expect(settings.skuMap == file.skuMap)
        #expect(settings.history == file.history)
        #expect(settings.description == file.description)
        #expect(file.settings.inventory.bufferBySKU["HL-CANDLE-SOY-L"] == Quantity(units: 2))
    }

    // MARK: Connections and secrets

    @Test(arguments: ["s3cr3t-Value-42", "\"s3cr3t-Value-42\"", "[s3cr3t-Value-42]"])
    func aSecretWrittenInTheFileIsRefusedWithoutRepeatingIt(value: String) throws {
        let message = try #require(
            try JobFolder().error(
                """
                pairs:
                  shop:
                    settings: {}
                    xero:
                      client_id: ABC
                      client_secret: \(value)
                """))
        #expect(message.contains("line 6: pairs.shop.xero.client_secret: a secret is not written in a job file"))
        #expect(message.contains("{env: NAME}") && message.contains("{file: PATH}"))
        #expect(!message.contains("s3cr3t"))
    }

    @Test func secretsAreReadByReference() throws {
        let folder = try JobFolder()
        let job = try folder.load(
            """
            pairs:
              shop:
                settings: {}
                xero:
                  client_id: ABC
                  client_secret: {file: secrets/xero}
                  url: http://127.0.0.1:8400
                  tenant: Harbour Lane
                storefront:
                  url: https://shop.example.com
                  token: {env: SHOP_TOKEN}
            """)
        let pair = try #require(job.pairs.first)
        #expect(
            pair.xero
                == XeroConnectionSpec(
                    clientID: "ABC", clientSecret: .file("\(folder.path)/secrets/xero"), url: "http://127.0.0.1:8400",
                    tenant: "Harbour Lane"))
        #expect(
            pair.storefront
                == StorefrontConnectionSpec(url: "https://shop.example.com", token: .environment("SHOP_TOKEN")))
    }

    @Test func aMissingEnvironmentVariableIsNamed() throws {
        let name = "TRUEUP_TEST_UNSET_\(UUID().uuidString.prefix(8))"
        #expect(throws: TrueUpError.self) { try SecretReference.environment(name).resolve() }
        do {
            _ = try SecretReference.environment(name).resolve(environment: ["OTHER": "x"])
            Issue.record("an unset variable resolved")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("the environment variable \(name) is not set"))
        }
        #expect(throws: TrueUpError.self) { try SecretReference.environment(name).resolve(environment: [name: ""]) }
        #expect(try SecretReference.environment(name).resolve(environment: [name: "pa55"]) == "pa55")
    }

    @Test func aSecretFileOthersCanReadIsRefused() throws {
        let folder = try JobFolder()
        let path = try folder.write("hunter2-secret\n", to: "secrets/xero", mode: 0o644)
        do {
            _ = try SecretReference.file(path).resolve()
            Issue.record("a 0644 secret file was read")
        } catch {
            #expect(error.message.contains("mode 0644"))
            #expect(error.message.contains("chmod 600 \(path)"))
            #expect(!error.message.contains("hunter2"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(throws: TrueUpError.self) { try SecretReference.file(path).resolve() }

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try SecretReference.file(path).resolve() == "hunter2-secret")
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        #expect(try SecretReference.file(path).resolve() == "hunter2-secret")

        let missing = "\(folder.path)/secrets/none"
        do {
            _ = try SecretReference.file(missing).resolve()
            Issue.record("a missing secret file was read")
        } catch {
            #expect(error.message.contains(missing))
        }
    }

    @Test(arguments: [
        ("username: trueup", "line 6: pairs.shop.storefront.username: an admin login needs its password"),
        ("password: {env: P}", "line 6: pairs.shop.storefront.password: the password goes with username"),
        ("username: u\n      password: {env: P}\n      token: {env: T}", "token: give username and password"),
        ("token: {env: T}\n      platform: shopify", "platform: the storefronts with a connection so far are magento"),
        ("token: {env: 1X}", "storefront.token.env: expected an environment variable's name"),
        ("token: {env: T, file: /x}", "storefront.token: give one of {env: NAME} or {file: PATH}"),
        ("token: {path: /x}", "storefront.token.path: unknown key"),
        ("store_code: ../admin\n      token: {env: T}", "store_code: expected a store view code"),
    ])
    func aStorefrontLoginIsChecked(lines: String, expected: String) throws {
        let message = try #require(
            try JobFolder().error(
                """
                pairs:
                  shop:
                    settings: {}
                    storefront:
                      url: https://shop.example.com
                      \(lines)
                """))
        #expect(message.contains(expected), "\(message)")
    }

    @Test func aCSVFeedPairHasNoStorefrontConnection() throws {
        let message = try #require(
            try JobFolder().error(
                """
                pairs:
                  shop:
                    settings:
                      storefront: {platform: csv, csv: {folder: exports}}
                    storefront:
                      url: https://shop.example.com
                      token: {env: T}
                """))
        #expect(message.contains("pairs.shop.storefront: the pair's settings say platform csv"))
    }

    // MARK: Choosing pairs and files

    @Test func aPairIsChosenByName() throws {
        let job = try JobFolder().load(
            "pairs:\n  north:\n    settings: {}\n  south:\n    settings: {}\n")
        #expect(try job.pairs(named: nil).map(\.name.rawValue) == ["north", "south"])
        #expect(try job.pairs(named: "south").map(\.name.rawValue) == ["south"])
        do {
            _ = try job.pairs(named: "east")
            Issue.record("an unknown pair was chosen")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("has no pair \"east\"; its pairs are: north, south"))
        }
    }

    @Test func aJobFileIsLocatedByPathOrName() throws {
        let folder = try JobFolder()
        let given = try folder.write(Self.minimalPair, to: "given/nightly.yaml")
        let environment = try folder.write(Self.minimalPair, to: "env/nightly.yml")
        let local = try folder.write(Self.minimalPair, to: "cwd/jobs/nightly.yaml")
        func locate(_ name: String, _ jobs: String? = nil, _ env: [String: String] = [:]) throws(TrueUpError) -> String
        {
            try JobDefinition.locate(name, jobsFolder: jobs, environment: env, currentFolder: "\(folder.path)/cwd")
        }
        // A path is used as it is.
        #expect(try locate(given) == given)
        #expect(try locate("\(folder.path)/env/nightly.yml") == environment)
        #expect(throws: TrueUpError.self) { try locate("other.yaml") }
        // A name: --jobs, then $TRUEUP_JOBS, then ./jobs.
        #expect(try locate("nightly", "\(folder.path)/given", ["TRUEUP_JOBS": "\(folder.path)/env"]) == given)
        #expect(try locate("nightly", nil, ["TRUEUP_JOBS": "\(folder.path)/env"]) == environment)
        #expect(try locate("nightly", nil, ["TRUEUP_JOBS": ""]) == local)
        do {
            _ = try locate("weekly")
            Issue.record("a missing job was found")
        } catch {
            #expect(error.kind == .notFound)
            #expect(
                error.message.contains(
                    "\(folder.path)/cwd/jobs/weekly.yaml, \(folder.path)/cwd/jobs/weekly.yml, "
                        + "/etc/trueup/jobs/weekly.yaml, /etc/trueup/jobs/weekly.yml"))
        }
        do {
            _ = try locate("weekly", "\(folder.path)/given")
            Issue.record("a missing job was found")
        } catch {
            #expect(
                error.message.contains("looked for \(folder.path)/given/weekly.yaml, \(folder.path)/given/weekly.yml;"))
        }
    }
}
