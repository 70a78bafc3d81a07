import CLibXML2
import TrueUpXML

/// Reads camt.053 statements with libxml2's `xmlTextReader`, one node at a time, so that memory stays
/// flat however long the statement is; ``CamtStatementBuilder`` makes the lines.
///
/// Parsing goes through TrueUpXML's `LibXML`: its refusing entity loader, its safe options (no network,
/// no entity substitution, no DTD loading, libxml2's amplification limits on) and its error capture. A
/// document with a DOCTYPE is refused before anything in it is used: first by a look at the prolog,
/// then, should the prolog be longer than that look, by the reader's first node.
enum CamtStatementReader {
    /// Streams the open file from its start.
    static func read(
        _ input: FileInput, prefix: [UInt8], file: String, idName: String
    ) throws(StatementError)
        -> StatementFile
    {
        if Doctype.inProlog(prefix[...]) == true { throw Doctype.refusal(file) }
        return try parse(file: file, idName: idName) {
            xmlReaderForFd(input.descriptor, nil, nil, LibXML.safeParseOptions)
        }
    }

    /// Reads a document held in memory.
    static func read(bytes: [UInt8], file: String, idName: String) throws(StatementError) -> StatementFile {
        if Doctype.inProlog(bytes[...]) == true { throw Doctype.refusal(file) }
        guard bytes.count <= Int32.max else {
            throw .unreadable("cannot read \(file): it is larger than 2 GiB; split it into smaller files")
        }
        return try bytes.withUnsafeBufferPointer { buffer throws(StatementError) -> StatementFile in
            // An empty buffer has no base address; libxml2 reports it as an empty document.
            let empty: [CChar] = [0]
            return try empty.withUnsafeBufferPointer { fallback throws(StatementError) -> StatementFile in
                let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                return try parse(file: file, idName: idName) {
                    xmlReaderForMemory(
                        base ?? fallback.baseAddress, Int32(buffer.count), nil, nil, LibXML.safeParseOptions)
                }
            }
        }
    }

    /// How reading stopped.
    private enum End {
        case finished
        case cannotOpen
        case malformed
        case doctype
        case notCamt
    }

    private static func parse(
        file: String, idName: String, makeReader: () -> xmlTextReaderPtr?
    ) throws(StatementError) -> StatementFile {
        let problems = LibXML.Problems(documentName: file)
        var builder = CamtStatementBuilder(file: file, idName: idName)
        let end: End = LibXML.capturingErrors(in: problems) {
            guard let reader = makeReader() else { return .cannotOpen }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(reader, LibXML.collectError, problems.context)
            while true {
                let code = xmlTextReaderRead(reader)
                if code == 0 { return .finished }
                if code < 0 { return .malformed }
                switch xmlTextReaderNodeType(reader) {
                case documentType:
                    return .doctype
                case element:
                    let empty = xmlTextReaderIsEmptyElement(reader) == 1
                    builder.start(localName(reader), line: line(reader)) { attribute(reader, $0) }
                    if builder.notCamt != nil { return .notCamt }
                    if empty { builder.end() }
                case endElement:
                    builder.end()
                case text, cdata, significantWhitespace:
                    if builder.wantsText { builder.text(value(reader)) }
                default:
                    break
                }
            }
        }
        switch end {
        case .finished, .notCamt:
            return try builder.result().get()
        case .doctype:
            // What else libxml2 said is beside the point, and must not echo entity content.
            throw Doctype.refusal(file)
        case .cannotOpen:
            throw .unreadable("cannot read \(file): libxml2 could not open it")
        case .malformed:
            let detail = problems.lines.isEmpty ? "" : ":\n" + problems.summary
            throw .malformed(
                "\(file) is not a well-formed XML document, so it is not read; export the statement again from "
                    + "the bank\(detail)")
        }
    }

    private static let documentType = Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue)
    private static let element = Int32(XML_READER_TYPE_ELEMENT.rawValue)
    private static let endElement = Int32(XML_READER_TYPE_END_ELEMENT.rawValue)
    private static let text = Int32(XML_READER_TYPE_TEXT.rawValue)
    private static let cdata = Int32(XML_READER_TYPE_CDATA.rawValue)
    private static let significantWhitespace = Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue)

    private static func localName(_ reader: xmlTextReaderPtr) -> String {
        xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
    }

    private static func value(_ reader: xmlTextReaderPtr) -> String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// The line the current node starts on: libxml2 keeps it on the node up to 65,534, and beyond that
    /// the parser's own line, which is at most a little ahead.
    private static func line(_ reader: xmlTextReaderPtr) -> Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let line = xmlGetLineNo(node)
            if line > 0, line < 65_535 { return line }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// The current element's attribute with local name `name`; the reader stays on the element.
    private static func attribute(_ reader: xmlTextReaderPtr, _ name: String) -> String? {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return nil }
        defer { xmlTextReaderMoveToElement(reader) }
        repeat {
            if localName(reader) == name { return FreeText.collapsed(value(reader)) }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        return nil
    }
}
