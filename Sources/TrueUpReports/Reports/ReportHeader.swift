public import Foundation
public import TrueUpCore

/// What every report of a pair and period says about where its figures come from.
public struct ReportHeader: Sendable, Hashable {
    public var pair: String
    public var period: Period
    /// The run whose plan the report shows.
    public var runID: Int64
    /// The run's clock.
    public var asOf: Date
    /// When the files were written: the one field allowed to differ between two writes of the same state.
    public var generatedAt: Date
    /// The Xero organisation's timezone, in which the period is a calendar month.
    public var timeZone: String
    /// Where the run's data came from.
    public var source: String

    public init(
        pair: String, period: Period, runID: Int64, asOf: Date, generatedAt: Date, timeZone: String, source: String
    ) {
        self.pair = pair
        self.period = period
        self.runID = runID
        self.asOf = asOf
        self.generatedAt = generatedAt
        self.timeZone = timeZone
        self.source = source
    }
}
