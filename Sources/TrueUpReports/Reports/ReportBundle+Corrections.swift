import TrueUpCore
import TrueUpStore

extension ReportBundle {
    /// What writing the corrections gave: how many rows, and how many in each state.
    struct CorrectionsWritten {
        var rows = 0
        var states: [CorrectionState: Int] = [:]
    }

    /// Streams the corrections, a page at a time, into `corrections.csv` and the XML's
    /// `<corrections>` section together. An empty source gives the header row and an empty section.
    func writeCorrections(
        _ source: some CorrectionRowSource, csv: CSVWriter, xml: XMLStreamWriter
    ) async throws -> CorrectionsWritten {
        var written = CorrectionsWritten()
        try xml.startElement("corrections")
        var after: CorrectionReportRow.Key?
        while true {
            let page = try await source.corrections(after: after, limit: pageSize)
            for row in page {
                let fields = ReportColumns.fields(row)
                let values = fields.map(\.attribute)
                try csv.writeRow(zip(fields, values).map { $0.cell($1) })
                try xml.emptyElement("correction", attributeNames: ReportColumns.corrections, values: values)
                written.rows += 1
                written.states[row.state, default: 0] += 1
            }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.key
        }
        try xml.endElement()
        return written
    }
}
