import TrueUpFiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report's bytes go: a file that appears at its path only once complete, or memory (for tests).
///
/// Bytes collect in a buffer that goes to disk whenever it passes ``flushThreshold``, so memory stays
/// flat however long the report. A file is written as `<path>.partial` and renamed over `path` by
/// ``commit()`` after an `fsync` (``DurableFile``): a crash, an error or a writer dropped without being
/// closed never leaves a half report at `path` that looks complete. The CSV and XML writers share this
/// one implementation.
final class ByteSink {
    /// How many buffered bytes trigger a write to disk.
    static let flushThreshold = 64 * 1024

    /// The path as the caller gave it, used in messages; `(memory)` for an in-memory sink.
    let displayPath: String
    /// `<path>.partial` for a file, `nil` in memory.
    private let partialPath: String?
    private var descriptor: Int32 = -1
    /// Unchecked for exclusive access: a sink is used by one writer on one thread, and a check on
    /// every appended byte costs a tenth of a large report's time.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private var committed = false
    /// The first failure; once set, nothing more is written and the file is never moved into place.
    private(set) var failure: ReportError?

    /// Creates `<path>.partial` (mode 0644, less the process umask), replacing a leftover from a crashed run.
    init(path: String) throws {
        displayPath = path
        let partial = path + ".partial"
        partialPath = partial
        switch DurableFile.createPartial(partial) {
        case .success(let fd): descriptor = fd
        case .failure(let error): throw Self.ioError(error, writing: path)
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// An in-memory sink: everything stays in ``contents``.
    init() {
        displayPath = "(memory)"
        partialPath = nil
    }

    deinit {
        if descriptor >= 0 {
            _ = close(descriptor)
        }
        if let partialPath, !committed {
            _ = unlink(partialPath)
        }
    }

    /// Everything written, for an in-memory sink once committed; `nil` for a file or before ``commit()``.
    var contents: [UInt8]? {
        partialPath == nil && committed ? buffer : nil
    }

    var isCommitted: Bool { committed }

    func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Writes the buffer to disk once it has passed ``flushThreshold``; does nothing in memory.
    func flushIfFull() throws {
        if let failure { throw failure }
        guard partialPath != nil, buffer.count >= Self.flushThreshold else { return }
        try flush()
    }

    /// Writes what is left, syncs the file to disk, closes it and renames it over the final path.
    /// Committing twice does nothing; after a failure it throws that failure again.
    func commit() throws {
        if let failure { throw failure }
        guard !committed else { return }
        guard partialPath != nil else {
            committed = true
            return
        }
        try flush()
        try finishFile()
        committed = true
    }

    private func finishFile() throws {
        guard let partialPath else { return }
        let fd = descriptor
        descriptor = -1
        if let error = DurableFile.commit(descriptor: fd, partial: partialPath, to: displayPath) {
            throw fail(Self.ioError(error, writing: displayPath))
        }
    }

    private func flush() throws {
        guard descriptor >= 0, !buffer.isEmpty else { return }
        let fd = descriptor
        if let error = buffer.withUnsafeBytes({ DurableFile.writeAll($0, to: fd) }) {
            throw fail(Self.ioError(error, writing: displayPath))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func fail(_ error: ReportError) -> ReportError {
        failure = error
        return error
    }

    /// `cannot write PATH: REASON (REMEDY)`, with the remedy chosen by the system error.
    static func ioError(_ error: SystemError, writing path: String) -> ReportError {
        let remedy: String
        if error.isPermission {
            remedy = "check the --out folder's permissions"
        } else if error.isMissingFolder {
            remedy = "check that the --out folder exists"
        } else if error.isDiskFull {
            remedy = "free some disk space and run again"
        } else if error.isLink {
            remedy = "remove the link at \(path).partial"
        } else {
            remedy = "check the --out folder"
        }
        return .output("cannot write \(path): \(error) (\(remedy))")
    }
}
