import GRDB

/// Inserts many rows into one table, a batch of rows per statement, from plain `DatabaseValue`s.
///
/// A snapshot or a plan of a million rows is written this way so that the time goes to SQLite
/// rather than to per-row arguments: one statement execution per row, with its arguments boxed
/// into `StatementArguments` and bound one by one, cost several times what SQLite's insert does. Rows are inserted
/// in the order they are appended, so a table's rowids follow that order as before. Call
/// ``finish()`` after the last row; a failed insert throws, and the transaction it ran in is
/// rolled back as usual.
struct BulkInsert {
    /// At most 999 parameters per statement: SQLite's limit before 3.32.
    private static let parameterLimit = 999

    private let db: Database
    private let table: String
    private let columns: [String]
    private let rowsPerBatch: Int
    private var batch: Statement?
    private var values: [DatabaseValue] = []

    /// - Parameter columns: the columns every row gives, in the order ``append(_:)`` takes them.
    init(into table: String, columns: [String], in db: Database) {
        self.db = db
        self.table = table
        self.columns = columns
        rowsPerBatch = max(1, Self.parameterLimit / columns.count)
        values.reserveCapacity(rowsPerBatch * columns.count)
    }

    /// Adds one row: a value for each column, in order.
    mutating func append(_ row: DatabaseValue...) throws {
        precondition(row.count == columns.count, "\(table) takes \(columns.count) values a row")
        values.append(contentsOf: row)
        guard values.count == rowsPerBatch * columns.count else { return }
        let statement = try batch ?? db.makeStatement(sql: sql(rows: rowsPerBatch))
        batch = statement
        try insert(with: statement)
    }

    /// Inserts the rows appended since the last full batch.
    mutating func finish() throws {
        guard !values.isEmpty else { return }
        try insert(with: db.makeStatement(sql: sql(rows: values.count / columns.count)))
    }

    private mutating func insert(with statement: Statement) throws {
        // `StatementArguments(values)` maps each value through a generic key path, which costs
        // more than SQLite's insert of it. Instead: reset the statement (binding nothing), bind
        // each value through GRDB's `StatementBinding`, then execute the statement as bound.
        statement.setUncheckedArguments(StatementArguments())
        for (index, value) in zip(CInt(1)..., values) {
            let code = ResultCode(rawValue: value.bind(to: statement.sqliteStatement, at: index))
            guard code == .SQLITE_OK else {
                throw DatabaseError(resultCode: code, message: db.lastErrorMessage, sql: statement.sql)
            }
        }
        try statement.execute()
        values.removeAll(keepingCapacity: true)
    }

    private func sql(rows: Int) -> String {
        let row = "(" + repeatElement("?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + repeatElement(row, count: rows).joined(separator: ", ")
    }
}
