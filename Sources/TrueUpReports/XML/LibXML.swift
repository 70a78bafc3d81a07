import CLibXML2
import TrueUpXML

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The report side of libxml2: the `xmlTextWriter` behind ``XMLStreamWriter`` and the compiled schema
// behind ``XMLSchemaValidator``. They own their libxml2 pointers, turn return codes into thrown
// ``ReportError``s, and run every call through TrueUpXML's `LibXML` (its refusing entity loader, safe
// parse options and error capture), whose documentation gives the safety rules and names the modules
// that import `CLibXML2`.

// MARK: - Writing

extension LibXML {
    /// An `xmlTextWriter` whose output goes to a ``ByteSink``: the same bytes whether the sink is a file
    /// or memory. Indented by two spaces, so the same calls always give the same bytes.
    final class TextWriter {
        private var writer: xmlTextWriterPtr?
        /// The writer's output buffer, owned and freed by `writer`: ``writeRaw(_:)`` appends to it.
        private var output: xmlOutputBufferPtr?
        /// Retained here because libxml2 holds it unretained as the output callback's context.
        private let sink: ByteSink
        private let problems: Problems

        init(sink: ByteSink) throws {
            self.sink = sink
            problems = Problems(documentName: sink.displayPath)
            let context = Unmanaged.passUnretained(sink).toOpaque()
            let made: (xmlTextWriterPtr, xmlOutputBufferPtr)? = LibXML.capturingErrors(in: problems) {
                let output = xmlOutputBufferCreateIO(
                    { context, bytes, length in
                        guard let context, let bytes, length >= 0 else { return -1 }
                        let sink = Unmanaged<ByteSink>.fromOpaque(context).takeUnretainedValue()
                        sink.append(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
                        do {
                            try sink.flushIfFull()
                        } catch {
                            return -1  // the sink keeps the failure; `check` reports it
                        }
                        return length
                    },
                    nil,
                    context,
                    nil
                )
                guard let output else { return nil }
                guard let writer = xmlNewTextWriter(output) else {
                    xmlOutputBufferClose(output)
                    return nil
                }
                return (writer, output)
            }
            guard let made else { throw failure("start the XML writer") }
            let created = made.0
            writer = created
            output = made.1
            try check("set the indentation", xmlTextWriterSetIndent(created, 1))
            try check("set the indentation", LibXML.withXMLString("  ") { xmlTextWriterSetIndentString(created, $0) })
        }

        deinit {
            // Dropped before `finish()`: what libxml2 flushes now goes to a sink that discards it.
            if let writer {
                LibXML.capturingErrors(in: problems) { xmlFreeTextWriter(writer) }
            }
        }

        /// `<?xml version="1.0" encoding="UTF-8"?>`
        func startDocument() throws {
            try call("start the document") { xmlTextWriterStartDocument($0, "1.0", "UTF-8", nil) }
        }

        func startElement(_ name: String) throws {
            try call("start element <\(name)>") { writer in
                LibXML.withXMLString(name) { xmlTextWriterStartElement(writer, $0) }
            }
        }

        /// `<name xmlns="namespace">`
        func startElement(_ name: String, namespace: String) throws {
            try call("start element <\(name)>") { writer in
                LibXML.withXMLString(name) { name in
                    LibXML.withXMLString(namespace) { xmlTextWriterStartElementNS(writer, nil, name, $0) }
                }
            }
        }

        /// Escapes `<`, `>`, `&`, `"` and line breaks in `value`.
        func attribute(_ name: String, _ value: String) throws {
            try call("write attribute \(name)") { writer in
                LibXML.withXMLString(name) { name in
                    LibXML.withXMLString(value) { xmlTextWriterWriteAttribute(writer, name, $0) }
                }
            }
        }

        /// Escapes `<`, `>`, `&` and CR in `text`.
        func text(_ text: String) throws {
            try call("write text") { writer in
                LibXML.withXMLString(text) { xmlTextWriterWriteString(writer, $0) }
            }
        }

        /// `<name>text</name>`
        func element(_ name: String, _ text: String) throws {
            try call("write element <\(name)>") { writer in
                LibXML.withXMLString(name) { name in
                    LibXML.withXMLString(text) { xmlTextWriterWriteElement(writer, name, $0) }
                }
            }
        }

        /// Appends markup the caller has already escaped to the output, after everything the writer
        /// has written and without changing its state: the same bytes through the same encoder.
        func writeRaw(_ bytes: UnsafeRawBufferPointer) throws {
            guard writer != nil, let output else {
                throw ReportError.misuse("cannot write \(sink.displayPath): the XML writer is already closed")
            }
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count > 0 else { return }
            let code = LibXML.capturingErrors(in: problems) { xmlOutputBufferWrite(output, Int32(bytes.count), base) }
            try check("write a row", code)
        }

        func endElement() throws {
            try call("end an element") { xmlTextWriterEndElement($0) }
        }

        func endDocument() throws {
            try call("end the document") { xmlTextWriterEndDocument($0) }
        }

        /// Flushes libxml2's buffers into the sink and frees the writer. Later calls throw.
        func finish() throws {
            guard let writer else { return }
            try call("flush the document") { xmlTextWriterFlush($0) }
            self.writer = nil
            output = nil
            LibXML.capturingErrors(in: problems) { xmlFreeTextWriter(writer) }
            try sink.flushIfFull()
        }

        private func call(_ action: String, _ body: (xmlTextWriterPtr) -> Int32) throws {
            guard let writer else {
                throw ReportError.misuse("cannot write \(sink.displayPath): the XML writer is already closed")
            }
            let code = LibXML.capturingErrors(in: problems) { body(writer) }
            try check(action, code)
        }

        private func check(_ action: String, _ code: Int32) throws {
            guard code < 0 else { return }
            throw failure(action)
        }

        /// The sink's own I/O error when there is one (it names the system's reason), else libxml2's.
        private func failure(_ action: String) -> ReportError {
            if let failure = sink.failure {
                return failure
            }
            let detail = problems.lines.first.map { ": \($0)" } ?? ""
            return .output("cannot write \(sink.displayPath): libxml2 could not \(action)\(detail)")
        }
    }
}

// MARK: - Schemas

extension LibXML {
    /// A compiled XML Schema.
    ///
    /// `@unchecked Sendable`: the `xmlSchema` is only read after it is compiled, and libxml2 supports
    /// sharing one compiled schema between threads as long as each validation has its own
    /// `xmlSchemaValidCtxt`, which ``validate(path:documentName:)`` and
    /// ``validate(bytes:documentName:)`` create per call.
    final class Schema: @unchecked Sendable {
        private let schema: xmlSchemaPtr
        /// How messages name the schema: `trueup-report.xsd`.
        let name: String

