public import Foundation
public import TrueUpCore
public import TrueUpReports
public import TrueUpStore

/// The month-end close pack of a pair and period (`trueup close`): every report of DESIGN §7 from
/// the state, checked against the report schema, with what an accountant should know before
/// relying on it.
///
/// The pack shows the latest planned run of the pair in the period. It is the files of
/// `trueup report` and always all six of them: `payments.csv` and `summary.csv` have their header
/// row only when the run matched no payments, and `corrections.csv` lists every correction the
/// pair's runs planned in the period, with what became of it.
///
/// ```swift
/// let result = try await ClosePack(store: store).write(pair: "demo", period: try Period(parsing: "2026-11"), out: nil)
/// guard result.isValid else { … }
/// ```
public struct ClosePack: Sendable {
    public let store: StateStore
    /// The wall clock: when the files are written, and the day that says whether the period is over.
    public let now: @Sendable () -> Date

    public init(store: StateStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Writes the close pack of `pair` (the only pair, when `nil`) for `period` into `out`, or
    /// `reports/out/<pair>/<YYYY-MM>/`, and validates `reconciliation.xml` against the full report
    /// schema. A document the schema refuses is reported in the result, not thrown: the files are
    /// there to look at, but the pack is not valid. Throws when the pair has no run in the period.
    public func write(pair: String?, period: Period, out: String?) async throws(TrueUpError) -> ClosePackResult {
        let reporter = Reporter(store: store, now: now)
        let pairName = try await reporter.pairName(pair, firstRun: "trueup run nightly")
        guard let run = try await store.latestPlannedRun(pair: pairName, period: period) else {
            throw .notFound("pair \(pairName) has no run in \(period); run 'trueup run nightly' first")
        }
        let settings = try await store.pairSettings(run.pair).flatMap(PairSettings.fromJSON) ?? PairSettings()
        let reports = try await reporter.write(run: run, out: out, everyFile: true)

        var validationError: String?
        do {
            let document = reports.file(ReportBundle.reconciliationFile)?.path ?? ""
            try XMLSchemaValidator.bundledReportSchema().validate(fileAtPath: document)
        } catch {
            validationError = "\(error)"
        }

        var warnings: [String] = []
        let today = LocalDate(now(), in: settings.zone)
        if period.lastDay > today {
            let lastDay = period.lastDay.description
            warnings.append(
                "\(period) is not over yet in \(settings.timeZone) (today is \(today)): its figures may still change; "
                    + "close it again after \(lastDay)")
        }
        if run.status != .ok {
            var warning = "run \(run.id), the latest of \(period), ended \(run.status.rawValue)"
            if let error = run.error { warning += " (\(error))" }
            warning += ": the pack shows what it planned"
            warnings.append(warning)
        }
        var pending = 0
        var states: [String] = []
        for state in CorrectionState.allCases where state.isLive {
            guard let count = reports.correctionStates[state] else { continue }
            pending += count
            states.append("\(count) \(state.rawValue)")
        }
        if pending > 0 {
            let corrections = pending == 1 ? "1 correction of \(period) is" : "\(pending) corrections of \(period) are"
            let list = states.joined(separator: ", ")
            warnings.append(
                "\(corrections) not final (\(list)): run 'trueup apply --pair \(run.pair)' or wait for the next "
                    + "nightly run, then close again")
        }
        return ClosePackResult(
            run: run, timeZone: settings.timeZone, reports: reports, validationError: validationError,
            pendingCorrections: pending, warnings: warnings)
    }
}

/// What ``ClosePack/write(pair:period:out:)`` wrote and found.
public struct ClosePackResult: Sendable, Hashable {
    /// The run the pack shows: the latest planned run of the pair in the period.
    public var run: RunRecord
    /// The organisation's timezone, in which the period is a calendar month.
    public var timeZone: String
    /// The files with their row counts, the summary figures and the open conflicts.
    public var reports: ReportFiles
    /// `nil` when `reconciliation.xml` is valid against the report schema; otherwise what the
    /// validator said.
    public var validationError: String?
    /// Corrections of the period still planned, sent or failed: they may yet change the figures.
    public var pendingCorrections: Int
    /// What to know before relying on the pack, one sentence each: the period is not over, the
    /// run did not end well, corrections are not final.
    public var warnings: [String]

    public init(
        run: RunRecord, timeZone: String, reports: ReportFiles, validationError: String?, pendingCorrections: Int,
        warnings: [String]
    ) {
        self.run = run
        self.timeZone = timeZone
        self.reports = reports
        self.validationError = validationError
        self.pendingCorrections = pendingCorrections
        self.warnings = warnings
    }

    public var pair: String { run.pair }
    public var period: Period { run.period }
    /// The folder the files are in.
    public var folder: String { reports.folder }
    /// Whether `reconciliation.xml` is valid against the report schema.
    public var isValid: Bool { validationError == nil }
    /// The files in the order they were written, `reconciliation.xml` last.
    public var files: [ReportFiles.File] { reports.files }
    /// The close figures per currency; empty when the run matched no payments.
    public var summary: [PaymentSummary.Figures] { reports.summary?.figures ?? [] }
    /// The pair's open conflicts.
    public var openConflicts: Int { reports.openConflicts }
}
