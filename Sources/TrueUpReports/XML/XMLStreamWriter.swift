import TrueUpXML

/// Writes one XML report element by element, streaming: memory does not grow with the document.
///
/// Output is UTF-8, XML 1.0, indented by two spaces, and byte-identical for the same calls whether it
/// goes to a file or to memory. Text and attribute values are escaped; characters XML 1.0 does not
/// allow (control characters other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD, so the file is
/// always well-formed. Like ``CSVWriter``, a file is written as `path + ".partial"` and appears at
/// `path` only when ``close()`` succeeds after ``endDocument()``.
///
/// An element holds either text or child elements, not both: indentation would otherwise add
/// whitespace to its text. Misuse (a second root, an attribute after content, an unclosed element)
/// throws a ``ReportError`` instead of producing a broken file.
///
/// A writer is used in one scope and is not `Sendable`.
///
/// ```swift
/// let xml = try XMLStreamWriter(path: "reports/out/demo/2026-11/reconciliation.xml")
/// try xml.startDocument()
/// try xml.startElement("reconciliation", namespace: "urn:trueup:report:1")
/// try xml.attribute("pair", "demo")
/// try xml.element("period", "2026-11")
/// try xml.endElement()
/// try xml.endDocument()
/// try xml.close()
/// ```
public final class XMLStreamWriter {
    private enum Stage {
        case beforeDocument
        case beforeRoot
        case inRoot
        case afterRoot
        case ended
        case closed
    }

    /// What an open element holds so far.
    private enum Content {
        case nothing
        case text
        case elements
    }

    private let sink: ByteSink
    private let writer: LibXML.TextWriter
    private var stage = Stage.beforeDocument
    /// The open elements, innermost last.
    private var openElements: [(name: String, content: Content)] = []
    /// The element ``emptyElement(_:attributeNames:values:)`` just wrote through libxml2, and its
    /// attribute names, checked: while nothing else has been written since, a sibling of the same
    /// shape leaves libxml2 in the same state, so its bytes can be made here and appended directly.
    private var lastEmpty: (name: String, attributeNames: [String])?
    /// Elements made here that libxml2 has not been handed yet (see ``writePending()``). Unchecked: the writer is not `Sendable` and
    /// nothing else holds the array, and the checks cost a tenth of a report's time.
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    /// Starts a document at `path`, creating `path + ".partial"`. Throws a ``ReportError`` naming the
    /// path when the file cannot be created.
    public convenience init(path: String) throws {
        try self.init(sink: ByteSink(path: path))
    }

    /// A writer that keeps the document in memory; read ``contents`` after ``close()``. For tests.
    public static func inMemory() throws -> XMLStreamWriter {
        try XMLStreamWriter(sink: ByteSink())
    }

    private init(sink: ByteSink) throws {
        self.sink = sink
        writer = try LibXML.TextWriter(sink: sink)
    }