        /// Compiles a schema from its text. It must be self-contained: the refusing entity loader stops
        /// `xs:include` and `xs:import` from fetching anything. (libxml2 reads schema text itself with
        /// entity substitution on; the schema is TrueUp's own file, and external entities are refused.)
        init(path: String, name: String) throws {
            self.name = name
            let problems = Problems(documentName: name)
            // Read here rather than by libxml2, whose file loading goes through the refusing loader.
            let xsd: [UInt8]
            do {
                xsd = try LibXML.readFile(path, limit: Int(Int32.max))
            } catch {
                throw ReportError.schema("cannot read the schema \(path): \(error.reason) (reinstall TrueUp)")
            }
            let compiled: xmlSchemaPtr? = LibXML.capturingErrors(in: problems) {
                xsd.withUnsafeBytes { raw in
                    guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                        let parser = xmlSchemaNewMemParserCtxt(base, Int32(raw.count))
                    else { return nil }
                    defer { xmlSchemaFreeParserCtxt(parser) }
                    xmlSchemaSetParserStructuredErrors(parser, LibXML.collectError, problems.context)
                    return xmlSchemaParse(parser)
                }
            }
            guard let compiled else {
                let detail = problems.lines.isEmpty ? "" : ":\n" + problems.summary
                throw ReportError.schema(
                    "cannot load the schema \(name); it is not a valid XML Schema (reinstall TrueUp)\(detail)"
                )
            }
            schema = compiled
        }

