import BankFiles
import TrueUpCore

/// Reads a pair's bank statement and payout files into the payments snapshot. A file that cannot
/// be read — missing, malformed, or refused as unsafe (a camt.053 with a DOCTYPE) — is a problem
/// naming the file, and the rest of the run goes on without it.
enum PaymentFileReader {
    static func read(_ files: PaymentFiles, into snapshot: inout PaymentsSnapshot) {
        let format = files.statementFormat.flatMap(StatementFormat.init(rawValue:))
        let mapping = files.statementCSV.flatMap(Self.mapping)
        for path in files.statements {
            do {
                let statement = try BankStatementReader.read(path: path, format: format, csv: mapping)
                snapshot.statement += statement.lines
                snapshot.problems += statement.problems
            } catch {
                snapshot.problems.append(
                    InputProblem(source: path, subject: .unknown, message: error.description))
            }
        }
        for path in files.payouts {
            do {
                let payouts = try PayoutFileReader.read(path: path, mapping: PayoutCSVMapping(), defaultCurrency: nil)
                snapshot.payouts += payouts.lines
                snapshot.problems += payouts.problems
            } catch {
                snapshot.problems.append(
                    InputProblem(source: path, subject: .unknown, message: error.description))
            }
        }
    }

    /// The reader's mapping for the configured columns (checked when the settings were read).
    static func mapping(_ columns: StatementColumns) -> StatementCSVMapping? {
        let amount: StatementCSVMapping.Amount
        if let column = columns.amount {
            amount = .signed(column: column)
        } else if let credit = columns.credit, let debit = columns.debit {
            amount = .creditDebit(credit: credit, debit: debit)
        } else {
            return nil
        }
        let currency: StatementCSVMapping.CurrencySource
        if let column = columns.currency {
            currency = .column(column)
        } else if let code = columns.fixedCurrency, let fixed = try? Currency(code: code) {
            currency = .fixed(fixed)
        } else {
            return nil
        }
        return StatementCSVMapping(
            dateColumn: columns.date, amount: amount, currency: currency, referenceColumn: columns.reference,
            descriptionColumns: columns.description, idColumn: columns.id, valueDateColumn: columns.valueDate,
            dateFormat: columns.dateFormat,
            decimalSeparator: columns.decimalSeparator == "," ? .comma : .point,
            delimiter: columns.delimiter.first ?? ",")
    }
}
