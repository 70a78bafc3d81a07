import Foundation
import TrueUpCore

/// Orders and refunds in a CSV file: one row per line, the rows of one document sharing its
/// number (they need not be next to each other), and repeating the document's own fields.
///
/// The money fields (an order's payment, a refund's total and transaction id) are the document's
/// too, but a row may leave them empty, as exports that give them on a document's first row only
/// do: the first row that fills one in gives it, and the others that fill it in must agree.
///
/// A row whose line cannot be read but whose SKU can is a problem about that SKU, and the rest of
/// the document is kept. Anything else — a malformed row, an empty SKU, a time, currency, id or
/// amount that cannot be read, document fields that differ between its rows — keeps the whole
/// document out, as one problem about its number (`.unknown` for a row without a number). Documents
/// whose every time is before `since` are passed over, problems and all: they were read before.
struct CSVFeedDocuments<Line> {
    /// The columns of a document's own fields.
    struct Columns {
        var number: Int
        var id: Int?
        var createdAt: Int
        var updatedAt: Int?
        var currency: Int
        var status: Int?
        /// The refunded order (refunds only).
        var order: Int?
        /// The money the document moved: an order's amount paid, a refund's total.
        var amount: Int?
        /// The payment method (orders only).
        var method: Int?
        /// The payment gateway's transaction id.
        var reference: Int?
    }

    /// What a document says about money: the fields its rows may leave empty.
    struct Settlement: Equatable {
        var amount: Money?
        var method: String?
        var reference: String?

        var isEmpty: Bool { amount == nil && method == nil && reference == nil }
    }

    /// The fields every row of a document repeats.
    struct Head: Equatable {
        var id: String
        var createdAt: Date
        var currency: Currency
        var status: String
        var order: String
    }

    /// A document read whole.
    struct Document {
        var number: String
        var head: Head
        var settlement: Settlement
        /// The newest `updated_at` of its rows, else its creation time.
        var updatedAt: Date
        var lines: [Line]
        /// The line of its first row.
        var line: Int
    }

    /// What one row's line is.
    enum LineOutcome {
        case line(Line)
        /// The line cannot be read, but its SKU can: a problem about the SKU; the document is kept.
        case skuProblem(sku: String, message: String)
        /// The document cannot be trusted.
        case failure(String)
    }

    /// `order` or `refund`, in messages.
    let kind: String
    let subject: (String) -> InputProblem.Subject

    private struct Group {
        var number: String
        var line: Int
        var head: Head?
        var headLine = 0
        var updatedAt: Date?
        var latest: Date?
        var timesRead = true
        var failure: String?
        var lines: [Line] = []
        var lineProblems: [InputProblem] = []
        var settlement = Settlement()
        /// The line each money field was first given on, by its column.
        var settledOn: [Int: Int] = [:]
    }