    /// The whole document of an in-memory writer once closed; `nil` for a file writer or before ``close()``.
    public var contents: String? {
        sink.contents.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `<?xml version="1.0" encoding="UTF-8"?>`. Must come first, once.
    public func startDocument() throws {
        try writePending()
        try expect(stage == .beforeDocument, "startDocument() must come first, once")
        try writer.startDocument()
        stage = .beforeRoot
    }

    /// Opens an element; the first one is the root, and there is only one root.
    public func startElement(_ name: String) throws {
        try writePending()
        try beginElement(name)
        try writer.startElement(name)
        enterElement(name)
    }

    /// Opens an element with a default namespace: `<name xmlns="namespace">`. Meant for the root.
    public func startElement(_ name: String, namespace: String) throws {
        try writePending()
        try beginElement(name)
        try writer.startElement(name, namespace: Self.xmlSafe(namespace))
        enterElement(name)
    }

    /// Adds an attribute to the element just started, before any text or child.
    public func attribute(_ name: String, _ value: String) throws {
        try writePending()
        try checkName(name)
        try expect(
            openElements.last?.content == .nothing,
            "attribute \(name) must directly follow startElement(), before any content"
        )
        try writer.attribute(name, Self.xmlSafe(value))
    }

    /// Writes escaped text inside the current element, which then holds text only.
    public func text(_ text: String) throws {
        try writePending()
        guard let current = openElements.last else {
            throw misuse("text must be written inside an element")
        }
        try expect(current.content != .elements, "<\(current.name)> cannot hold both elements and text")
        try writer.text(Self.xmlSafe(text))
        openElements[openElements.count - 1].content = .text
    }

    /// Writes `<name>text</name>` inside the current element.
    public func element(_ name: String, _ text: String) throws {
        try writePending()
        try checkName(name)
        try addChild(name)
        try writer.element(name, Self.xmlSafe(text))
        openElements[openElements.count - 1].content = .elements
    }

    /// Writes `<name a="1" b="2"/>` inside the current element: an element with attributes only, one
    /// for each name whose value is not `nil`, in order. Meant for a report's rows: a run of siblings
    /// with the same name and attribute names is written without a libxml2 call per attribute, in
    /// the same bytes ``startElement(_:)``, ``attribute(_:_:)`` and ``endElement()`` would give.
    public func emptyElement(_ name: String, attributeNames names: [String], values: [String?]) throws {
        guard names.count == values.count else {
            throw misuse("<\(name)> has \(values.count) attribute values for \(names.count) names")
        }
        if let last = lastEmpty, last.name == name, last.attributeNames == names {
            try writeEmptyElement(name, names: names, values: values)
            return
        }
        for attributeName in names { try checkName(attributeName) }
        try startElement(name)
        for (attributeName, value) in zip(names, values) {
            if let value { try attribute(attributeName, value) }
        }
        try endElement()
        lastEmpty = (name, names)
    }

    /// The bytes libxml2 writes for an empty element in the state the last one left it in: a new
    /// line's indentation, the tag with its attributes escaped as libxml2 escapes them, `/>` and LF.
    private func writeEmptyElement(_ name: String, names: [String], values: [String?]) throws {
        for _ in 0..<(2 * openElements.count) { scratch.append(UInt8(ascii: " ")) }
        scratch.append(UInt8(ascii: "<"))
        scratch.append(contentsOf: name.utf8)
        for (attributeName, value) in zip(names, values) {
            guard let value else { continue }
            scratch.append(UInt8(ascii: " "))
            scratch.append(contentsOf: attributeName.utf8)
            scratch.append(UInt8(ascii: "="))
            scratch.append(UInt8(ascii: "\""))
            Self.appendEscapedAttribute(value, to: &scratch)
            scratch.append(UInt8(ascii: "\""))
        }
        scratch.append(UInt8(ascii: "/"))
        scratch.append(UInt8(ascii: ">"))
        scratch.append(UInt8(ascii: "\n"))
        if scratch.count >= Self.pendingLimit { try writeScratch() }
    }

    /// How many bytes of elements made here wait before they go to libxml2 in one call.
    private static let pendingLimit = 32 * 1024

    /// Hands the elements made here to libxml2, before anything else is written: every public
    /// method starts with it, and it ends the run of siblings that ``emptyElement(_:attributeNames:values:)``
    /// may make itself.
    private func writePending() throws {
        lastEmpty = nil
        try writeScratch()
    }

    private func writeScratch() throws {
        guard !scratch.isEmpty else { return }
        defer { scratch.removeAll(keepingCapacity: true) }
        try scratch.withUnsafeBytes { try writer.writeRaw($0) }
    }

    /// `value` made XML-safe (``xmlSafe(_:)``) and escaped as libxml2 escapes an attribute value:
    /// `&`, `<`, `>` and `"` as entities, tab, LF and CR as character references, the rest as is.
    static func appendEscapedAttribute(_ value: String, to bytes: inout [UInt8]) {
        // Most values need nothing escaped: those go in one copy.
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: needsWork) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true { return }
        // Rare: a character XML does not allow is replaced first (``xmlSafe(_:)``).
        appendEscapedSafe(value.utf8.contains(where: mayStartDisallowed) ? xmlSafe(value) : value, to: &bytes)
    }

