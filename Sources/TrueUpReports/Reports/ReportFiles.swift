public import TrueUpStore

/// What a ``ReportBundle`` wrote: each file with its row count, and the figures a close pack
/// shows without reading the files back.
public struct ReportFiles: Sendable, Hashable {
    /// One file of the bundle.
    public struct File: Sendable, Hashable {
        /// `inventory.csv`, `payments.csv`, …, `reconciliation.xml`.
        public var name: String
        public var path: String
        /// The CSV's rows, the header row not counted; `nil` for `reconciliation.xml`, which holds
        /// every section.
        public var rows: Int?

        public init(name: String, path: String, rows: Int?) {
            self.name = name
            self.path = path
            self.rows = rows
        }
    }

    /// The folder the files are in.
    public var folder: String
    /// The files in the order they were written, `reconciliation.xml` last.
    public var files: [File]
    /// The close figures per currency, when the bundle has payments.
    public var summary: PaymentSummary?
    /// The conflicts listed that are still open.
    public var openConflicts: Int
    /// How many of the corrections listed are in each state.
    public var correctionStates: [CorrectionState: Int]

    public init(
        folder: String, files: [File], summary: PaymentSummary?, openConflicts: Int,
        correctionStates: [CorrectionState: Int]
    ) {
        self.folder = folder
        self.files = files
        self.summary = summary
        self.openConflicts = openConflicts
        self.correctionStates = correctionStates
    }

    /// The files' paths, in order.
    public var paths: [String] { files.map(\.path) }

    /// The file called `name`, if the bundle has one.
    public func file(_ name: String) -> File? { files.first { $0.name == name } }
}
