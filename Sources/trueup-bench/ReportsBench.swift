import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpEngine
import TrueUpReports
import TrueUpTestSupport

/// Measures report writing: inventory rows per second into `inventory.csv` alone, into the
/// `<inventory>` section of `reconciliation.xml` alone, and into the whole bundle (both together, as
/// a run writes them), with the process's peak memory, which must not grow with the number of rows.
struct ReportsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Benchmark report writing (inventory CSV and XML, streamed)."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Report sizes, in inventory rows.")
    var rows: [Int] = [10_000, 100_000, 1_000_000]

    @OptionGroup var options: BenchRuns

    func run() async throws {
        let (runs, seed) = (options.runs, options.seed)
        guard rows.allSatisfy({ $0 > 0 }) else { throw ValidationError("--rows must be positive") }
        print("TrueUp reports: \(runs) runs per size after a warm-up, seed \(seed), rows streamed a page at a time")
        print("")
        BenchTable.print(try await reportRows(sizes: rows, runs: runs, seed: seed))
    }
}

/// Times writing inventory reports of each size into a temporary folder, which is removed afterwards.
///
/// Rows come from ``GeneratedPlanRows``, which makes each page on demand from the rows of a 10k plan,
/// so the process holds one page of rows at a time and its peak memory is the writers' own. Each
/// row's note gives the file's size and the resident set before the figure was measured.
func reportRows(sizes: [Int], runs: Int, seed: UInt64) async throws -> [BenchRow] {
    let templates = try InventoryEngine.plan(SyntheticInventory(skus: 10_000, seed: seed).input).rows
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("trueup-bench-reports-\(ProcessInfo.processInfo.processIdentifier)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let header = ReportHeader(
        pair: "bench", period: try Period(parsing: "2026-11"), runID: 1,
        asOf: Date(timeIntervalSince1970: 1_795_000_000),
        generatedAt: Date(timeIntervalSince1970: 1_795_000_000), timeZone: "Pacific/Auckland", source: "synthetic")

    var table: [BenchRow] = []
    for size in sizes {
        let source = GeneratedPlanRows(count: size, templates: templates)
        let label = "\(compact(size)) rows"
        let csvPath = "\(folder)/\(ReportBundle.inventoryFile)"
        table.append(
            try await measure("reports: inventory CSV", label, rows: size, runs: runs, file: csvPath) {
                try await writeInventoryCSV(source, path: csvPath)
            })
        let xmlPath = "\(folder)/\(ReportBundle.reconciliationFile)"
        table.append(
            try await measure("reports: inventory XML", label, rows: size, runs: runs, file: xmlPath) {
                try await writeInventoryXML(source, header: header, path: xmlPath)
            })
        let bundle = ReportBundle(folder: "\(folder)/bundle")
        table.append(
            try await measure("reports: bundle CSV+XML", label, rows: size, runs: runs, file: bundle.folder) {
                let paths = try await bundle.write(header: header, rows: source, conflicts: [])
                let written = try FileManager.default.contentsOfDirectory(atPath: bundle.folder)
                guard written.count == paths.count else {
                    throw ValidationError("the bundle left \(written.count) files for \(paths.count) reports")
                }
            })
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            try FileManager.default.removeItem(atPath: "\(folder)/\(name)")
        }
    }
    return table
}

/// One figure: the resident set before, the peak while a warm-up and `runs` timed runs of `body`
/// wrote `rows` rows, and the size of what they left at `file` (a file, or a folder's files).
private func measure(
    _ figure: String, _ size: String, rows: Int, runs: Int, file: String, _ body: () async throws -> Void
) async throws -> BenchRow {
    let baseline = residentMiB()
    resetPeakResident()
    let (seconds, _) = try await timed(runs: runs, body)
    let peak = peakResidentMiB()
    let growth = peakGrowthMiB()
    let bytes = try bytesAt(file)
    return BenchRow(
        figure: figure, size: size, seconds: seconds, work: rows, unit: "rows/s", peakMiB: peak, growthMiB: growth,
        note: "\(megabytes(bytes)) written, resident before \(baseline) MiB", target: 500_000)
}

/// `inventory.csv` on its own: the bundle's columns, through ``CSVWriter``.
private func writeInventoryCSV(_ source: GeneratedPlanRows, path: String) async throws {
    let csv = try CSVWriter(path: path, header: InventoryColumns.names)
    var after: String?
    while true {
        let page = try await source.rows(after: after, limit: GeneratedPlanRows.pageSize)
        for row in page {
            try csv.writeRow(InventoryColumns.values(row).map { $0.map(CSVCell.text) ?? .empty })
        }
        guard let last = page.last, page.count == GeneratedPlanRows.pageSize else { break }
        after = last.sku
    }
    try csv.close()
}

