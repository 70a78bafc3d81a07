import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpTestSupport
import XeroKit

struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Benchmark the JSON parser on GET /Invoices bodies, and GET /Items read whole and streamed."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Body sizes, in invoices (and in items).")
    var invoices: [Int] = [10_000, 100_000, 1_000_000]

    @OptionGroup var options: BenchRuns

    func run() throws {
        guard invoices.allSatisfy({ $0 > 0 }) else { throw ValidationError("--invoices must be positive") }
        print("TrueUp JSON parser: \(options.runs) runs per size after a warm-up")
        print("")
        BenchTable.print(try parseRows(sizes: invoices, runs: options.runs))
    }
}

/// Parsing what a fetch reads: a `GET /Invoices` body of each size, as the sandbox writes it,
/// parsed whole by the strict parser every read goes through (generating it is not timed). Before
/// them, a `GET /Items` body of each size decoded as a fetch decodes it, one item's tree at a
/// time, and then parsed whole into one tree: the memory each takes above the body itself (the
/// streamed read first, so that it does not reuse what the whole tree left the allocator).
func parseRows(sizes: [Int], runs: Int) throws -> [BenchRow] {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("trueup-bench-parse-\(ProcessInfo.processInfo.processIdentifier)")
    defer { try? FileManager.default.removeItem(at: folder) }
    var rows: [BenchRow] = []
    for size in sizes {
        try LargeOrganisation(items: size, invoices: 1).write(to: folder)
        let body = [UInt8](try Data(contentsOf: folder.appendingPathComponent("xero/Items.json")))
        let megabytes = "\(body.count / 1_048_576) MiB body"
        resetPeakResident()
        let (streamedSeconds, decoded) = try timed(runs: runs) {
            try XeroItemsDecoder.decode(body, source: "GET /Items", baseCurrency: try Currency(code: "NZD"))
        }
        guard decoded.records.count == size, decoded.problems.isEmpty else {
            throw ValidationError("the decoded body does not hold \(size) items")
        }
        rows.append(
            BenchRow(
                figure: "fetch: Items, streamed", size: "\(compact(size)) items", seconds: streamedSeconds, work: size,
                unit: "records/s", peakMiB: peakResidentMiB(), growthMiB: peakGrowthMiB(),
                note: "\(megabytes), parsed and decoded one item at a time"))
        resetPeakResident()
        let (wholeSeconds, _) = try timed(runs: runs) { try JSONParser.parse(body) }
        rows.append(
            BenchRow(
                figure: "fetch: Items, one tree", size: "\(compact(size)) items", seconds: wholeSeconds, work: size,
                unit: "records/s", peakMiB: peakResidentMiB(), growthMiB: peakGrowthMiB(),
                note: "\(megabytes), parsed whole (not decoded)"))
    }
    for size in sizes {
        try LargeOrganisation(items: 1, invoices: size).write(to: folder)
        let body = [UInt8](try Data(contentsOf: folder.appendingPathComponent("xero/Invoices.json")))
        resetPeakResident()
        let (seconds, document) = try timed(runs: runs) { try JSONParser.parse(body) }
        guard case .object(let object) = document, object.array("Invoices")?.count == size else {
            throw ValidationError("the parsed body does not hold \(size) invoices")
        }
        let median = seconds.sorted()[seconds.count / 2]
        rows.append(
            BenchRow(
                figure: "fetch: JSON parse", size: "\(compact(size)) invoices", seconds: seconds, work: size,
                unit: "records/s", peakMiB: peakResidentMiB(), growthMiB: peakGrowthMiB(),
                note: "\(body.count / 1_048_576) MiB body, \(Int(Double(body.count) / 1_048_576 / median)) MiB/s"))
    }
    return rows
}
