import Foundation

/// Where the repository's files are, found from this source file so that tests run from any
/// working directory.
public enum RepositoryPaths {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }()

    public static var scenarios: String { "\(root)/fixtures/scenarios" }

    public static var schema: String { "\(root)/reports/schema/trueup-report.xsd" }

    /// The names of every fixture scenario (folders with a scenario.yaml), sorted.
    public static func scenarioNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(scenarios)/\($0)/scenario.yaml") }.sorted()
    }

    /// A built product, e.g. the `trueup` executable next to the test bundle.
    public static func product(_ name: String) -> String {
        for candidate in [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL] {
            let path = candidate.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let fallback = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent(name)
        return fallback.path
    }
}