        deinit {
            xmlSchemaFree(schema)
        }

        /// Validates the file at `path`, read as it streams. `path` names it in the error's first line,
        /// `documentName` in each problem (`reconciliation.xml line 12: ...`).
        func validate(path: String, documentName: String) throws {
            // Opened here rather than by libxml2, whose file loading goes through the refusing loader.
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw ReportError.invalidDocument("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            defer { _ = close(descriptor) }
            var status = stat()
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
                throw ReportError.invalidDocument("cannot read \(path): \(String(cString: strerror(EISDIR)))")
            }
            try validate(subject: path, documentName: documentName) {
                xmlReaderForFd(descriptor, path, nil, LibXML.safeParseOptions)
            }
        }

        /// Validates a document held in memory.
        func validate(bytes: UnsafeRawBufferPointer, documentName: String) throws {
            guard bytes.count <= Int32.max else {
                throw ReportError.invalidDocument("cannot check \(documentName): it is larger than 2 GiB")
            }
            // An empty buffer has no base address; libxml2 reports it as an empty document.
            let empty: [CChar] = [0]
            try empty.withUnsafeBufferPointer { fallback in
                let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? fallback.baseAddress
                try validate(subject: documentName, documentName: documentName) {
                    xmlReaderForMemory(base, Int32(bytes.count), documentName, nil, LibXML.safeParseOptions)
                }
            }
        }

        /// Streams the document through an `xmlTextReader` with this schema plugged in, so memory does
        /// not grow with the document, and throws unless it is well-formed, DOCTYPE-free and valid.
        private func validate(
            subject: String,
            documentName: String,
            makeReader: () -> xmlTextReaderPtr?
        ) throws {
            let problems = Problems(documentName: documentName)
            let outcome: (code: Int32, valid: Int32, doctype: Bool) = try LibXML.capturingErrors(in: problems) {
                guard let validation = xmlSchemaNewValidCtxt(schema) else {
                    throw ReportError.invalidDocument("cannot check \(subject): out of memory")
                }
                defer { xmlSchemaFreeValidCtxt(validation) }
                guard let reader = makeReader() else {
                    throw ReportError.invalidDocument("cannot read \(subject): libxml2 could not open it")
                }
                defer { xmlFreeTextReader(reader) }
                xmlSchemaSetValidStructuredErrors(validation, LibXML.collectError, problems.context)
                xmlTextReaderSetStructuredErrorHandler(reader, LibXML.collectError, problems.context)
                guard xmlTextReaderSchemaValidateCtxt(reader, validation, 0) == 0 else {
                    throw ReportError.invalidDocument("cannot check \(subject) against \(name)")
                }
                var code: Int32 = 1
                var doctype = false
                while code == 1 {
                    code = xmlTextReaderRead(reader)
                    if code == 1, xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
                        doctype = true
                        code = -1
                    }
                }
                return (code, xmlTextReaderIsValid(reader), doctype)
            }
            if outcome.doctype {
                // What else libxml2 said is beside the point, and must not echo entity content.
                throw ReportError.invalidDocument(
                    "\(subject) is refused: it has a DOCTYPE, which TrueUp reports never have "
                        + "(its entities could read files or expand without bound)"
                )
            }
            guard outcome.code < 0 || outcome.valid != 1 || problems.count > 0 else { return }
            let heading =
                outcome.code < 0
                ? "\(subject) is not a well-formed XML document"
                : "\(subject) does not match \(name)"
            let detail = problems.lines.isEmpty ? "" : ":\n" + problems.summary
            throw ReportError.invalidDocument(heading + detail)
        }
    }
}