    private static func appendEscapedSafe(_ value: String, to bytes: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: Escape.ampersand)
            case UInt8(ascii: "<"): bytes.append(contentsOf: Escape.lessThan)
            case UInt8(ascii: ">"): bytes.append(contentsOf: Escape.greaterThan)
            case UInt8(ascii: "\""): bytes.append(contentsOf: Escape.quote)
            case 0x09: bytes.append(contentsOf: Escape.tab)
            case 0x0A: bytes.append(contentsOf: Escape.lineFeed)
            case 0x0D: bytes.append(contentsOf: Escape.carriageReturn)
            default: bytes.append(byte)
            }
        }
    }

    /// A byte that is escaped, or may start a character XML does not allow.
    private static func needsWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == 0xEF
    }

    private static func mayStartDisallowed(_ byte: UInt8) -> Bool {
        if byte == 0xEF { return true }
        return byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    private enum Escape {
        static let ampersand = Array("&amp;".utf8)
        static let lessThan = Array("&lt;".utf8)
        static let greaterThan = Array("&gt;".utf8)
        static let quote = Array("&quot;".utf8)
        static let tab = Array("&#9;".utf8)
        static let lineFeed = Array("&#10;".utf8)
        static let carriageReturn = Array("&#13;".utf8)
    }

    /// Closes the innermost open element.
    public func endElement() throws {
        try writePending()
        guard !openElements.isEmpty else {
            throw misuse("endElement() was called with no element open")
        }
        try writer.endElement()
        openElements.removeLast()
        if openElements.isEmpty {
            stage = .afterRoot
        }
    }

    /// Ends the document. Every element must have been closed with ``endElement()``.
    public func endDocument() throws {
        try writePending()
        guard openElements.isEmpty else {
            let open = openElements.map { "<\($0.name)>" }.joined(separator: ", ")
            throw misuse("endDocument() was called with elements still open: \(open)")
        }
        try expect(stage == .afterRoot, "endDocument() needs a started document with one root element")
        try writer.endDocument()
        stage = .ended
    }

    /// Flushes the document and, for a file, moves it into place at `path`. The document must have been
    /// ended: an unfinished report is never moved into place. Closing twice does nothing.
    public func close() throws {
        try writePending()
        if stage == .closed { return }
        try expect(stage == .ended, "close() was called before endDocument(); the report is unfinished")
        try writer.finish()
        try sink.commit()
        stage = .closed
    }

    private func beginElement(_ name: String) throws {
        try checkName(name)
        switch stage {
        case .beforeRoot:
            break
        case .inRoot:
            try addChild(name)
        case .beforeDocument:
            throw misuse("<\(name)> was started before startDocument()")
        case .afterRoot, .ended, .closed:
            throw misuse("<\(name)> was started after the root element was closed")
        }
    }

    private func enterElement(_ name: String) {
        if !openElements.isEmpty {
            openElements[openElements.count - 1].content = .elements
        }
        openElements.append((name, .nothing))
        stage = .inRoot
    }

    /// Checks that the current element may take `name` as a child.
    private func addChild(_ name: String) throws {
        guard let parent = openElements.last else {
            throw misuse("<\(name)> must be written inside the root element")
        }
        try expect(parent.content != .text, "<\(parent.name)> cannot hold both text and elements, such as <\(name)>")
    }

    private func expect(_ condition: Bool, _ problem: @autoclosure () -> String) throws {
        guard condition else { throw misuse(problem()) }
    }

    private func misuse(_ problem: String) -> ReportError {
        .misuse("cannot write \(sink.displayPath): \(problem) (a bug in TrueUp; please report it)")
    }

    /// Element and attribute names are TrueUp's own; refusing anything but `[A-Za-z_][A-Za-z0-9._:-]*`
    /// keeps a mistake from producing a file that is not XML.
    private func checkName(_ name: String) throws {
        let bytes = name.utf8
        let valid =
            bytes.first.map(Self.isNameStart) == true
            && bytes.allSatisfy { Self.isNameStart($0) || Self.isNameRest($0) }
        try expect(valid, "'\(name)' is not an XML name TrueUp writes")
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private static func isNameRest(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    /// `text` with every character XML 1.0 does not allow replaced by U+FFFD.
    static func xmlSafe(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(isAllowedInXML) else { return text }
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            safe.append(isAllowedInXML(scalar) ? scalar : "\u{FFFD}")
        }
        return String(safe)
    }

    /// XML 1.0 `Char`: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
