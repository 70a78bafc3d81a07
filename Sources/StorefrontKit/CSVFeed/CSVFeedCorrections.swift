import Foundation
import TrueUpCore
import TrueUpFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The stock corrections a shop imports: `stock-corrections-<UTC time>.csv` in the output folder.
///
/// The file is RFC 4180 in UTF-8 with CRLF line ends and the header
/// `sku,source,quantity,previous_quantity,correction_id`, one row per write. The shop's importer
/// matches SKUs, sources and correction ids exactly, so they are written as they are, even when
/// they start with `=`, `+`, `-` or `@` (no `'` in front to keep a spreadsheet from reading a
/// formula: the file is for the importer). A cell with a comma, a quote or a line break is quoted,
/// and so is one that starts or ends with a space or tab, which readers trim from unquoted cells.
/// Quantities are plain decimals with `.` and no trailing zeros (`12`, `2.5`, `-1`).
///
/// The file appears whole or not at all: it is written under a hidden temporary name in the same
/// folder, synced to disk and renamed into place. A write whose correction id is already in an
/// earlier corrections file — in the output folder or a folder below it, where a shop may move the
/// files it has imported — is not written again: it is the same correction sent again after a run
/// was cut short.
struct CSVFeedCorrections {
    static let namePrefix = "stock-corrections-"
    static let header = ["sku", "source", "quantity", "previous_quantity", "correction_id"]

    let folder: String

    /// What one call did.
    struct Outcome {
        var results: [StockWriteResult]
        /// Earlier corrections files read.
        var filesRead = 0
        /// The file written, if any.
        var written: String?
        var rowsWritten = 0
        var alreadyWritten = 0
    }

    /// Writes `writes` to a new corrections file, but for those refused or written before.
    /// A failure to read the earlier files or to write the new one fails every write that would
    /// have gone into it: nothing was written, and the next run tries again.
    func write(_ writes: [StockWrite], wholeUnits: Bool, at time: Date) -> Outcome {
        var results = [StockWriteResult?](repeating: nil, count: writes.count)
        for (position, write) in writes.enumerated() where wholeUnits && !write.quantity.isWhole {
            results[position] = .rejected(
                "the shop keeps whole units, and \(write.quantity) of \(write.sku) at \(write.source) is not one")
        }
        var outcome = Outcome(results: [])
        func finish(failing message: String? = nil) -> Outcome {
            outcome.results = results.map { $0 ?? .failed(message ?? "not written") }
            return outcome
        }
        guard results.contains(where: { $0 == nil }) else { return finish() }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return finish(failing: "cannot create the corrections folder \(folder): \(error.localizedDescription)")
        }
        removeLeftovers()
        let earlier: Set<String>
        do {
            let found = try writtenIDs()
            earlier = found.ids
            outcome.filesRead = found.files
        } catch {
            return finish(failing: "\(error.message); whether these corrections were written before is unknown")
        }
        var rows: [[String]] = []
        var inFile = Set<String>()
        for (position, write) in writes.enumerated() where results[position] == nil {
            if earlier.contains(write.correctionID) {
                results[position] = .awaitingConfirmation
                outcome.alreadyWritten += 1
            } else if inFile.insert(write.correctionID).inserted {
                rows.append([
                    write.sku, write.source, write.quantity.description, write.observed.description,
                    write.correctionID,
                ])
            }
        }
        guard !rows.isEmpty else { return finish() }
        let path = freshPath(at: time)
        do {
            try Self.writeAtomically(Self.csv(rows), to: path)
        } catch {
            return finish(failing: error.message)
        }
        outcome.written = path
        outcome.rowsWritten = rows.count
        for position in results.indices where results[position] == nil { results[position] = .awaitingConfirmation }
        return finish()
    }

    /// The correction ids in earlier corrections files, and how many files were read.
    func writtenIDs() throws(TrueUpError) -> (ids: Set<String>, files: Int) {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return ([], 0) }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix("."), Self.isCorrectionsFile(name) else { continue }
            paths.append((folder as NSString).appendingPathComponent(relative))
        }
        var ids = Set<String>()
        for path in paths.sorted() {
            let bytes = try CSVFeedFiles.read(path)
            let text = try CSVFeedText.decode(bytes, encoding: .auto, file: path).text
            let table = try CSVFeedTable(text: text, delimiter: .auto, file: path)
            guard let column = table.header.firstIndex(where: { $0.lowercased() == "correction_id" }) else {
                throw .badInput("\(path) has no correction_id column")
            }
            for record in table.records where column < record.cells.count {
                ids.insert(record.cells[column])
            }
        }
        return (ids, paths.count)
    }

    static func isCorrectionsFile(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasPrefix(namePrefix) && lowered.hasSuffix(".csv")
    }

    /// `stock-corrections-20261120T101500Z.csv`; when a file of that second exists, the first free
    /// second after it, so that the names sort in the order the files were written.
    private func freshPath(at time: Date) -> String {
        var second = time.timeIntervalSince1970.rounded(.down)
        while true {
            let stamp = ISOTimestamp.format(Date(timeIntervalSince1970: second)).filter { $0 != "-" && $0 != ":" }
            let path = (folder as NSString).appendingPathComponent("\(Self.namePrefix)\(stamp).csv")
            if !FileManager.default.fileExists(atPath: path) { return path }
            second += 1
        }
    }

    /// Removes temporary files a run cut short left behind.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(".\(Self.namePrefix)") && name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }

    /// The rows under the header, as RFC 4180 bytes.
    static func csv(_ rows: [[String]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * (rows.count + 1))
        for row in [header] + rows {
            for (position, cell) in row.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                append(cell, to: &bytes)
            }
            bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        }
        return bytes
    }

    /// Appends `cell` exactly, in quotes when it needs them.
    private static func append(_ cell: String, to bytes: inout [UInt8]) {
        let utf8 = cell.utf8
        func isPadding(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let padded = utf8.first.map(isPadding) == true || utf8.last.map(isPadding) == true
        let quoted =
            padded || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        for byte in utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
    }

    /// Writes `bytes` to a hidden file beside `path`, syncs it and renames it to `path`, so that
    /// `path` never holds part of the file.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(TrueUpError) {
        let folder = (path as NSString).deletingLastPathComponent
        let partial = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).partial")
        func failure(_ error: SystemError) -> TrueUpError {
            .output("cannot write \(path): \(error); check the output folder")
        }
        let descriptor: Int32
        switch DurableFile.createPartial(partial) {
        case .success(let opened): descriptor = opened
        case .failure(let error): throw failure(error)
        }
        var error = bytes.withUnsafeBytes { DurableFile.writeAll($0, to: descriptor) }
        if error == nil {
            error = DurableFile.commit(descriptor: descriptor, partial: partial, to: path)
        } else {
            _ = close(descriptor)
        }
        if let error {
            _ = unlink(partial)
            throw failure(error)
        }
    }
}
