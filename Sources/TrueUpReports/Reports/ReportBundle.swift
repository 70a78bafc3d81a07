import Foundation
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore

/// Writes a pair's reports for one period into a folder (DESIGN §7): `inventory.csv`,
/// `conflicts.csv`, `corrections.csv` and `reconciliation.xml`, and with a payments match also
/// `payments.csv` and `summary.csv`. Each file appears complete or not at all.
public struct ReportBundle: Sendable {
    public static let namespace = "urn:trueup:reconciliation:1"
    public static let inventoryFile = "inventory.csv"
    public static let paymentsFile = "payments.csv"
    public static let conflictsFile = "conflicts.csv"
    public static let correctionsFile = "corrections.csv"
    public static let summaryFile = "summary.csv"
    public static let reconciliationFile = "reconciliation.xml"

    public let folder: String
    /// Rows read from a source per page.
    public var pageSize = 10_000

    public init(folder: String) {
        self.folder = folder
    }

    /// The default folder for a pair and period: `reports/out/<pair>/<YYYY-MM>/`.
    public static func defaultFolder(root: String = "reports/out", pair: String, period: Period) -> String {
        "\(root)/\(pair)/\(period)"
    }

    /// Writes `inventory.csv`, `conflicts.csv`, an empty `corrections.csv` and `reconciliation.xml`
    /// and returns their paths. Inventory rows stream from `rows` once, into the CSV and the XML together.
    @discardableResult
    public func write(header: ReportHeader, rows: some PlanRowSource, conflicts: [Conflict]) async throws -> [String] {
        try await write(header: header, rows: rows, conflicts: conflicts, payments: nil)
    }

    /// Writes the reports with an empty `corrections.csv`, for a bundle without an outbox, and
    /// returns their paths; see ``write(header:rows:conflicts:payments:corrections:)``.
    @discardableResult
    public func write(
        header: ReportHeader, rows: some PlanRowSource, conflicts: [Conflict], payments: PaymentLines?
    ) async throws -> [String] {
        try await write(
            header: header, rows: rows, conflicts: conflicts, payments: payments, corrections: CorrectionRowList.empty)
    }

    /// Writes the reports and returns their paths: `inventory.csv`, then with `payments`
    /// `payments.csv`, then `conflicts.csv`, `corrections.csv`, then with `payments` `summary.csv`,
    /// then `reconciliation.xml`.
    @discardableResult
    public func write(
        header: ReportHeader, rows: some PlanRowSource, conflicts: [Conflict], payments: PaymentLines?,
        corrections: some CorrectionRowSource
    ) async throws -> [String] {
        try await writeFiles(
            header: header, rows: rows, conflicts: conflicts, payments: payments, corrections: corrections
        ).paths
    }

    /// Writes the reports and says what was written: the files in the order of
    /// ``write(header:rows:conflicts:payments:corrections:)`` with their row counts, the summary
    /// figures, the open conflicts and the corrections' states.
    ///
    /// Every source is read once. Inventory rows and corrections stream a page at a time, and
    /// payment rows are made one at a time as they are written, each into its CSV and its section
    /// of the XML together, so memory does not grow with the number of rows. `corrections.csv` and
    /// the `<corrections>` section are always written, with the header row only and an empty
    /// section when there are none, so that a bundle says "no corrections" rather than nothing.
    public func writeFiles(
        header: ReportHeader, rows: some PlanRowSource, conflicts: [Conflict], payments: PaymentLines?,
        corrections: some CorrectionRowSource
    ) async throws -> ReportFiles {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.output(
                "cannot create the report folder \(folder): \(error.localizedDescription) (check the --out folder)")
        }
        func path(_ name: String) -> String { "\(folder)/\(name)" }

        let inventory = try CSVWriter(path: path(Self.inventoryFile), header: ReportColumns.inventory)
        let xml = try XMLStreamWriter(path: path(Self.reconciliationFile))
        try xml.startDocument()
        try xml.startElement("reconciliation", namespace: Self.namespace)
        try xml.attribute("version", "1")
        try writeHeader(header, to: xml)

