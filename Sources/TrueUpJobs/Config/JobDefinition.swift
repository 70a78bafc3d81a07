public import Foundation
public import TrueUpCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which scheduled run a job file describes.
public enum JobKind: String, Sendable, CaseIterable {
    /// Stock and Xero's items in full, transactions since the cursors, the payments match, both
    /// sides corrected, and the month's close pack.
    case nightly
    /// Stock in full and the transactions since the cursors, for inventory only: no payments match
    /// and no close pack.
    case intraday
}

/// The parts of a run a job can leave out. Locking, fetching, the snapshot, the plan and advancing
/// the cursors always happen.
public enum JobStage: String, Sendable, CaseIterable {
    /// Reconcile inventory (the three-way diff) and plan its corrections.
    case inventory
    /// Match payments, refunds and deposits and plan their corrections.
    case payments
    /// Push the outbox's corrections to Xero and the storefront.
    case apply
    /// Write the close pack: the period's CSV and XML reports.
    case reports
}

/// A job file (`jobs/nightly.yaml`, `jobs/intraday.yaml`): what `trueup run nightly|intraday`
/// does and for which pairs.
public struct JobDefinition: Sendable {
    /// The job's name: the file's `job:`, else its base name.
    public var name: String
    public var kind: JobKind
    /// The job file's path, as it was given.
    public var file: String
    /// The stages the job runs, in pipeline order.
    public var stages: [JobStage]
    /// How far back transactions are read and matched: a pair's first read (no cursor yet) reaches
    /// back this many days; later reads start from the cursors. A pair's own
    /// `storefront.first_read_days` takes precedence, and ``JobPair/scenario`` carries the result.
    public var lookbackDays: Int
    /// In the first this-many days of a month, the reports stage also writes the previous month's
    /// close pack; 0 never does.
    public var previousPeriodDays: Int
    /// Where reports go, as an absolute path: `<reportsFolder>/<pair>/<YYYY-MM>/`. `nil` means
    /// `reports/out/<pair>/<YYYY-MM>/` under the working folder.
    public var reportsFolder: String?
    /// How long a pair's lease lasts before another run may take it over, in seconds.
    public var leaseSeconds: Int
    /// The job's pairs, in file order.
    public var pairs: [JobPair]

    public static let defaultLookbackDays = 35
    public static let defaultPreviousPeriodDays = 5
    public static let defaultLeaseSeconds = 900

    public init(
        name: String, kind: JobKind, file: String, stages: [JobStage]? = nil,
        lookbackDays: Int = JobDefinition.defaultLookbackDays,
        previousPeriodDays: Int = JobDefinition.defaultPreviousPeriodDays, reportsFolder: String? = nil,
        leaseSeconds: Int = JobDefinition.defaultLeaseSeconds, pairs: [JobPair] = []
    ) {
        self.name = name
        self.kind = kind
        self.file = file
        self.stages = stages ?? Self.defaultStages(for: kind)
        self.lookbackDays = lookbackDays
        self.previousPeriodDays = previousPeriodDays
        self.reportsFolder = reportsFolder
        self.leaseSeconds = leaseSeconds
        self.pairs = pairs
    }

    /// The stages a job of `kind` runs when its file lists none.
    public static func defaultStages(for kind: JobKind) -> [JobStage] {
        switch kind {
        case .nightly: JobStage.allCases
        case .intraday: [.inventory, .apply]
        }
    }

    /// Whether the job runs `stage`.
    public func runs(_ stage: JobStage) -> Bool { stages.contains(stage) }

    /// The periods whose close pack a run at `instant` writes, oldest first: none without the
    /// reports stage; else the current month in `timeZone`, preceded by the previous month during
    /// the first ``previousPeriodDays`` days.
    public func reportPeriods(at instant: Date, in timeZone: TimeZone) -> [Period] {
        guard runs(.reports) else { return [] }
        let current = Period(containing: instant, in: timeZone)
        let day = LocalDate(instant, in: timeZone).day
        return day <= previousPeriodDays ? [current.previous, current] : [current]
    }

    /// The pairs a run takes: all of them, or the one `--pair` names.
    public func pairs(named name: String?) throws(TrueUpError) -> [JobPair] {
        guard let name else { return pairs }
        guard let pair = pairs.first(where: { $0.name.rawValue == name }) else {
            let names = pairs.map(\.name.rawValue).joined(separator: ", ")
            throw .usage("job \(self.name) (\(file)) has no pair \"\(name.prefix(80))\"; its pairs are: \(names)")
        }
        return [pair]
    }

    /// Reads a job file; unknown keys, bad values and YAML anchors are errors naming the file, the
    /// line and the key. Pair files are read with `clock` as their run's time.
    public static func load(file: String, clock: Date = Date()) throws(TrueUpError) -> JobDefinition {
        guard FileManager.default.fileExists(atPath: file) else {
            throw .notFound("the job file \(file) does not exist")
        }
        let text = try JobFileReader.readText(file)
        return try JobFileReader.read(text, file: file, clock: clock)
    }

    /// The job file for `trueup run NAME`. A path (ending `.yaml` or `.yml`, or containing `/`) is
    /// used as it is. A name is looked up as `NAME.yaml` (then `NAME.yml`) in `jobsFolder`, else in
    /// `$TRUEUP_JOBS`, else in `./jobs` and then `/etc/trueup/jobs`.
    public static func locate(_ nameOrPath: String, jobsFolder: String?) throws(TrueUpError) -> String {
        try locate(
            nameOrPath, jobsFolder: jobsFolder, environment: ProcessInfo.processInfo.environment,
            currentFolder: FileManager.default.currentDirectoryPath)
    }

