/// How far a long piece of work has got: pages read, batches sent.
public struct ProgressEvent: Sendable, Hashable {
    /// What is being done, for a person: `Xero /Invoices`, `Xero adjustments`.
    public var task: String
    public var done: Int
    /// How many there will be, when known.
    public var total: Int?
    /// What is counted: `pages`, `batches`.
    public var unit: String

    public init(task: String, done: Int, total: Int? = nil, unit: String) {
        self.task = task
        self.done = done
        self.total = total
        self.unit = unit
    }
}

/// Where the work of the current task reports its progress. A command that shows progress binds
/// ``sink`` around the work; elsewhere ``report(_:done:total:unit:)`` does nothing.
public enum RunProgress {
    @TaskLocal public static var sink: (@Sendable (ProgressEvent) -> Void)?

    public static func report(_ task: String, done: Int, total: Int? = nil, unit: String) {
        sink?(ProgressEvent(task: task, done: done, total: total, unit: unit))
    }
}