        try xml.startElement("inventory")
        var counts: [InventoryOutcome: Int] = [:]
        var total = 0
        var after: String?
        while true {
            let page = try await rows.rows(after: after, limit: pageSize)
            for row in page {
                let fields = ReportColumns.fields(row)
                let values = fields.map(\.attribute)
                try inventory.writeRow(zip(fields, values).map { $0.cell($1) })
                try xml.emptyElement("row", attributeNames: ReportColumns.inventory, values: values)
                counts[row.outcome, default: 0] += 1
                total += 1
            }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sku
        }
        try xml.startElement("totals")
        try xml.attribute("skus", String(total))
        for outcome in InventoryOutcome.allCases where counts[outcome, default: 0] > 0 {
            try xml.startElement("outcome")
            try xml.attribute("name", outcome.rawValue)
            try xml.attribute("skus", String(counts[outcome, default: 0]))
            try xml.endElement()
        }
        try xml.endElement()
        try xml.endElement()
        var files = [ReportFiles.File(name: Self.inventoryFile, path: path(Self.inventoryFile), rows: total)]

        var paymentsCSV: CSVWriter?
        var summary: PaymentSummary.Builder?
        if let payments {
            let csv = try CSVWriter(path: path(Self.paymentsFile), header: ReportColumns.payments)
            summary = try writePayments(payments, csv: csv, xml: xml)
            paymentsCSV = csv
            files.append(ReportFiles.File(name: Self.paymentsFile, path: path(Self.paymentsFile), rows: payments.count))
        }

        let conflictsCSV = try CSVWriter(path: path(Self.conflictsFile), header: ReportColumns.conflicts)
        try xml.startElement("conflicts")
        for conflict in conflicts {
            let fields = ReportColumns.fields(conflict)
            try conflictsCSV.writeRow(fields.map(\.cell))
            try writeConflict(conflict, fields: fields, to: xml)
        }
        try xml.endElement()
        files.append(ReportFiles.File(name: Self.conflictsFile, path: path(Self.conflictsFile), rows: conflicts.count))

        let correctionsCSV = try CSVWriter(path: path(Self.correctionsFile), header: ReportColumns.corrections)
        let written = try await writeCorrections(corrections, csv: correctionsCSV, xml: xml)
        files.append(ReportFiles.File(name: Self.correctionsFile, path: path(Self.correctionsFile), rows: written.rows))

        // Conflicts are not kept per currency: the open ones are counted once for every currency.
        let open = conflicts.count { $0.status == .open }
        var summaryCSV: CSVWriter?
        var figures: PaymentSummary?
        if let summary {
            let finished = try summary.finish(openConflicts: open)
            let csv = try CSVWriter(path: path(Self.summaryFile), header: ReportColumns.summary)
            try writeSummary(finished, generatedAt: header.generatedAt, csv: csv, xml: xml)
            summaryCSV = csv
            figures = finished
            files.append(
                ReportFiles.File(name: Self.summaryFile, path: path(Self.summaryFile), rows: finished.figures.count))
        }

        try xml.endElement()
        try xml.endDocument()
        try inventory.close()
        try paymentsCSV?.close()
        try conflictsCSV.close()
        try correctionsCSV.close()
        try summaryCSV?.close()
        try xml.close()
        files.append(ReportFiles.File(name: Self.reconciliationFile, path: path(Self.reconciliationFile), rows: nil))
        return ReportFiles(
            folder: folder, files: files, summary: figures, openConflicts: open, correctionStates: written.states)
    }

    private func writeHeader(_ header: ReportHeader, to xml: XMLStreamWriter) throws {
        try xml.startElement("header")
        try xml.element("pair", header.pair)
        try xml.element("period", header.period.description)
        try xml.element("run", String(header.runID))
        try xml.element("as-of", ISOTimestamp.format(header.asOf))
        try xml.element("generated-at", ISOTimestamp.format(header.generatedAt))
        try xml.element("timezone", header.timeZone)
        try xml.element("source", header.source)
        try xml.endElement()
    }

    private func writeConflict(_ conflict: Conflict, fields: [ReportColumns.Field], to xml: XMLStreamWriter) throws {
        try xml.startElement("conflict")
        for (name, field) in zip(ReportColumns.conflicts, fields) where !["message", "suggestions"].contains(name) {
            if let value = field.attribute { try xml.attribute(name, value) }
        }
        try xml.element("message", conflict.message)
        for detail in conflict.details {
            try xml.startElement("detail")
            try xml.attribute("name", detail.name)
            try xml.attribute("value", detail.value)
            try xml.endElement()
        }
        for suggestion in conflict.suggestions { try xml.element("suggestion", suggestion) }
        try xml.endElement()
    }
}
