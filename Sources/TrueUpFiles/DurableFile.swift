#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls behind a file that appears at its path only once it is complete and on disk:
/// written as a fresh partial file beside it, synced, renamed over the path, and the folder synced
/// so the rename survives a power cut too. The report writers and the CSV feed's corrections file
/// share them; each turns the error number into a message that says what to do.
public enum DurableFile {
    /// Creates `partial` afresh (`mode` less the umask) and returns its descriptor, or the
    /// error number. A leftover from a crashed run is removed first; `O_EXCL` and `O_NOFOLLOW`
    /// refuse to write through a link planted at that path.
    public static func createPartial(_ partial: String, mode: UInt32 = 0o644) -> Result<Int32, SystemError> {
        if unlink(partial) != 0, errno != ENOENT { return .failure(SystemError(errno)) }
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { return .failure(SystemError(errno)) }
        return .success(descriptor)
    }

    /// Writes every byte to an open file, resuming after interrupted and short writes.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> SystemError? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return SystemError(errno)
            }
            offset += written
        }
        return nil
    }

    /// Syncs and closes `descriptor` (the open `partial` file), renames it over `path` and syncs
    /// the folder. The descriptor is closed whatever happens; on failure `partial` is left for the
    /// caller to remove.
    public static func commit(descriptor: Int32, partial: String, to path: String) -> SystemError? {
        if fsync(descriptor) != 0 {
            let code = errno
            _ = close(descriptor)
            return SystemError(code)
        }
        if close(descriptor) != 0 { return SystemError(errno) }
        if rename(partial, path) != 0 { return SystemError(errno) }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            _ = close(folderDescriptor)
        }
        return nil
    }
}

/// A failed system call's error number.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Int32

    public init(_ code: Int32) { self.code = code }

    /// The system's text for the error: `No space left on device`.
    public var description: String { String(cString: strerror(code)) }

    public var isPermission: Bool { code == EACCES || code == EPERM || code == EROFS }
    public var isMissingFolder: Bool { code == ENOENT || code == ENOTDIR }
    public var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }
    public var isLink: Bool { code == ELOOP }
}
