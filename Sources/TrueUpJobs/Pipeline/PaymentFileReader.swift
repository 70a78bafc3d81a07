import BankFiles
import TrueUpCore

/// Reads a pair's bank statement and payout files into the payments snapshot. A file that cannot
/// be read — missing, malformed, or refused as unsafe (a camt.053 with a DOCTYPE) — is a problem
/// naming the file, and the rest of the run goes on without it.
enum PaymentFileReader {
    static func read(_ files: PaymentFiles, into snapshot: inout PaymentsSnapshot) {
        let format = files.statementFormat.flatMap(StatementFormat.init(rawValue:))
        for path in files.statements {
            do {
                let statement = try BankStatementReader.read(path: path, format: format, csv: nil)
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
}
