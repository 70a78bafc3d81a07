import Foundation
public import TrueUpCore
import TrueUpEngine
public import TrueUpStore

/// Writes a pair's reports for one period into a folder: `inventory.csv`, `conflicts.csv` and
/// `reconciliation.xml`, and with a payments match also `payments.csv` and `summary.csv` (DESIGN §7).
/// Each file appears complete or not at all.
public struct ReportBundle: Sendable {
    public static let namespace = "urn:trueup:reconciliation:1"
    public static let inventoryFile = "inventory.csv"
    public static let paymentsFile = "payments.csv"
    public static let conflictsFile = "conflicts.csv"
    public static let summaryFile = "summary.csv"
    public static let reconciliationFile = "reconciliation.xml"

    public let folder: String
    /// Rows read from the source per page.
    public var pageSize = 10_000

    public init(folder: String) {
        self.folder = folder
    }

    /// The default folder for a pair and period: `reports/out/<pair>/<YYYY-MM>/`.
    public static func defaultFolder(root: String = "reports/out", pair: String, period: Period) -> String {
        "\(root)/\(pair)/\(period)"
    }

    /// Writes `inventory.csv`, `conflicts.csv` and `reconciliation.xml` and returns their paths.
    /// Inventory rows stream from `rows` once, into the CSV and the XML together.
    @discardableResult
    public func write(header: ReportHeader, rows: some PlanRowSource, conflicts: [Conflict]) async throws -> [String] {
        try await write(header: header, rows: rows, conflicts: conflicts, payments: nil)
    }

    /// Writes the reports and returns their paths: `inventory.csv`, then with `payments`
    /// `payments.csv`, then `conflicts.csv`, then with `payments` `summary.csv`, then
    /// `reconciliation.xml`. Without `payments` the files are exactly those of
    /// ``write(header:rows:conflicts:)``. Payment rows are made one at a time as they are written, into
    /// the CSV, the XML's `<payments>` section and the summary together.
    @discardableResult
    public func write(
        header: ReportHeader, rows: some PlanRowSource, conflicts: [Conflict], payments: PaymentLines?
    ) async throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError.output(
                "cannot create the report folder \(folder): \(error.localizedDescription) (check the --out folder)")
        }
        let inventoryPath = "\(folder)/\(Self.inventoryFile)"
        let conflictsPath = "\(folder)/\(Self.conflictsFile)"
        let paymentsPath = "\(folder)/\(Self.paymentsFile)"
        let summaryPath = "\(folder)/\(Self.summaryFile)"
        let xmlPath = "\(folder)/\(Self.reconciliationFile)"

        let inventory = try CSVWriter(path: inventoryPath, header: ReportColumns.inventory)
        let xml = try XMLStreamWriter(path: xmlPath)
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
                try inventory.writeRow(fields.map(\.cell))
                try xml.startElement("row")
                for (name, field) in zip(ReportColumns.inventory, fields) {
                    if let value = field.attribute { try xml.attribute(name, value) }
                }
                try xml.endElement()
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

        var paymentsCSV: CSVWriter?
        var summary: PaymentSummary.Builder?
        if let payments {
            let csv = try CSVWriter(path: paymentsPath, header: ReportColumns.payments)
            summary = try writePayments(payments, csv: csv, xml: xml)
            paymentsCSV = csv
        }

        let conflictsCSV = try CSVWriter(path: conflictsPath, header: ReportColumns.conflicts)
        try xml.startElement("conflicts")
        for conflict in conflicts {
            let fields = ReportColumns.fields(conflict)
            try conflictsCSV.writeRow(fields.map(\.cell))
            try writeConflict(conflict, fields: fields, to: xml)
        }
        try xml.endElement()

        var summaryCSV: CSVWriter?
        if let summary {
            // Conflicts are not kept per currency: the open ones are counted once for every currency.
            let open = conflicts.count { $0.status == .open }
            let figures = try summary.finish(openConflicts: open)
            let csv = try CSVWriter(path: summaryPath, header: ReportColumns.summary)
            try writeSummary(figures, generatedAt: header.generatedAt, csv: csv, xml: xml)
            summaryCSV = csv
        }

        try xml.endElement()
        try xml.endDocument()
        try inventory.close()
        try paymentsCSV?.close()
        try conflictsCSV.close()
        try summaryCSV?.close()
        try xml.close()
        if payments == nil { return [inventoryPath, conflictsPath, xmlPath] }
        return [inventoryPath, paymentsPath, conflictsPath, summaryPath, xmlPath]
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
