import ArgumentParser
import Foundation
import TrueUpCore
import TrueUpEngine
import TrueUpStore
import TrueUpTestSupport

/// Measures the state store on seeded synthetic catalogues: a run's snapshot and plan rows
/// written and read back, the whole plan recorded as a run records it, and the state file's size.
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark the state store (snapshot and plan rows written and read, state file size)."
    )

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Catalogue sizes, in SKUs (each gives about two snapshot rows and one plan row).")
    var rows: [Int] = [10_000, 100_000, 1_000_000]

    @OptionGroup var options: BenchRuns

    func run() async throws {
        let (runs, seed) = (options.runs, options.seed)
        guard rows.allSatisfy({ $0 > 0 }) else { throw ValidationError("--rows must be positive") }
        print(
            "TrueUp state store: \(runs) runs per size after a 10k warm-up, seed \(seed), "
                + "a fresh state file (WAL, synchronous=NORMAL) per run")
        print("")
        BenchTable.print(try await storeRows(sizes: rows, runs: runs, seed: seed))
    }
}

/// Times the state store on a synthetic catalogue of each size, every timed run on a fresh state
/// file in a temporary folder that is removed afterwards. Three figures per size:
///
/// - `state: snapshot write`: `recordInventoryPlan` with the run's snapshot and a plan holding
///   only its rows, so that the rows counted are exactly what it writes (snapshot rows + plan rows);
/// - `state: plan record`: `recordInventoryPlan` with the whole plan, as a run calls it; its rows
///   also count the corrections, bases and conflicts written;
/// - `state: snapshot read`: `snapshot(run:)` and `planRows(run:)` on the file the write left.
///
/// The catalogue and its plan are made before timing. Peak memory includes them (the note gives
/// the resident set before the figure); the file sizes are the database and its WAL after the write.
func storeRows(sizes: [Int], runs: Int, seed: UInt64) async throws -> [BenchRow] {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("trueup-bench-store-\(ProcessInfo.processInfo.processIdentifier)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    let warmUp = try StoreWorkload(skus: 10_000, seed: seed)
    _ = try await warmUp.write(whole: false, folder: folder, read: true)

    var table: [BenchRow] = []
    for size in sizes {
        let workload = try StoreWorkload(skus: size, seed: seed)
        let label = "\(compact(size)) SKUs"
        let baseline = residentMiB()
        var writes: [StoreMeasure] = []
        var records: [StoreMeasure] = []
        for _ in 0..<max(1, runs) {
            writes.append(try await workload.write(whole: false, folder: folder, read: true))
        }
        for _ in 0..<max(1, runs) {
            records.append(try await workload.write(whole: true, folder: folder, read: false))
        }
        let first = writes[0]
        let snapshotRows = workload.snapshotRows
        let planRows = workload.plan.rows.count
        table.append(
            BenchRow(
                figure: "state: snapshot write", size: label, seconds: writes.map(\.writeSeconds),
                work: snapshotRows + planRows, unit: "rows/s", peakMiB: writes.map(\.writePeakMiB).max() ?? 0,
                growthMiB: writes.map(\.writeGrowthMiB).max(),
                note: "\(compact(snapshotRows + planRows)) rows = \(snapshotRows) snapshot + \(planRows) plan; "
                    + "file \(megabytes(first.fileBytes)) + WAL \(megabytes(first.walBytes)), "
                    + "\(megabytes(first.closedBytes)) closed; resident before \(baseline) MiB",
                target: 500_000))
        let recorded = records[0]
        table.append(
            BenchRow(
                figure: "state: plan record", size: label, seconds: records.map(\.writeSeconds),
                work: recorded.rowsWritten, unit: "rows/s", peakMiB: records.map(\.writePeakMiB).max() ?? 0,
                growthMiB: records.map(\.writeGrowthMiB).max(),
                note: "\(recorded.rowsWritten) rows: \(snapshotRows + planRows) snapshot and plan + "
                    + "\(recorded.recording.outbox.inserted) corrections, "
                    + "\(recorded.recording.basesAdvanced) bases, \(recorded.recording.conflictsOpened) conflicts; "
                    + "file \(megabytes(recorded.fileBytes)) + WAL \(megabytes(recorded.walBytes))"))
        table.append(
            BenchRow(
                figure: "state: snapshot read", size: label, seconds: writes.map(\.readSeconds),
                work: snapshotRows + planRows, unit: "rows/s", peakMiB: writes.map(\.readPeakMiB).max() ?? 0,
                growthMiB: writes.map(\.readGrowthMiB).max(),
                note: "snapshot(run:) + planRows(run:), \(snapshotRows) + \(planRows) rows"))
    }
    return table
}

/// One size's catalogue, its snapshot and its plan, made once and written many times.
private struct StoreWorkload {
    var snapshot: InventorySnapshot
    var plan: InventoryPlan
    /// Rows `writeSnapshot` inserts for `snapshot`, over all its tables.
    var snapshotRows: Int

    init(skus: Int, seed: UInt64) throws {
        let data = SyntheticInventory(skus: skus, seed: seed)
        snapshot = data.snapshot
        plan = try InventoryEngine.plan(data.input)
        snapshotRows =
            snapshot.items.count + snapshot.stock.count + snapshot.problems.count
            + snapshot.orders.reduce(0) { $0 + 1 + $1.lines.count }
            + snapshot.refunds.reduce(0) { $0 + 1 + $1.lines.count }
            + snapshot.invoices.reduce(0) { $0 + 1 + $1.lines.count }
            + snapshot.creditNotes.reduce(0) { $0 + 1 + $1.lines.count }
    }

    /// Records the snapshot with the plan's rows only (or the `whole` plan) on a fresh state file,
    /// optionally reads it back, and removes the file.
    func write(whole: Bool, folder: String, read: Bool) async throws -> StoreMeasure {
        let path = "\(folder)/state-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var measure = try await measureWrite(whole: whole, path: path, read: read)
        // The store is closed now, so the WAL has been checkpointed into the file and removed.
        measure.closedBytes = bytes(at: path)
        return measure
    }

    private func measureWrite(whole: Bool, path: String, read: Bool) async throws -> StoreMeasure {
        let store = try StateStore(path: path)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let run = try await store.beginRun(
            pair: "synthetic", kind: "nightly", source: "bench", asOf: now, period: try Period(parsing: "2026-11"),
            settings: "{}", at: now)
        var measure = StoreMeasure()
        let recorded = whole ? plan : InventoryPlan(rows: plan.rows)

        resetPeakResident()
        var start = DispatchTime.now().uptimeNanoseconds
        measure.recording = try await store.recordInventoryPlan(
            recorded, snapshot: snapshot, pair: "synthetic", run: run, at: now)
        measure.writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        measure.writePeakMiB = peakResidentMiB()
        measure.writeGrowthMiB = peakGrowthMiB()
        measure.fileBytes = bytes(at: path)
        measure.walBytes = bytes(at: path + "-wal")
        measure.rowsWritten =
            snapshotRows + plan.rows.count + measure.recording.outbox.inserted + measure.recording.basesAdvanced
            + measure.recording.conflictsOpened

        guard read else { return measure }
        resetPeakResident()
        start = DispatchTime.now().uptimeNanoseconds
        let readSnapshot = try await store.snapshot(run: run)
        let readRows = try await store.planRows(run: run)
        measure.readSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        measure.readPeakMiB = peakResidentMiB()
        measure.readGrowthMiB = peakGrowthMiB()
        guard readSnapshot.items.count == snapshot.items.count, readSnapshot.stock.count == snapshot.stock.count,
            readSnapshot.orders.count == snapshot.orders.count, readRows.count == plan.rows.count
        else {
            throw ValidationError(
                "the store read back \(readSnapshot.items.count) items, \(readSnapshot.stock.count) stock levels, "
                    + "\(readSnapshot.orders.count) orders and \(readRows.count) plan rows of \(snapshot.items.count), "
                    + "\(snapshot.stock.count), \(snapshot.orders.count) and \(plan.rows.count)")
        }
        return measure
    }
}

/// What one timed run of ``StoreWorkload/write(whole:folder:read:)`` measured.
private struct StoreMeasure {
    var recording = PlanRecording()
    var rowsWritten = 0
    var writeSeconds = 0.0
    var writePeakMiB = 0
    var writeGrowthMiB = 0
    var readSeconds = 0.0
    var readPeakMiB = 0
    var readGrowthMiB = 0
    /// The database file and its WAL right after the write's commit.
    var fileBytes = 0
    var walBytes = 0
    /// The database file once the store was closed.
    var closedBytes = 0
}

private func bytes(at path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

private func megabytes(_ bytes: Int) -> String {
    "\(fixed(Double(bytes) / 1_048_576, 1)) MiB"
}
