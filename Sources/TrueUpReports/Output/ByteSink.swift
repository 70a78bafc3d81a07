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
/// ``commit()`` after an `fsync`: a crash, an error or a writer dropped without being closed never leaves
/// a half report at `path` that looks complete. The CSV and XML writers share this one implementation.
final class ByteSink {
    /// How many buffered bytes trigger a write to disk.
    static let flushThreshold = 64 * 1024

    /// The path as the caller gave it, used in messages; `(memory)` for an in-memory sink.
    let displayPath: String
    /// `<path>.partial` for a file, `nil` in memory.
    private let partialPath: String?
    private var descriptor: Int32 = -1
    private var buffer: [UInt8] = []
    private var committed = false
    /// The first failure; once set, nothing more is written and the file is never moved into place.
    private(set) var failure: ReportError?

    /// Creates `<path>.partial` (mode 0644, less the process umask), replacing a leftover from a crashed run.
    init(path: String) throws {
        displayPath = path
        let partial = path + ".partial"
        partialPath = partial
        // A leftover from an earlier crash is replaced by a fresh file, so its mode is ours; O_EXCL and
        // O_NOFOLLOW refuse to write through a link planted at the partial path.
        if unlink(partial) != 0, errno != ENOENT {
            throw Self.ioError(errno, writing: path)
        }
        let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.ioError(errno, writing: path) }
        descriptor = fd
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
        if fsync(fd) != 0 {
            let code = errno
            _ = close(fd)
            throw fail(Self.ioError(code, writing: displayPath))
        }
        if close(fd) != 0 {
            throw fail(Self.ioError(errno, writing: displayPath))
        }
        if rename(partialPath, displayPath) != 0 {
            throw fail(Self.ioError(errno, writing: displayPath))
        }
    }

    private func flush() throws {
        guard descriptor >= 0, !buffer.isEmpty else { return }
        let fd = descriptor
        let code: Int32? = buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            while offset < raw.count {
                let written = write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let code {
            throw fail(Self.ioError(code, writing: displayPath))
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func fail(_ error: ReportError) -> ReportError {
        failure = error
        return error
    }

    /// `cannot write PATH: REASON (REMEDY)`, with the remedy chosen by the system error.
    static func ioError(_ code: Int32, writing path: String) -> ReportError {
        let reason = String(cString: strerror(code))
        let remedy: String
        switch code {
        case EACCES, EPERM, EROFS:
            remedy = "check the --out folder's permissions"
        case ENOENT, ENOTDIR:
            remedy = "check that the --out folder exists"
        case ENOSPC, EDQUOT:
            remedy = "free some disk space and run again"
        case ELOOP:
            remedy = "remove the link at \(path).partial"
        default:
            remedy = "check the --out folder"
        }
        return .output("cannot write \(path): \(reason) (\(remedy))")
    }
}
