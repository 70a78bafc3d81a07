import Foundation
import TrueUpCore
import TrueUpEngine

extension ReportBundle {
    /// Streams the payment rows into `payments.csv` and the XML's `<payments>` section (rows, then
    /// per-status totals), and returns the summary of what was written.
    func writePayments(_ lines: PaymentLines, csv: CSVWriter, xml: XMLStreamWriter) throws -> PaymentSummary.Builder {
        var summary = PaymentSummary.Builder()
        var counts: [PaymentStatus: Int] = [:]
        try xml.startElement("payments")
        for line in lines {
            let fields = ReportColumns.fields(line)
            let values = fields.map(\.attribute)
            try csv.writeRow(zip(fields, values).map { $0.cell($1) })
            try xml.emptyElement("row", attributeNames: ReportColumns.payments, values: values)
            counts[line.status, default: 0] += 1
            summary.add(line)
        }
        try xml.startElement("totals")
        try xml.attribute("rows", String(lines.count))
        for status in PaymentStatus.allCases where counts[status, default: 0] > 0 {
            try xml.startElement("status")
            try xml.attribute("name", status.rawValue)
            try xml.attribute("rows", String(counts[status, default: 0]))
            try xml.endElement()
        }
        try xml.endElement()
        try xml.endElement()
        return summary
    }

    /// Writes `summary.csv` and the XML's `<summary>` section: one row per currency. `generated_at`
    /// goes in the CSV only; the XML says it once, in its header.
    func writeSummary(_ summary: PaymentSummary, generatedAt: Date, csv: CSVWriter, xml: XMLStreamWriter) throws {
        let generated = ISOTimestamp.format(generatedAt)
        try xml.startElement("summary")
        for figures in summary.figures {
            let fields = ReportColumns.fields(figures, openConflicts: summary.openConflicts, generatedAt: generated)
            try csv.writeRow(fields.map(\.cell))
            try xml.startElement("row")
            for (name, field) in zip(ReportColumns.summary, fields) where name != "generated_at" {
                if let value = field.attribute { try xml.attribute(name, value) }
            }
            try xml.endElement()
        }
        try xml.endElement()
    }
}
