public import Foundation
public import TrueUpCore
public import TrueUpReports
public import TrueUpStore

/// Writes a pair's reports for a period from the state: `trueup report`, and the last stage of a run.
public struct Reporter: Sendable {
    public let store: StateStore
    public let now: @Sendable () -> Date

    public init(store: StateStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// The run a report should show: the given one, else the latest planned run of the pair (the
    /// only pair, when none is named) in the period (the latest, when none is named).
    public func resolveRun(pair: String?, period: Period?, runID: Int64?) async throws(TrueUpError) -> RunRecord {
        if let runID {
            guard let run = try await store.run(runID) else {
                throw .notFound("there is no run \(runID); see 'trueup runs'")
            }
            return run
        }
        let pairName = try await pairName(pair, firstRun: "trueup plan")
        guard let run = try await store.latestPlannedRun(pair: pairName, period: period) else {
            let when = period.map { " in \($0)" } ?? ""
            throw .notFound("pair \(pairName) has no plan\(when) to report on; run 'trueup plan' first")
        }
        return run
    }

    /// The pair named, else the only pair the state holds. `firstRun` is the command the message
    /// suggests when the state holds none.
    public func pairName(_ pair: String?, firstRun: String) async throws(TrueUpError) -> String {
        if let pair { return pair }
        let pairs = try await store.pairs()
        guard pairs.count <= 1 else {
            throw .usage("the state holds several pairs (\(pairs.joined(separator: ", "))): choose one with --pair")
        }
        guard let only = pairs.first else { throw .notFound("the state holds no runs yet; run '\(firstRun)' first") }
        return only
    }

    /// Writes the reports of a run into `out`, or `reports/out/<pair>/<period>/`, and returns their paths.
    public func write(runID: Int64, out: String?) async throws(TrueUpError) -> [String] {
        guard let run = try await store.run(runID) else { throw .notFound("there is no run \(runID)") }
        return try await write(run: run, out: out, everyFile: false).paths
    }

    /// Writes the reports of `run` into `out`, or `reports/out/<pair>/<period>/`, and says what was
    /// written. `corrections.csv` lists every correction planned by the pair's runs in the run's
    /// period. `payments.csv` and `summary.csv` are written when the run matched payments, or always
    /// with `everyFile` (with the header row only when it did not), as a close pack has them.
    public func write(run: RunRecord, out: String?, everyFile: Bool) async throws(TrueUpError) -> ReportFiles {
        let settings = try await store.pairSettings(run.pair).flatMap(PairSettings.fromJSON) ?? PairSettings()
        let header = ReportHeader(
            pair: run.pair, period: run.period, runID: run.id, asOf: run.asOf, generatedAt: now(),
            timeZone: settings.timeZone, source: run.source)
        let conflicts = try await store.conflictsForReport(pair: run.pair, period: run.period, timeZone: settings.zone)
        let pairName = try PairName(run.pair)
        let folder = out ?? ReportBundle.defaultFolder(pair: pairName.rawValue, period: run.period)
        do {
            var payments: PaymentLines?
            if try await store.hasPaymentRows(run: run.id) {
                payments = PaymentLines(try await store.paymentLines(run: run.id))
            } else if everyFile {
                payments = PaymentLines([])
            }
            return try await ReportBundle(folder: folder).writeFiles(
                header: header, rows: StoredPlanRows(store: store, runID: run.id), conflicts: conflicts,
                payments: payments, corrections: StoredCorrectionRows(store: store, pair: run.pair, period: run.period))
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw .output("\(error)")
        }
    }
}
