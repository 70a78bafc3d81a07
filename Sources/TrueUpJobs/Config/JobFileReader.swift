import Foundation
import TrueUpCore
import Yams

/// Reads a job file strictly, as ``YAMLReader`` does: every key known, every value checked, each
/// error naming the file, the line and the key. The keys are documented in `jobs/README.md`.
enum JobFileReader {
    static let topKeys = [
        "job", "kind", "stages", "lookback_days", "previous_period_days", "reports", "lease_seconds", "pairs",
    ]
    static let pairKeys = ["pair_file", "settings", "xero", "storefront"]
    static let xeroKeys = ["client_id", "client_secret", "url", "tenant"]
    static let storefrontKeys = ["platform", "url", "store_code", "username", "password", "token"]
    static let secretKeys = ["env", "file"]

    /// The largest job or pair file read; ``YAMLReader`` refuses anything over 1 MiB.
    static let maximumFileSize = 1_048_577

    /// A job file's settings, with relative paths taken from the job file's folder.
    static func read(_ text: String, file: String, clock: Date) throws(TrueUpError) -> JobDefinition {
        let root = try YAMLReader.load(text, file: file)
        try root.allowOnly(topKeys)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path
        let name = try jobName(root)
        let kind: JobKind
        if let chosen = try root.choice("kind", JobKind.self) {
            kind = chosen
        } else if let implied = JobKind(rawValue: name) {
            kind = implied
        } else {
            throw .badInput("\(file): kind is required (nightly or intraday) when the job's name is not one of them")
        }
        var job = JobDefinition(name: name, kind: kind, file: file)
        if let stages = try stages(root) { job.stages = stages }
        job.lookbackDays = try root.integer("lookback_days", in: 1...3650) ?? JobDefinition.defaultLookbackDays
        job.previousPeriodDays =
            try root.integer("previous_period_days", in: 0...28) ?? JobDefinition.defaultPreviousPeriodDays
        job.leaseSeconds = try root.integer("lease_seconds", in: 60...86_400) ?? JobDefinition.defaultLeaseSeconds
        if let reports = try root.string("reports") {
            guard !reports.isEmpty else { throw root.valueError("reports", "expected a folder") }
            job.reportsFolder = resolve(reports, against: folder)
        }
        job.pairs = try pairs(root, folder: folder, lookbackDays: job.lookbackDays, clock: clock)
        return job
    }

