public import TrueUpCore

/// Everything one inventory plan depends on: the snapshot and the pair's state. Nothing else.
public struct InventoryInput: Sendable {
    /// The pair's name; part of every correction id.
    public var pair: String
    public var snapshot: InventorySnapshot
    /// The last agreed base per storefront SKU.
    public var bases: [String: Base]
    /// Explicit mappings per storefront SKU.
    public var mappings: [String: SKUMapping]
    /// Past changes per storefront SKU, oldest first, for the anomaly guard.
    public var history: [String: [Quantity]]
    /// Resolutions waiting to be honoured, per storefront SKU.
    public var resolutions: [String: Resolution]
    /// The storefront sources whose quantities are summed; `nil` counts every source.
    public var sources: Set<String>?
    public var settings: InventorySettings

    public init(
        pair: String, snapshot: InventorySnapshot, bases: [String: Base] = [:], mappings: [String: SKUMapping] = [:],
        history: [String: [Quantity]] = [:], resolutions: [String: Resolution] = [:], sources: Set<String>? = nil,
        settings: InventorySettings = InventorySettings()
    ) {
        self.pair = pair
        self.snapshot = snapshot
        self.bases = bases
        self.mappings = mappings
        self.history = history
        self.resolutions = resolutions
        self.sources = sources
        self.settings = settings
    }
}

/// The result of planning: one row per SKU, the corrections for each side, the conflicts.
public struct InventoryPlan: Sendable {
    /// One row per storefront SKU, in byte order of the SKU.
    public var rows: [InventoryRow]
    public var corrections: [PlannedCorrection]
    public var conflicts: [ConflictDraft]
    /// Bases to store now: SKUs the sides already agree on, which need no write.
    public var baseUpdates: [BaseUpdate]
    /// SKUs whose waiting resolution this plan honoured.
    public var honouredResolutions: [String]
    /// Records that could not be read and affect no SKU of this plan: kept for the queue, not lost.
    public var unattributedProblems: [InputProblem]

    public init(
        rows: [InventoryRow] = [], corrections: [PlannedCorrection] = [], conflicts: [ConflictDraft] = [],
        baseUpdates: [BaseUpdate] = [], honouredResolutions: [String] = [], unattributedProblems: [InputProblem] = []
    ) {
        self.rows = rows
        self.corrections = corrections
        self.conflicts = conflicts
        self.baseUpdates = baseUpdates
        self.honouredResolutions = honouredResolutions
        self.unattributedProblems = unattributedProblems
    }

    /// How many SKUs had each outcome.
    public var outcomeCounts: [InventoryOutcome: Int] {
        rows.reduce(into: [:]) { counts, row in counts[row.outcome, default: 0] += 1 }
    }
}

/// A plan that cannot be made safely: a record that could not be read and could affect any SKU.
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    public let problems: [InputProblem]

    public init(problems: [InputProblem]) {
        self.problems = problems
    }

    public var description: String {
        let first = problems.prefix(3).map(\.description).joined(separator: "; ")
        let more = problems.count > 3 ? " (and \(problems.count - 3) more)" : ""
        return "cannot plan inventory safely: \(first)\(more); fix or remove the record and plan again"
    }
}