/// A `reconciliation.xml` holding the header and the `<inventory>` rows only, through ``XMLStreamWriter``.
private func writeInventoryXML(_ source: GeneratedPlanRows, header: ReportHeader, path: String) async throws {
    let xml = try XMLStreamWriter(path: path)
    try xml.startDocument()
    try xml.startElement("reconciliation", namespace: ReportBundle.namespace)
    try xml.attribute("version", "1")
    try xml.startElement("header")
    try xml.element("pair", header.pair)
    try xml.element("period", header.period.description)
    try xml.endElement()
    try xml.startElement("inventory")
    var after: String?
    while true {
        let page = try await source.rows(after: after, limit: GeneratedPlanRows.pageSize)
        for row in page {
            try xml.emptyElement("row", attributeNames: InventoryColumns.names, values: InventoryColumns.values(row))
        }
        guard let last = page.last, page.count == GeneratedPlanRows.pageSize else { break }
        after = last.sku
    }
    try xml.endElement()
    try xml.endElement()
    try xml.endDocument()
    try xml.close()
}

/// The inventory report's columns (DESIGN §7) as the CSV-only and XML-only figures write them.
/// Quantities are written as text cells here: all are plain decimals, and text skips the number check
/// that ``CSVWriter`` makes, which the bundle figure pays.
private enum InventoryColumns {
    static let names = [
        "sku", "item_code", "xero_qoh", "store_qty", "in_flight", "projected", "base", "delta_xero", "delta_store",
        "outcome", "store_target", "xero_adjustment", "conflict_reason",
    ]

    static func values(_ row: InventoryRow) -> [String?] {
        [
            row.sku, row.itemCode, row.xeroQuantity?.fixed, row.storeQuantity?.fixed, row.inFlight.fixed,
            row.projected?.fixed, row.base?.fixed, row.deltaXero?.fixed, row.deltaStore?.fixed,
            row.outcome.rawValue, row.storeTarget?.fixed, row.xeroAdjustment?.fixed, row.conflictReason?.rawValue,
        ]
    }
}

/// Plan rows made a page at a time from a few template rows: row `i` is template `i % count` under SKU
/// `BENCH-` and `i` in nine digits (its item code too, when the template's maps to itself), so SKUs
/// are unique and in byte order, and no more than one page is ever held.
struct GeneratedPlanRows: PlanRowSource {
    static let pageSize = 10_000
    static let prefix = "BENCH-"

    let count: Int
    let templates: [InventoryRow]

    func rows(after sku: String?, limit: Int) async throws -> [InventoryRow] {
        var start = 0
        if let sku {
            guard sku.hasPrefix(Self.prefix), let index = Int(sku.dropFirst(Self.prefix.count)) else {
                throw ValidationError("'\(sku)' is not a SKU this source made")
            }
            start = index + 1
        }
        let end = min(count, start + max(0, limit))
        guard start < end, !templates.isEmpty else { return [] }
        var page: [InventoryRow] = []
        page.reserveCapacity(end - start)
        for index in start..<end {
            let template = templates[index % templates.count]
            var row = template
            row.sku = Self.sku(index)
            if template.itemCode == template.sku { row.itemCode = row.sku }
            page.append(row)
        }
        return page
    }

    /// `BENCH-000001234`.
    static func sku(_ index: Int) -> String {
        let digits = max(9, String(index).count)
        let head = Array(prefix.utf8)
        return String(unsafeUninitializedCapacity: head.count + digits) { buffer in
            var rest = index
            for position in (head.count..<(head.count + digits)).reversed() {
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            for (position, byte) in head.enumerated() { buffer[position] = byte }
            return head.count + digits
        }
    }
}

private func bytesAt(_ path: String) throws -> Int {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
    guard isFolder.boolValue else {
        return (try manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
    return try manager.contentsOfDirectory(atPath: path).reduce(0) { $0 + (try bytesAt("\(path)/\($1)")) }
}

/// 123456789 → "123.5 MB".
private func megabytes(_ bytes: Int) -> String {
    bytes >= 1_000_000 ? "\(fixed(Double(bytes) / 1e6, 1)) MB" : "\(fixed(Double(bytes) / 1e3, 1)) kB"
}
