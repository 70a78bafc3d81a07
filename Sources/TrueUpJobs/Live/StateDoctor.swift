public import TrueUpCore
import TrueUpStore

/// The state's own checks, for `trueup doctor` and `trueup state check`: who can read the file
/// (it holds the connections' tokens and passwords) and whether SQLite finds it sound.
public enum StateDoctor {
    public static func run(path: String) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let exposed = StateStore.exposedFiles(statePath: path)
        checks.append(
            exposed.isEmpty
                ? DoctorCheck(.ok, "state permissions", "only its owner can read \(path)")
                : DoctorCheck(.warn, "state permissions", exposed.map(\.description).joined(separator: "; ")))
        do {
            let problems = try await StateStore(path: path).integrityProblems()
            checks.append(
                problems.isEmpty
                    ? DoctorCheck(.ok, "state integrity", "SQLite finds \(path) sound")
                    : DoctorCheck(
                        .fail, "state integrity", "\(problems.joined(separator: "; ")); restore the newest backup"))
        } catch {
            checks.append(
                DoctorCheck(
                    error.kind == .locked ? .warn : .fail, "state integrity",
                    error.kind == .locked ? "not checked: \(error.message)" : error.message))
        }
        return checks
    }
}