    /// A job or pair file's text.
    static func readText(_ path: String) throws(TrueUpError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .badInput("cannot read \(path): check that it is a readable file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileSize) ?? Data()
        } catch {
            throw .badInput("cannot read \(path): \(error.localizedDescription)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .badInput("\(path) is not UTF-8 text")
        }
        return text
    }

    private static func jobName(_ root: YAMLReader) throws(TrueUpError) -> String {
        if let name = try root.string("job") {
            guard isName(name) else {
                throw root.valueError(
                    "job", "expected up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            }
            return name
        }
        let name = URL(fileURLWithPath: root.file).deletingPathExtension().lastPathComponent
        guard isName(name) else {
            throw .badInput(
                "\(root.file): the file's name is not a job name; name the job with job: NAME "
                    + "(letters, digits, '.', '_' or '-')")
        }
        return name
    }

    private static func isName(_ text: String) -> Bool { (try? PairName(text)) != nil }

    /// `stages:`, in pipeline order whatever the order written.
    private static func stages(_ root: YAMLReader) throws(TrueUpError) -> [JobStage]? {
        guard let node = root.value("stages"), !YAMLReader.isNull(node) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw root.error(at: node, "stages: expected a list such as [inventory, apply]")
        }
        let names = JobStage.allCases.map(\.rawValue).joined(separator: ", ")
        var chosen = Set<JobStage>()
        for element in sequence {
            guard case .scalar(let scalar) = element, let stage = JobStage(rawValue: scalar.string) else {
                let found = element.scalar.map { " found \"\($0.string.prefix(40))\"" } ?? ""
                throw root.error(at: element, "stages: expected stages from \(names);\(found)")
            }
            guard chosen.insert(stage).inserted else {
                throw root.error(at: element, "stages: \(stage.rawValue) is listed twice")
            }
        }
        return JobStage.allCases.filter(chosen.contains)
    }

    private static func pairs(
        _ root: YAMLReader, folder: String, lookbackDays: Int, clock: Date
    ) throws(TrueUpError) -> [JobPair] {
        guard let pairs = try root.mapping("pairs") else {
            throw .badInput("\(root.file): pairs is required: each pair with its pair_file or settings")
        }
        let entries = try pairs.entries()
        guard !entries.isEmpty else {
            throw root.valueError("pairs", "list at least one pair, with its pair_file or settings")
        }
        var lines: [PairName: Int] = [:]
        var result: [JobPair] = []
        for (key, value, line) in entries {
            let name: PairName
            do {
                name = try PairName(key)
            } catch {
                throw .badInput("\(root.file) line \(line): pairs: \(error.message)")
            }
            if let first = lines[name] {
                throw .badInput(
                    "\(root.file) line \(line): pairs.\(name) is listed twice (first on line \(first)); "
                        + "list each pair once")
            }
            lines[name] = line
            guard case .mapping(let mapping) = value else {
                throw pairs.error(
                    at: value, "\(pairs.qualified(key)): expected a mapping with pair_file or settings")
            }
            let entry = YAMLReader(file: root.file, node: mapping, path: pairs.qualified(key))
            result.append(
                try pair(entry, name: name, line: line, folder: folder, lookbackDays: lookbackDays, clock: clock))
        }
        return result
    }

    private static func pair(
        _ entry: YAMLReader, name: PairName, line: Int, folder: String, lookbackDays: Int, clock: Date
    ) throws(TrueUpError) -> JobPair {
        try entry.allowOnly(pairKeys)
        var scenario: Scenario
        switch (try entry.string("pair_file"), try entry.mapping("settings")) {
        case (let path?, nil):
            guard !path.isEmpty else { throw entry.valueError("pair_file", "expected the pair file's path") }
            let resolved = resolve(path, against: folder)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue
            else {
                throw entry.valueError("pair_file", "\(resolved) does not exist")
            }
            let reader = try YAMLReader.load(try readText(resolved), file: resolved)
            let pairFolder = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
            scenario = try Scenario(reading: reader, folder: pairFolder, clock: clock, defaultPair: name)
            guard scenario.pair == name else {
                throw entry.valueError(
                    "pair_file", "\(resolved) is the pair file of \(scenario.pair), not \(name); use one name for both")
            }
        case (nil, let settings?):
            scenario = try Scenario(reading: settings, folder: folder, clock: clock, defaultPair: name)
            guard scenario.pair == name else {
                throw entry.valueError("settings", "the settings name pair \(scenario.pair), not \(name); use one name")
            }
        case (nil, nil):
            throw .badInput(
                "\(entry.file) line \(line): \(entry.path): give the pair's settings, as pair_file: PATH or settings:")
        case (.some, .some):
            throw entry.valueError("settings", "give pair_file or settings, not both")
        }
        if scenario.settings.firstReadDays == nil { scenario.settings.firstReadDays = lookbackDays }
        var pair = JobPair(name: name, scenario: scenario)
        if let xero = try entry.mapping("xero") {
            pair.xero = try xeroConnection(xero, folder: folder)
        }
        if let storefront = try entry.mapping("storefront") {
            pair.storefront = try storefrontConnection(
                storefront, folder: folder, settingsPlatform: scenario.settings.platform)
        }
        return pair
    }

    private static func xeroConnection(_ section: YAMLReader, folder: String) throws(TrueUpError) -> XeroConnectionSpec
    {
        try allowOnly(section, xeroKeys, notSettings: Scenario.xeroKeys, side: "xero")
        let clientID = try section.requiredString("client_id")
        guard let secret = try secret(section, "client_secret", folder: folder) else {
            throw .badInput(
                "\(section.file): \(section.qualified("client_secret")) is required, as {env: NAME} or {file: PATH}")
        }
        var spec = XeroConnectionSpec(clientID: clientID, clientSecret: secret)
        spec.url = try url(section, "url", example: "http://127.0.0.1:8400")
        spec.tenant = try section.string("tenant")
        return spec
    }

    private static func storefrontConnection(
        _ section: YAMLReader, folder: String, settingsPlatform: String
    ) throws(TrueUpError) -> StorefrontConnectionSpec {
        try allowOnly(section, storefrontKeys, notSettings: Scenario.storefrontKeys, side: "storefront")
        let platform = try section.string("platform") ?? "magento"
        guard platform == "magento" else {
            throw section.valueError(
                "platform", "the storefronts with a connection so far are magento, found \"\(platform.prefix(40))\"")
        }
        guard settingsPlatform == platform else {
            throw section.error(
                at: section.value("platform") ?? section.value("url"),
                "\(section.path): the pair's settings say platform \(settingsPlatform), which has no storefront "
                    + "connection; remove this section or set the settings' storefront.platform to \(platform)")
        }
        guard let url = try url(section, "url", example: "https://shop.example.com") else {
            throw .badInput("\(section.file): \(section.qualified("url")) is required: the shop's address")
        }
        var spec = StorefrontConnectionSpec(platform: platform, url: url)
        if let code = try section.string("store_code") {
            let allowed = code.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }
            guard !code.isEmpty, code.count <= 32, allowed else {
                throw section.valueError("store_code", "expected a store view code such as default")
            }
            spec.storeCode = code
        }
        spec.username = try section.string("username")
        spec.password = try secret(section, "password", folder: folder)
        spec.token = try secret(section, "token", folder: folder)
        switch (spec.username, spec.password, spec.token) {
        case (_?, _?, nil), (nil, nil, _?):
            return spec
        case (_, _, _?):
            throw section.valueError(
                "token", "give username and password (an admin user) or token (an integration), not both")
        case (_?, nil, nil):
            throw section.valueError("username", "an admin login needs its password: {env: NAME} or {file: PATH}")
        case (nil, _?, nil):
            throw section.valueError("password", "the password goes with username, the admin user's name")
        case (nil, nil, nil):
            throw .badInput(
                "\(section.file): \(section.path) needs username and password (an admin user) or token "
                    + "(an integration's access token)")
        }
    }

    /// Refuses unknown keys, pointing a pair setting written in a connection section to its place.
    private static func allowOnly(
        _ section: YAMLReader, _ allowed: [String], notSettings settings: [String], side: String
    ) throws(TrueUpError) {
        for (key, _, line) in try section.entries() where !allowed.contains(key) && settings.contains(key) {
            throw .badInput(
                "\(section.file) line \(line): \(section.qualified(key)): this section is the pair's \(side) "
                    + "connection (\(allowed.joined(separator: ", "))); \(key) is a setting: put it under \(side) "
                    + "in the pair's settings or pair file")
        }
        try section.allowOnly(allowed)
    }

    /// A secret by reference, `{env: NAME}` or `{file: PATH}`; a secret written out is refused
    /// without repeating it.
    private static func secret(
        _ section: YAMLReader, _ key: String, folder: String
    ) throws(TrueUpError) -> SecretReference? {
        guard let node = section.value(key), !YAMLReader.isNull(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            throw section.error(
                at: node,
                "\(section.qualified(key)): a secret is not written in a job file; name where it is, as "
                    + "{env: NAME} (an environment variable) or {file: PATH} (a file with mode 0600)")
        }
        let reference = YAMLReader(file: section.file, node: mapping, path: section.qualified(key))
        try reference.allowOnly(secretKeys)
        switch (try reference.string("env"), try reference.string("file")) {
        case (let name?, nil):
            let valid =
                !name.isEmpty && name.count <= 128 && !("0"..."9").contains(name.unicodeScalars.first ?? "0")
                && name.unicodeScalars.allSatisfy {
                    ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                }
            guard valid else {
                throw reference.valueError("env", "expected an environment variable's name (letters, digits and _)")
            }
            return .environment(name)
        case (nil, let path?):
            guard !path.isEmpty else { throw reference.valueError("file", "expected the secret file's path") }
            return .file(resolve(path, against: folder))
        default:
            throw section.error(at: node, "\(section.qualified(key)): give one of {env: NAME} or {file: PATH}")
        }
    }

    private static func url(_ section: YAMLReader, _ key: String, example: String) throws(TrueUpError) -> String? {
        guard let text = try section.string(key) else { return nil }
        guard let parsed = URL(string: text), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
            parsed.host != nil
        else {
            throw section.valueError(key, "expected an http or https address such as \(example)")
        }
        return text
    }

    /// `path` as an absolute path: as it is when absolute, else under `base`.
    private static func resolve(_ path: String, against base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        return (absolute as NSString).standardizingPath
    }
}
