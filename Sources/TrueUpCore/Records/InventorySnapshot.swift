/// What one run fetched from both sides for inventory: canonical records, plus every record that
/// could not be read.
public struct InventorySnapshot: Sendable, Hashable {
    public var items: [Item]
    public var stock: [StockLevel]
    public var orders: [Order]
    public var refunds: [Refund]
    public var invoices: [Invoice]
    public var creditNotes: [CreditNote]
    public var problems: [InputProblem]

    public init(
        items: [Item] = [], stock: [StockLevel] = [], orders: [Order] = [], refunds: [Refund] = [],
        invoices: [Invoice] = [], creditNotes: [CreditNote] = [], problems: [InputProblem] = []
    ) {
        self.items = items
        self.stock = stock
        self.orders = orders
        self.refunds = refunds
        self.invoices = invoices
        self.creditNotes = creditNotes
        self.problems = problems
    }
}
