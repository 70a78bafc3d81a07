public import CLibXML2

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libxml2 behind safe defaults: the setup, parse options, error capture and file reading that every
/// module calling libxml2 shares.
///
/// Three modules import `CLibXML2`, and nothing else does: this one; `TrueUpReports`, whose
/// `XML/LibXML.swift` extends this type with the report writer and XSD validation; and `BankFiles`,
/// whose `CamtStatementReader.swift` streams camt.053 statements. Each runs libxml2 inside
/// ``capturingErrors(in:_:)`` with ``safeParseOptions``, so the rules below hold wherever libxml2 reads
/// a document.
///
/// Safety rules that hold for every document read:
/// - the external entity loader refuses everything, so no file or URL is ever fetched on a document's
///   behalf (DTDs, external entities, `xs:include`), and parsing uses `XML_PARSE_NONET`;
/// - entities are never substituted (no `XML_PARSE_NOENT`), no external DTD is loaded (no
///   `XML_PARSE_DTDLOAD`), libxml2's entity-amplification limits stay on (no `XML_PARSE_HUGE`), and a
///   document with a DOCTYPE is refused outright by its reader (reports and bank statements never
///   need one);
/// - libxml2 never prints: its messages are collected, with their line numbers, per operation, into
///   the error thrown. Collection goes through context pointers, and while an operation runs also
///   through libxml2's per-thread structured handler (the only channel for some parser errors), which is
///   restored afterwards; the few messages libxml2 sends only to its printf-style generic channel are
///   dropped (see `shim.h`).
public enum LibXML {
    /// Options for every document parsed: no network access. See the type's documentation.
    public static let safeParseOptions = Int32(XML_PARSE_NONET.rawValue)

    /// Runs once per process, thread-safely: libxml2's global setup and the refusing entity loader.
    private static let setUp: Void = {
        xmlInitParser()
        // Returning no input refuses the load: libxml2 reports "failed to load external entity".
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    /// Makes sure libxml2 is set up and the refusing entity loader is in place. Call before any
    /// libxml2 function; ``capturingErrors(in:_:)`` calls it.
    public static func ensureSetUp() {
        _ = setUp
    }

    /// Runs `body` with libxml2's per-thread structured error handler pointing at `problems` and its
    /// printf-style generic channel silenced, then puts the previous handlers back. Synchronous code
    /// stays on one thread, so the handlers are this call's own.
    public static func capturingErrors<Result, Failure: Error>(
        in problems: Problems,
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        ensureSetUp()
        let savedHandler = __xmlStructuredError().pointee
        let savedContext = __xmlStructuredErrorContext().pointee
        var savedGenericHandler: UnsafeMutableRawPointer?
        var savedGenericContext: UnsafeMutableRawPointer?
        trueup_xml_silence_generic_errors(&savedGenericHandler, &savedGenericContext)
        xmlSetStructuredErrorFunc(problems.context, collectError)
        defer {
            xmlSetStructuredErrorFunc(savedContext, savedHandler)
            trueup_xml_restore_generic_errors(savedGenericHandler, savedGenericContext)
        }
        return try body()
    }

    /// libxml2's structured error callback: hands each error to the ``Problems`` its context points at
    /// (``Problems/context``). Pass it to the per-object error setters (`xmlTextReaderSetStructuredErrorHandler`,
    /// `xmlSchemaSetValidStructuredErrors`) together with that context.
    public static let collectError: xmlStructuredErrorFunc = { context, error in
        Problems.receive(context, error?.pointee)
    }

    /// A system error number, thrown by ``readFile(_:limit:)``.
    public struct Errno: Error, Sendable {
        public let value: Int32

        public init(value: Int32) {
            self.value = value
        }

        /// The system's text for the number: `No such file or directory`.
        public var reason: String { String(cString: strerror(value)) }
    }

    /// The whole file at `path`, read with the system's calls; at most `limit` bytes (else `EFBIG`).
    public static func readFile(_ path: String, limit: Int) throws(Errno) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Errno(value: errno) }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Errno(value: errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw Errno(value: EFBIG) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Runs `body` with `string` as a NUL-terminated `xmlChar` pointer.
    public static func withXMLString<Result>(
        _ string: String,
        _ body: (UnsafePointer<xmlChar>) -> Result
    ) -> Result {
        string.withCString { pointer in
            pointer.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1, body)
        }
    }
}

// MARK: - Problems

extension LibXML {
    /// What libxml2 reported during one operation: errors (not warnings) in order, the first few kept
    /// as `name line N: message`.
    public final class Problems {
        public static let kept = 5

        /// How a problem names its document: `reconciliation.xml`.
        public let documentName: String
        public private(set) var lines: [String] = []
        /// Every distinct problem, including those beyond ``kept``.
        public private(set) var count = 0

        public init(documentName: String) {
            self.documentName = documentName
        }

        /// The pointer libxml2 hands back to ``LibXML/collectError``; valid while this object is alive.
        public var context: UnsafeMutableRawPointer {
            Unmanaged.passUnretained(self).toOpaque()
        }

        public func add(line: Int, _ message: String) {
            let location = line > 0 ? "\(documentName) line \(line)" : documentName
            let entry = "\(location): \(message)"
            // libxml2 repeats some errors once per nesting level; one is enough.
            guard !lines.contains(entry) else { return }
            count += 1
            if lines.count < Self.kept {
                lines.append(entry)
            }
        }

        /// The kept problems, one per line, and how many more there were.
        public var summary: String {
            var text = lines.map { "  " + $0 }.joined(separator: "\n")
            if count > lines.count {
                text += "\n  (and \(count - lines.count) more)"
            }
            return text
        }

        fileprivate static func receive(_ context: UnsafeMutableRawPointer?, _ error: xmlError?) {
            guard let context, let error, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let problems = Unmanaged<Problems>.fromOpaque(context).takeUnretainedValue()
            var message = error.message.map { String(cString: $0) } ?? "error \(error.code)"
            while message.last?.isWhitespace == true {
                message.removeLast()
            }
            problems.add(line: Int(error.line), message)
        }
    }
}
