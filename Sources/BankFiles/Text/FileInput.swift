import TrueUpXML

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for reading with the system's calls, so that a camt.053 statement can be streamed
/// from its descriptor and other formats read whole, with errors that name the file.
struct FileInput {
    /// Files read whole (OFX, CSV) are at most this large.
    static let wholeFileLimit = 1 << 30

    let path: String
    let descriptor: Int32

    /// Opens `path`; throws when it does not exist, cannot be read, or is a folder.
    init(path: String) throws(StatementError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure(path, errno) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            _ = closeDescriptor(descriptor)
            throw Self.failure(path, EISDIR)
        }
        self.descriptor = descriptor
    }

    func close() {
        _ = closeDescriptor(descriptor)
    }

    /// Up to `count` bytes from the start of the file, leaving the read position where it was.
    func prefix(_ count: Int) throws(StatementError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + filled }, count - filled, off_t(filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, errno)
            }
            if got == 0 { break }
            filled += got
        }
        return Array(bytes[..<filled])
    }

    /// The whole file, at most ``wholeFileLimit`` bytes.
    func readAll() throws(StatementError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress, raw.count, off_t(bytes.count))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= Self.wholeFileLimit else { throw Self.failure(path, EFBIG) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// `cannot read bank/nov.csv: No such file or directory (check the path and its permissions)`.
    static func failure(_ path: String, _ code: Int32) -> StatementError {
        if code == EFBIG {
            return .unreadable("cannot read \(path): it is larger than 1 GiB; split it into smaller files")
        }
        let reason = LibXML.Errno(value: code).reason
        return .unreadable("cannot read \(path): \(reason) (check the path and its permissions)")
    }
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
