import Foundation
import TrueUpCore
import TrueUpReports
import TrueUpStore

/// How `trueup close` shows a close pack: the files with their row counts, the close figures per
/// currency, the open conflicts and the corrections. Warnings are the caller's to print.
public enum ClosePackPresenter {
    public static func text(_ result: ClosePackResult) -> String {
        var lines: [String] = []
        let run = result.run
        let asOf = ISOTimestamp.format(run.asOf)
        lines.append(
            "Close pack for pair \(result.pair), period \(result.period) (\(result.timeZone)), from run \(run.id) "
                + "as of \(asOf)")
        lines.append("")
        let files: [[String]] = result.files.map { file in
            let what: String
            if let rows = file.rows {
                what = "\(rows) \(rows == 1 ? "row" : "rows")"
            } else {
                what = result.isValid ? "valid against trueup-report.xsd" : "NOT valid against trueup-report.xsd"
            }
            return [file.path, what]
        }
        lines += TextTable(headers: ["FILE", "CONTENTS"], maximumWidth: 200).render(files)
        lines.append("")
        if result.summary.isEmpty {
            lines.append("Summary: the run matched no payments")
        } else {
            let headers = [
                "CURRENCY", "STORE SALES", "STORE REFUNDS", "XERO PAYMENTS", "CREDIT NOTES", "DEPOSITS", "FEES",
                "IN TRANSIT",
            ]
            let rows = result.summary.map { figures in
                [
                    figures.currency.code, figures.storeSales.amount, figures.storeRefunds.amount,
                    figures.xeroPayments.amount, figures.xeroCreditNotes.amount, figures.deposits.amount,
                    figures.fees.amount, figures.inTransit.amount,
                ]
            }
            lines += TextTable(headers: headers, rightAligned: Set(1..<headers.count)).render(rows)
        }
        lines.append("")
        var conflicts = "Open conflicts: \(result.openConflicts)"
        if result.openConflicts > 0 { conflicts += " (see 'trueup conflicts list --pair \(result.pair)')" }
        lines.append(conflicts)
        var total = 0
        var byState: [String] = []
        for state in CorrectionState.allCases {
            guard let count = result.reports.correctionStates[state] else { continue }
            total += count
            byState.append("\(count) \(state.rawValue)")
        }
        var corrections = "Corrections: \(total)"
        if !byState.isEmpty { corrections += " (\(byState.joined(separator: ", ")))" }
        lines.append(corrections)
        return lines.joined(separator: "\n") + "\n"
    }
}
