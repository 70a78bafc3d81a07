import TrueUpCore

/// Reads a bank's CSV statement with a ``StatementCSVMapping``: one line per row, a problem naming the
/// line for each row that cannot be read.
enum CSVStatementReader {
    static func read(
        bytes: [UInt8], file: String, idName: String, mapping: StatementCSVMapping
    ) throws(StatementError) -> StatementFile {
        let delimiter = try CSVTable.delimiterByte(mapping.delimiter)
        let dates: DatePattern
        do {
            dates = try DatePattern(mapping.dateFormat)
        } catch {
            throw .mapping("cannot read \(file): \(error.message)")
        }
        let table = try CSVTable(bytes: bytes, delimiter: delimiter, file: file)
        let columns = try Columns(table: table, mapping: mapping, file: file)
        var read: [(line: BankLine, bankID: String?, row: Int)] = []
        var problems: [InputProblem] = []
        for record in table.records {
            switch columns.line(record, table: table, mapping: mapping, dates: dates, file: file) {
            case .success(let line):
                read.append((line, columns.id.map { record.cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }, record.line))
            case .failure(let problem):
                let reference = columns.reference.flatMap { $0 < record.cells.count ? record.cells[$0] : nil } ?? ""
                problems.append(
                    InputProblem(
                        source: file, subject: reference.isEmpty ? .unknown : .reference(reference),
                        message: "line \(record.line): \(problem.message); the row is not used"))
            }
        }
        var counts: [String: Int] = [:]
        for entry in read {
            if let id = entry.bankID { counts[id, default: 0] += 1 }
        }
        let lines = read.map { entry in
            var line = entry.line
            if let id = entry.bankID, counts[id] == 1 {
                line.id = id
            } else {
                line.id = "\(idName)#\(entry.row)"
            }
            return line
        }
        return StatementFile(lines: lines, problems: problems)
    }

    /// The mapping's columns found in the header.
    private struct Columns {
        enum Amount {
            case signed(Int)
            case creditDebit(credit: Int, debit: Int)
        }

        let date: Int
        let valueDate: Int?
        let amount: Amount
        let currency: Int?
        let reference: Int?
        let description: [Int]
        let id: Int?

        init(table: CSVTable, mapping: StatementCSVMapping, file: String) throws(StatementError) {
            func column(_ name: String, _ what: String) throws(StatementError) -> Int {
                try table.requiredColumn(name, file: file, what: what)
            }
            date = try column(mapping.dateColumn, "date")
            valueDate = try mapping.valueDateColumn.map { name throws(StatementError) in try column(name, "value date")
            }
            switch mapping.amount {
            case .signed(let name):
                amount = .signed(try column(name, "amount"))
            case .creditDebit(let credit, let debit):
                amount = .creditDebit(credit: try column(credit, "credit"), debit: try column(debit, "debit"))
            }
            switch mapping.currency {
            case .column(let name): currency = try column(name, "currency")
            case .fixed: currency = nil
            }
            reference = try mapping.referenceColumn.map { name throws(StatementError) in try column(name, "reference") }
            var description: [Int] = []
            for name in mapping.descriptionColumns {
                description.append(try column(name, "description"))
            }
            self.description = description
            id = try mapping.idColumn.map { name throws(StatementError) in try column(name, "id") }
        }

        /// The row as a bank line with `id` left for the caller, or what is wrong with it.
        func line(
            _ record: CSVTable.Record, table: CSVTable, mapping: StatementCSVMapping, dates: DatePattern, file: String
        ) -> Result<BankLine, CellProblem> {
            if let problem = table.rowProblem(record) { return .failure(problem) }
            let cells = record.cells
            func name(_ column: Int) -> String { table.header[column] }
            let currency: Currency
            switch mapping.currency {
            case .fixed(let fixed):
                currency = fixed
            case .column:
                guard let column = self.currency else { return .failure(CellProblem("it has no currency")) }
                do {
                    currency = try Currency(code: cells[column])
                } catch {
                    return .failure(CellProblem("\(name(column)): \(error.description)"))
                }
            }
            let value: Money
            switch money(cells, currency: currency, separator: mapping.decimalSeparator) {
            case .success(let read): value = read
            case .failure(let problem): return .failure(problem)
            }
            let bookingDate: LocalDate
            switch dates.date(cells[date]) {
            case .success(let read): bookingDate = read
            case .failure(let problem): return .failure(CellProblem("\(name(date)) \(problem.message)"))
            }
            var valueDate: LocalDate?
            if let column = self.valueDate, !cells[column].isEmpty {
                switch dates.date(cells[column]) {
                case .success(let read): valueDate = read
                case .failure(let problem): return .failure(CellProblem("\(name(column)) \(problem.message)"))
                }
            }
            var parts: [String] = []
            for column in description {
                let part = FreeText.collapsed(cells[column])
                if !part.isEmpty, !parts.contains(part) { parts.append(part) }
            }
            let reference = self.reference.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            return .success(
                BankLine(
                    id: "", amount: value, date: bookingDate, valueDate: valueDate, reference: reference,
                    description: parts.isEmpty ? nil : parts.joined(separator: " / "),
                    source: "\(file) line \(record.line)"))
        }

        private func money(
            _ cells: [String], currency: Currency, separator: StatementCSVMapping.DecimalSeparator
        ) -> Result<Money, CellProblem> {
            switch amount {
            case .signed(let column):
                return AmountText.parse(cells[column], separator: separator, currency: currency)
                    .mapError { CellProblem("the amount \($0.message)") }
            case .creditDebit(let creditColumn, let debitColumn):
                let creditText = cells[creditColumn]
                let debitText = cells[debitColumn]
                var credit: Money?
                var debit: Money?
                if !creditText.isEmpty {
                    switch AmountText.parse(creditText, separator: separator, currency: currency) {
                    case .success(let read): credit = read
                    case .failure(let problem): return .failure(CellProblem("the credit \(problem.message)"))
                    }
                }
                if !debitText.isEmpty {
                    switch AmountText.parse(debitText, separator: separator, currency: currency) {
                    case .success(let read): debit = Money(minorUnits: -abs(read.minorUnits), currency: currency)
                    case .failure(let problem): return .failure(CellProblem("the debit \(problem.message)"))
                    }
                }
                switch (credit, debit) {
                case (let credit?, let debit?):
                    if debit.minorUnits == 0 { return .success(credit) }
                    if credit.minorUnits == 0 { return .success(debit) }
                    return .failure(
                        CellProblem("both the credit and the debit have an amount; one of them must be empty"))
                case (let credit?, nil): return .success(credit)
                case (nil, let debit?): return .success(debit)
                case (nil, nil): return .failure(CellProblem("neither the credit nor the debit has an amount"))
                }
            }
        }
    }
}
