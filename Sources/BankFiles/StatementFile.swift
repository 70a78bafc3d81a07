public import TrueUpCore

/// What a statement file holds: its booked lines in file order, and a problem for each entry or row
/// that could not be read (the rest are read regardless).
public struct StatementFile: Sendable {
    public var lines: [BankLine]
    public var problems: [InputProblem]

    public init(lines: [BankLine], problems: [InputProblem]) {
        self.lines = lines
        self.problems = problems
    }
}
