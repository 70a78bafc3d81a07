import ArgumentParser
import Foundation
import Synchronization

/// One line of `make bench`'s table: what was measured, at what size, the seconds each timed run
/// took, the work one run does (so that a rate can be given), the process's peak memory while it
/// ran, and the target it is held to.
struct BenchRow: Sendable {
    var figure: String
    var size: String
    /// Seconds per timed run, in the order they ran.
    var seconds: [Double]
    /// Units of work one run does (SKUs, records, rows), and their name for the rate column.
    var work: Int
    var unit: String
    /// Peak resident memory while the figure was measured (VmHWM after resetting it), in MiB.
    var peakMiB: Int
    /// How far the peak rose above the resident set the measurement started from: the memory the
    /// measured work itself took (the start includes the input and what earlier figures left).
    var growthMiB: Int?
    /// Anything else the figure carries (precision and recall, a file's size, calls made).
    var note = ""
    /// The target for the figure, when it has one: the least rate per second.
    var target: Double?

    var sorted: [Double] { seconds.sorted() }
    var median: Double { sorted.isEmpty ? 0 : sorted[sorted.count / 2] }
    var rate: Double { median > 0 ? Double(work) / median : 0 }

    /// `met`, `missed` or empty when the figure has no target.
    var verdict: String {
        guard let target else { return "" }
        return rate >= target ? "met (≥ \(compact(target)))" : "MISSED (≥ \(compact(target)))"
    }
}

/// Prints rows as one fixed-width table.
enum BenchTable {
    static let columns = [
        ("figure", 26), ("size", 22), ("median s", 10), ("min s", 9), ("max s", 9), ("per second", 16),
        ("peak MiB", 10), ("+MiB", 7), ("target", 22),
    ]

    static func header() -> String {
        columns.map { pad($0.0, $0.1) }.joined() + "notes"
    }

    static func line(_ row: BenchRow) -> String {
        let sorted = row.sorted
        let cells = [
            row.figure, row.size, fixed(row.median, 3), fixed(sorted.first ?? 0, 3), fixed(sorted.last ?? 0, 3),
            "\(Int(row.rate)) \(row.unit)", String(row.peakMiB), row.growthMiB.map(String.init) ?? "", row.verdict,
        ]
        return zip(cells, columns).map { pad($0, $1.1) }.joined() + row.note
    }

    static func print(_ rows: [BenchRow]) {
        Swift.print(header())
        for row in rows { Swift.print(line(row)) }
    }
}

/// Runs `body` once to warm up and then `runs` times, returning each timed run's seconds and
/// the last run's result.
func timed<Result>(runs: Int, warmUp: Bool = true, _ body: () throws -> Result) rethrows -> ([Double], Result) {
    if warmUp { _ = try body() }
    var seconds: [Double] = []
    func once() throws -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return result
    }
    // Each run's result is let go of before the next starts, so that a run's memory is its own.
    for _ in 1..<max(1, runs) { _ = try once() }
    let last = try once()
    return (seconds, last)
}

/// The async form of ``timed(runs:warmUp:_:)``.
func timed<Result>(
    runs: Int, warmUp: Bool = true, _ body: () async throws -> Result
) async rethrows -> ([Double], Result) {
    if warmUp { _ = try await body() }
    var seconds: [Double] = []
    func once() async throws -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return result
    }
    // Each run's result is let go of before the next starts, so that a run's memory is its own.
    for _ in 1..<max(1, runs) { _ = try await once() }
    let last = try await once()
    return (seconds, last)
}

/// Resets the process's peak resident set (VmHWM) to its current resident set, so that the next
/// ``peakResidentMiB()`` tells the peak of what ran since (Linux: `/proc/self/clear_refs`, 5), and
/// remembers that resident set for ``peakGrowthMiB()``. Memory the allocator holds free is given
/// back first (`malloc_trim`), so that what the next figure takes shows as growth rather than
/// being met from what an earlier figure left.
func resetPeakResident() {
    _ = mallocTrim(0)
    residentAtReset.withLock { $0 = residentMiB() }
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    handle.write(Data("5".utf8))
    try? handle.close()
}

/// How far the peak resident set has risen since ``resetPeakResident()``, in MiB.
func peakGrowthMiB() -> Int {
    max(0, peakResidentMiB() - residentAtReset.withLock { $0 })
}

private let residentAtReset = Mutex(0)

/// glibc's `malloc_trim`, which `<malloc.h>` declares and the Glibc module leaves out.
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32

/// The process's current resident set (VmRSS), in MiB.
func residentMiB() -> Int {
    statusKilobytes("VmRSS:") / 1024
}

/// The process's peak resident set (VmHWM), in MiB.
func peakResidentMiB() -> Int {
    statusKilobytes("VmHWM:") / 1024
}

private func statusKilobytes(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) })
    else { return 0 }
    // `VmHWM:\t 8123456 kB`: the number is padded to eight places, so from 10,000,000 kB (9.5 GiB) on
    // nothing but the tab comes before it.
    return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Int($0) }.first ?? 0
}

/// 10000 → "10k", 1000000 → "1M".
func compact(_ value: Double) -> String {
    if value >= 1_000_000, value.truncatingRemainder(dividingBy: 1_000_000) == 0 {
        return "\(Int(value / 1_000_000))M"
    }
    if value >= 1000, value.truncatingRemainder(dividingBy: 1000) == 0 { return "\(Int(value / 1000))k" }
    return String(Int(value))
}

func compact(_ value: Int) -> String { compact(Double(value)) }

/// The options every synthetic benchmark takes: how many timed runs, and the generator's seed.
struct BenchRuns: ParsableArguments {
    @Option(help: "Timed runs per size and figure (after one warm-up).")
    var runs = 3

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 42

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
    }
}