    /// Reads the documents of one file.
    func read(
        _ table: CSVFeedTable, file: String, columns: Columns, dates: CSVFeedDates, numbers: CSVFeedQuantities,
        since: Date?, line readLine: (CSVFeedTable.Record) -> LineOutcome
    ) -> (documents: [Document], problems: [InputProblem]) {
        var problems: [InputProblem] = []
        var groups: [Group] = []
        var positions: [String: Int] = [:]
        let width = table.header.count
        for record in table.records {
            let cells = record.cells
            let numberCell = columns.number < cells.count ? cells[columns.number] : ""
            var rowFailure: String?
            if let defect = record.defect {
                rowFailure = "line \(record.line): \(defect)"
            } else if cells.count != width {
                rowFailure =
                    "line \(record.line) has \(cells.count) cells where the header has \(width) (a cell with the "
                    + "delimiter in it must be in quotes)"
            }
            if numberCell.isEmpty {
                let why = rowFailure ?? "line \(record.line): the \(kind) number is empty"
                problems.append(InputProblem(source: file, subject: .unknown, message: "\(why); the row is not used"))
                continue
            }
            let position =
                positions[numberCell]
                ?? {
                    groups.append(Group(number: numberCell, line: record.line))
                    positions[numberCell] = groups.count - 1
                    return groups.count - 1
                }()
            func fail(_ message: String) {
                if groups[position].failure == nil { groups[position].failure = message }
            }
            if let rowFailure {
                groups[position].timesRead = false
                fail(rowFailure)
                continue
            }
            func time(_ column: Int, _ name: String) -> Date? {
                switch dates.parse(cells[column]) {
                case .success(let instant): return instant
                case .failure(let error):
                    groups[position].timesRead = false
                    fail("line \(record.line): \(name) \"\(cells[column].prefix(40))\" \(error.message)")
                    return nil
                }
            }
            let createdAt = time(columns.createdAt, table.header[columns.createdAt])
            let updatedCell = columns.updatedAt.map { cells[$0] } ?? ""
            let updatedAt = updatedCell.isEmpty ? createdAt : columns.updatedAt.flatMap { time($0, table.header[$0]) }
            if let changed = updatedAt ?? createdAt {
                groups[position].latest = max(groups[position].latest ?? changed, changed)
            }
            let currencyCell = cells[columns.currency]
            let currency: Currency?
            do {
                currency = try Currency(code: currencyCell)
            } catch {
                currency = nil
                fail("line \(record.line): \(error.description)")
            }
            let id = columns.id.map { cells[$0] } ?? numberCell
            let order = columns.order.map { cells[$0] } ?? ""
            if id.isEmpty { fail("line \(record.line): the \(kind) id is empty") }
            if columns.order != nil, order.isEmpty { fail("line \(record.line): the refunded order is empty") }
            if let createdAt, let currency, let updatedAt, !id.isEmpty {
                let head = Head(
                    id: id, createdAt: createdAt, currency: currency,
                    status: columns.status.map { cells[$0] } ?? "", order: order)
                if let first = groups[position].head {
                    if let field = Self.difference(first, head) {
                        fail(
                            "line \(record.line): the \(field) differs from line \(groups[position].headLine) of "
                                + "the same \(kind)")
                    }
                } else {
                    groups[position].head = head
                    groups[position].headLine = record.line
                }
                groups[position].updatedAt = max(groups[position].updatedAt ?? updatedAt, updatedAt)
            }
            if let currency,
                let problem = settle(
                    record, header: table.header, columns: columns, currency: currency, numbers: numbers,
                    into: &groups[position])
            {
                fail(problem)
            }
            switch readLine(record) {
            case .line(let line):
                groups[position].lines.append(line)
            case .skuProblem(let sku, let message):
                groups[position].lineProblems.append(
                    InputProblem(
                        source: file, subject: .sku(sku),
                        message: "line \(record.line): \(message); the line is left out of \(kind) \(numberCell)"))
            case .failure(let message):
                fail("line \(record.line): \(message)")
            }
        }
        var documents: [Document] = []
        for group in groups {
            if let since, group.timesRead, let latest = group.latest, latest < since { continue }
            guard group.failure == nil, let head = group.head, let updatedAt = group.updatedAt else {
                let why = group.failure ?? "line \(group.line): the \(kind) cannot be read"
                problems.append(
                    InputProblem(
                        source: file, subject: subject(group.number),
                        message: "\(why); \(kind) \(group.number) is not used"))
                continue
            }
            problems += group.lineProblems
            documents.append(
                Document(
                    number: group.number, head: head, settlement: group.settlement, updatedAt: updatedAt,
                    lines: group.lines, line: group.line))
        }
        return (documents, problems)
    }

    /// Adds the money fields of a row to its document's, or says why they cannot be: a cell that
    /// cannot be read, a negative amount, or a value that differs from an earlier row's.
    private func settle(
        _ record: CSVFeedTable.Record, header: [String], columns: Columns, currency: Currency,
        numbers: CSVFeedQuantities, into group: inout Group
    ) -> String? {
        var problem: String?
        func take<Value: Equatable>(
            _ column: Int?, _ field: WritableKeyPath<Settlement, Value?>,
            read: (String) -> Result<Value, CSVFeedCellError>, shown: (Value) -> String
        ) {
            guard problem == nil, let column, !record.cells[column].isEmpty else { return }
            let cell = record.cells[column]
            switch read(cell) {
            case .failure(let error):
                problem = "line \(record.line): \(header[column]) \"\(cell.prefix(40))\" \(error.message)"
            case .success(let value):
                guard let first = group.settlement[keyPath: field] else {
                    group.settlement[keyPath: field] = value
                    group.settledOn[column] = record.line
                    return
                }
                if value != first {
                    problem =
                        "line \(record.line): \(header[column]) \(shown(value)) differs from \(shown(first)) on line "
                        + "\(group.settledOn[column] ?? group.line) of the same \(kind)"
                }
            }
        }
        let quoted: (String) -> String = { "\"\($0.prefix(40))\"" }
        take(columns.amount, \.amount, read: { Self.amount($0, currency: currency, numbers: numbers) }, shown: \.amount)
        take(columns.method, \.method, read: { .success($0) }, shown: quoted)
        take(columns.reference, \.reference, read: { .success($0) }, shown: quoted)
        return problem
    }

    /// An amount of money that is not negative.
    private static func amount(
        _ text: String, currency: Currency, numbers: CSVFeedQuantities
    ) -> Result<Money, CSVFeedCellError> {
        numbers.money(text, currency: currency).flatMap { money in
            money.minorUnits < 0
                ? .failure(CSVFeedCellError("is negative: give the amount without a sign")) : .success(money)
        }
    }

    /// The first field two rows of one document disagree on.
    private static func difference(_ first: Head, _ other: Head) -> String? {
        if first.id != other.id { return "id" }
        if first.createdAt != other.createdAt { return "creation time" }
        if first.currency != other.currency { return "currency" }
        if first.status != other.status { return "status" }
        if first.order != other.order { return "refunded order" }
        return nil
    }
}