    static func locate(
        _ nameOrPath: String, jobsFolder: String?, environment: [String: String], currentFolder: String
    ) throws(TrueUpError) -> String {
        guard !nameOrPath.isEmpty else { throw .usage("name the job to run, such as nightly or intraday") }
        let exists = { (path: String) -> Bool in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
            guard exists(nameOrPath) else { throw .notFound("the job file \(nameOrPath) does not exist") }
            return nameOrPath
        }
        let folders: [String]
        if let jobsFolder, !jobsFolder.isEmpty {
            folders = [jobsFolder]
        } else if let folder = environment["TRUEUP_JOBS"], !folder.isEmpty {
            folders = [folder]
        } else {
            folders = [(currentFolder as NSString).appendingPathComponent("jobs"), "/etc/trueup/jobs"]
        }
        var looked: [String] = []
        for folder in folders {
            for suffix in [".yaml", ".yml"] {
                let path = (folder as NSString).appendingPathComponent(nameOrPath + suffix)
                if exists(path) { return path }
                looked.append(path)
            }
        }
        throw .notFound(
            "no job file for \"\(nameOrPath.prefix(80))\": looked for \(looked.joined(separator: ", ")); "
                + "pass --jobs DIR or set TRUEUP_JOBS to the folder of job files")
    }
}

/// One pair of a job: its settings and, when the job file gives them, its connections.
public struct JobPair: Sendable {
    public var name: PairName
    /// The pair's settings, from its `pair_file` or inline `settings`.
    public var scenario: Scenario
    /// `nil`: the connection stored by `trueup connect xero`.
    public var xero: XeroConnectionSpec?
    /// `nil`: the connection stored by `trueup connect magento` (or none, for a CSV feed).
    public var storefront: StorefrontConnectionSpec?

    public init(
        name: PairName, scenario: Scenario, xero: XeroConnectionSpec? = nil,
        storefront: StorefrontConnectionSpec? = nil
    ) {
        self.name = name
        self.scenario = scenario
        self.xero = xero
        self.storefront = storefront
    }
}

/// Where a secret is kept: a job file names it, never holds it.
public enum SecretReference: Sendable, Hashable {
    /// An environment variable, such as one a systemd `EnvironmentFile` or a Kubernetes Secret sets.
    case environment(String)
    /// A file (an absolute path) that only its owner can read: mode 0600 or 0400.
    case file(String)

    /// The largest secret file read.
    static let maximumFileSize = 65_536

    /// The secret. Errors name the variable or the file, never the secret.
    public func resolve() throws(TrueUpError) -> String {
        try resolve(environment: ProcessInfo.processInfo.environment)
    }

    func resolve(environment: [String: String]) throws(TrueUpError) -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw .usage(
                    "the environment variable \(name) is not set or is empty; set it to the secret "
                        + "(for a service, in its EnvironmentFile)")
            }
            return value
        case .file(let path):
            return try Self.read(path)
        }
    }

    private static func read(_ path: String) throws(TrueUpError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .usage("the secret file \(path) does not exist or cannot be reached")
        }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            throw .usage("the secret file \(path) is not a file")
        }
        let permissions = info.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            let mode = String(format: "%04o", UInt32(permissions))
            throw .usage(
                "the secret file \(path) can be read or written by others (mode \(mode)); run chmod 600 \(path)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .usage("cannot read the secret file \(path): check that the user running trueup owns it")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw .usage("cannot read the secret file \(path): \(error.localizedDescription)")
        }
        guard data.count <= maximumFileSize else { throw .usage("the secret file \(path) is larger than 64 KiB") }
        guard var secret = String(validating: data, as: UTF8.self) else {
            throw .usage("the secret file \(path) is not UTF-8 text")
        }
        while let last = secret.last, last == "\n" || last == "\r\n" || last == "\r" { secret.removeLast() }
        guard !secret.isEmpty else { throw .usage("the secret file \(path) is empty") }
        return secret
    }
}

/// A pair's Xero Custom Connection (client credentials), instead of the one stored by
/// `trueup connect xero`.
public struct XeroConnectionSpec: Sendable, Hashable {
    public var clientID: String
    public var clientSecret: SecretReference
    /// Reach Xero at this base URL instead (a sandbox).
    public var url: String?
    /// Which organisation, by name or tenant id, when the connection reaches several.
    public var tenant: String?

    public init(clientID: String, clientSecret: SecretReference, url: String? = nil, tenant: String? = nil) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.url = url
        self.tenant = tenant
    }
}

/// A pair's storefront login, instead of the one stored by `trueup connect magento`: an admin
/// user (``username`` and ``password``) or an integration's access token (``token``).
public struct StorefrontConnectionSpec: Sendable, Hashable {
    /// `magento`.
    public var platform: String
    /// The shop's address, such as `https://shop.example.com`.
    public var url: String
    public var username: String?
    public var password: SecretReference?
    public var token: SecretReference?
    /// The store view code in `/rest/<store>/V1`; `nil` means `default`.
    public var storeCode: String?

    public init(
        platform: String = "magento", url: String, username: String? = nil, password: SecretReference? = nil,
        token: SecretReference? = nil, storeCode: String? = nil
    ) {
        self.platform = platform
        self.url = url
        self.username = username
        self.password = password
        self.token = token
        self.storeCode = storeCode
    }
}
