public import TrueUpCore

/// Reads a payment gateway's payout (settlement) CSV file into ``PayoutLine``s.
///
/// Each row is one order's or transaction's share of a payout: its payout id, the payout's date
/// (`yyyy-MM-dd`), an order number or a gateway reference (at least one), gross, fee (empty is none) and
/// net amounts, and a currency (or the default one). Net must be exactly gross − fee. A row that breaks
/// any of this becomes a problem naming its line, and the rest are read.
public enum PayoutFileReader {
    /// Reads the payout file at `path`.
    ///
    /// - Parameter defaultCurrency: the currency of rows when the file has no currency column, or
    ///   leaves the cell empty.
    /// - Throws: ``StatementError`` when the file cannot be read, is not UTF-8 CSV, or its header lacks
    ///   a column the mapping names (or any currency, with no default).
    public static func read(
        path: String, mapping: PayoutCSVMapping, defaultCurrency: Currency?
    ) throws(StatementError) -> (lines: [PayoutLine], problems: [InputProblem]) {
        let input = try FileInput(path: path)
        defer { input.close() }
        let bytes = try input.readAll()
        return try read(bytes: bytes, file: path, mapping: mapping, defaultCurrency: defaultCurrency)
    }

    static func read(
        bytes: [UInt8], file: String, mapping: PayoutCSVMapping, defaultCurrency: Currency?
    ) throws(StatementError) -> (lines: [PayoutLine], problems: [InputProblem]) {
        let delimiter = try CSVTable.delimiterByte(mapping.delimiter)
        let table = try CSVTable(bytes: bytes, delimiter: delimiter, file: file)
        let columns = try Columns(table: table, mapping: mapping, file: file, defaultCurrency: defaultCurrency)
        var lines: [PayoutLine] = []
        var problems: [InputProblem] = []
        for record in table.records {
            switch columns.line(record, table: table, mapping: mapping, defaultCurrency: defaultCurrency, file: file) {
            case .success(let line):
                lines.append(line)
            case .failure(let problem):
                let payout = record.cells.count > columns.payoutID ? record.cells[columns.payoutID] : ""
                problems.append(
                    InputProblem(
                        source: file, subject: payout.isEmpty ? .unknown : .reference(payout),
                        message: "line \(record.line): \(problem.message); the row is not used"))
            }
        }
        return (lines, problems)
    }

    /// The mapping's columns found in the header.
    private struct Columns {
        let payoutID: Int
        let date: Int
        let orderNumber: Int?
        let reference: Int?
        let gross: Int
        let fee: Int?
        let net: Int?
        let currency: Int?

        init(
            table: CSVTable, mapping: PayoutCSVMapping, file: String, defaultCurrency: Currency?
        ) throws(StatementError) {
            payoutID = try table.requiredColumn(mapping.payoutIDColumn, file: file, what: "payout id")
            date = try table.requiredColumn(mapping.dateColumn, file: file, what: "date")
            gross = try table.requiredColumn(mapping.grossColumn, file: file, what: "gross amount")
            orderNumber = table.column(mapping.orderNumberColumn)
            reference = table.column(mapping.referenceColumn)
            fee = table.column(mapping.feeColumn)
            net = table.column(mapping.netColumn)
            currency = table.column(mapping.currencyColumn)
            if orderNumber == nil, reference == nil {
                throw .mapping(
                    "\(file) line \(table.headerLine): the header has neither an order number column "
                        + "\"\(mapping.orderNumberColumn)\" nor a reference column \"\(mapping.referenceColumn)\"; a "
                        + "payout file needs at least one of them (fix the column names in the mapping)")
            }
            if currency == nil, defaultCurrency == nil {
                throw .mapping(
                    "\(file) line \(table.headerLine): the header has no currency column "
                        + "\"\(mapping.currencyColumn)\" and no default currency is set; add the column, or set the "
                        + "payout file's currency")
            }
        }

        /// The row as a payout line, or what is wrong with it.
        func line(
            _ record: CSVTable.Record, table: CSVTable, mapping: PayoutCSVMapping, defaultCurrency: Currency?,
            file: String
        ) -> Result<PayoutLine, CellProblem> {
            if let problem = table.rowProblem(record) { return .failure(problem) }
            let cells = record.cells
            func name(_ column: Int) -> String { table.header[column] }
            func text(_ column: Int?) -> String? {
                column.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let payoutID = text(self.payoutID) else { return .failure(CellProblem("the payout id is empty")) }
            let orderNumber = text(self.orderNumber)
            let reference = text(self.reference)
            guard orderNumber != nil || reference != nil else {
                return .failure(CellProblem("it has neither an order number nor a reference"))
            }
            let currency: Currency
            if let code = text(self.currency) {
                do {
                    currency = try Currency(code: code)
                } catch {
                    return .failure(CellProblem("\(mapping.currencyColumn): \(error.description)"))
                }
            } else if let defaultCurrency {
                currency = defaultCurrency
            } else {
                return .failure(CellProblem("the currency is empty and no default currency is set"))
            }
            let day: LocalDate
            switch DatePattern.iso.date(cells[date]) {
            case .success(let read): day = read
            case .failure(let problem): return .failure(CellProblem("\(name(date)) \(problem.message)"))
            }
            func money(_ column: Int) -> Result<Money, CellProblem> {
                AmountText.parse(cells[column], separator: mapping.decimalSeparator, currency: currency)
                    .mapError { CellProblem("\(name(column)) \($0.message)") }
            }
            let grossAmount: Money
            switch money(gross) {
            case .success(let read): grossAmount = read
            case .failure(let problem): return .failure(problem)
            }
            var feeAmount = Money.zero(currency)
            if let fee, text(fee) != nil {
                switch money(fee) {
                case .success(let read): feeAmount = read
                case .failure(let problem): return .failure(problem)
                }
            }
            let (difference, overflow) = grossAmount.minorUnits.subtractingReportingOverflow(feeAmount.minorUnits)
            guard !overflow else { return .failure(CellProblem("gross − fee is too large")) }
            var netAmount = Money(minorUnits: difference, currency: currency)
            if let net, text(net) != nil {
                switch money(net) {
                case .success(let read):
                    guard read == netAmount else {
                        return .failure(
                            CellProblem(
                                "\(name(net)) \(read.amount) is not gross \(grossAmount.amount) − fee "
                                    + "\(feeAmount.amount) = \(netAmount.amount)"))
                    }
                    netAmount = read
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(
                PayoutLine(
                    payoutID: payoutID, date: day, orderNumber: orderNumber, reference: reference, gross: grossAmount,
                    fee: feeAmount, net: netAmount, source: "\(file) line \(record.line)"))
        }
    }
}
