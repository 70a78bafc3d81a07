import Foundation
import Testing
import TrueUpReports

@Suite("XMLStreamWriter")
struct XMLStreamWriterTests {
    /// A small report written with every kind of call.
    private func writeSample(to writer: XMLStreamWriter, note: String = "Café & tea") throws {
        try writer.startDocument()
        try writer.startElement("reconciliation", namespace: "urn:trueup:test:1")
        try writer.attribute("pair", "demo")
        try writer.element("period", "2026-11")
        try writer.element("note", note)
        try writer.startElement("row")
        try writer.attribute("sku", "MUG-01")
        try writer.attribute("qty", "12.0000")
        try writer.text("Mug")
        try writer.endElement()
        try writer.endElement()
        try writer.endDocument()
    }

    private func inMemory(_ write: (XMLStreamWriter) throws -> Void) throws -> String {
        let writer = try XMLStreamWriter.inMemory()
        try write(writer)
        try writer.close()
        return try #require(writer.contents)
    }

    @Test("writes UTF-8 XML 1.0, indented by two spaces")
    func layout() throws {
        let text = try inMemory { try writeSample(to: $0) }
        #expect(
            text == """
                <?xml version="1.0" encoding="UTF-8"?>
                <reconciliation pair="demo" xmlns="urn:trueup:test:1">
                  <period>2026-11</period>
                  <note>Café &amp; tea</note>
                  <row sku="MUG-01" qty="12.0000">Mug</row>
                </reconciliation>

                """
        )
    }

    @Test("the same calls give byte-identical output")
    func byteIdentical() throws {
        let first = try inMemory { try writeSample(to: $0) }
        let second = try inMemory { try writeSample(to: $0) }
        #expect(Array(first.utf8) == Array(second.utf8))
        let different = try inMemory { try writeSample(to: $0, note: "Café & coffee") }
        #expect(different != first)
    }

    /// Values that need every kind of escaping and cleaning: markup characters, whitespace that
    /// attributes must keep, a control character and a noncharacter XML does not allow, non-ASCII,
    /// a formula-looking value, an empty string and a missing one.
    static let awkwardValues: [String?] = [
        "plain", "Tom & Jerry's \"best\" <mugs>", "tab\there", "two\nlines\r\n", "bell\u{07}", "odd\u{FFFE}end",
        "Café ☕ 日本", "=SUM(A1:A2)", "", nil, "\u{EF}\u{BF}\u{BD} replacement", "ends with &",
    ]

    @Test("rows written by emptyElement are byte for byte what libxml2 writes, escaping included")
    func emptyElementsMatchLibxml2() throws {
        let names = ["sku", "note", "qty"]
        // Every pair of awkward values, in rows of the same shape, so that all but the first
        // are built without libxml2; and the same rows through startElement/attribute/endElement.
        var rows: [[String?]] = []
        for first in Self.awkwardValues {
            for second in Self.awkwardValues { rows.append([first, second, "12.0000"]) }
        }
        func write(_ writer: XMLStreamWriter, fast: Bool) throws {
            try writer.startDocument()
            try writer.startElement("reconciliation", namespace: "urn:trueup:test:1")
            try writer.startElement("inventory")
            for row in rows {
                if fast {
                    try writer.emptyElement("row", attributeNames: names, values: row)
                } else {
                    try writer.startElement("row")
                    for (name, value) in zip(names, row) {
                        if let value { try writer.attribute(name, value) }
                    }
                    try writer.endElement()
                }
            }
            try writer.endElement()
            try writer.element("after", "text & more")
            try writer.endElement()
            try writer.endDocument()
        }
        let fast = try inMemory { try write($0, fast: true) }
        let slow = try inMemory { try write($0, fast: false) }
        #expect(Array(fast.utf8) == Array(slow.utf8))
        #expect(fast.contains("&amp;") && fast.contains("&#9;") && fast.contains("&#10;") && fast.contains("&quot;"))
        #expect(!fast.contains("\u{FFFE}") && !fast.contains("\u{07}"))
    }

    @Test("a file holds exactly what memory holds, and appears only on close")
    func fileEqualsMemory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try XMLStreamWriter(path: directory.path("reconciliation.xml"))
        try writeSample(to: file)
        #expect(!directory.exists("reconciliation.xml"))
        #expect(directory.exists("reconciliation.xml.partial"))
        try file.close()
        #expect(!directory.exists("reconciliation.xml.partial"))
        #expect(file.contents == nil)
        let memory = try inMemory { try writeSample(to: $0) }
        #expect(try directory.read("reconciliation.xml") == Array(memory.utf8))
    }

    @Test("a writer dropped before close leaves no file")
    func droppedWriter() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let writer = try XMLStreamWriter(path: directory.path("reconciliation.xml"))
            try writeSample(to: writer)
        }
        #expect(!directory.exists("reconciliation.xml"))
        #expect(!directory.exists("reconciliation.xml.partial"))
    }

    @Test("an unfinished document is never moved into place")
    func unfinishedDocument() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try XMLStreamWriter(path: directory.path("reconciliation.xml"))
        try writer.startDocument()
        try writer.startElement("reconciliation")
        try writer.startElement("inventory")
        let early = try #require(throws: ReportError.self) { try writer.endDocument() }
        #expect(early.message.contains("<reconciliation>, <inventory>"))
        #expect(throws: ReportError.self) { try writer.close() }
        #expect(!directory.exists("reconciliation.xml"))
    }

    @Test("< > & and \" are escaped in text and attributes")
    func escaping() throws {
        let nasty = "a < b > c & d \"e\" 'f' ]]> &amp;"
        let escaped = "a &lt; b &gt; c &amp; d &quot;e&quot; 'f' ]]&gt; &amp;amp;"
        let text = try inMemory { writer in
            try writer.startDocument()
            try writer.startElement("r")
            try writer.attribute("value", nasty)
            try writer.element("child", nasty)
            try writer.startElement("other")
            try writer.text(nasty)
            try writer.endElement()
            try writer.endElement()
            try writer.endDocument()
        }
        #expect(text.contains("<r value=\"\(escaped)\">"))
        #expect(text.contains("<child>\(escaped)</child>"))
        #expect(text.contains("<other>\(escaped)</other>"))
    }

    @Test("an element holds text or elements, never both, so indentation never changes text")
    func noMixedContent() throws {
        let writer = try XMLStreamWriter.inMemory()
        try writer.startDocument()
        try writer.startElement("r")
        try writer.startElement("textual")
        try writer.text("value")
        #expect(throws: ReportError.self) { try writer.startElement("child") }
        #expect(throws: ReportError.self) { try writer.element("child", "x") }
        try writer.text(" continued")
        try writer.endElement()
        #expect(throws: ReportError.self) { try writer.text("after a child") }
        try writer.endElement()
        try writer.endDocument()
        try writer.close()
        #expect(writer.contents?.contains("<textual>value continued</textual>") == true)
    }

    @Test("line breaks and tabs in attributes survive as character references")
    func whitespaceInAttributes() throws {
        let text = try inMemory { writer in
            try writer.startDocument()
            try writer.startElement("r")
            try writer.attribute("v", "a\tb\nc\rd")
            try writer.text("x\ry")
            try writer.endElement()
            try writer.endDocument()
        }
        #expect(text.contains(#"v="a&#9;b&#10;c&#13;d""#))
        #expect(text.contains("x&#13;y"))
    }

    @Test(
        "characters XML 1.0 does not allow become U+FFFD",
        arguments: ["\u{0}", "\u{1}", "\u{8}", "\u{B}", "\u{C}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"]
    )
    func controlCharacters(bad: String) throws {
        let text = try inMemory { writer in
            try writer.startDocument()
            try writer.startElement("r")
            try writer.attribute("v", "a\(bad)b")
            try writer.element("e", "c\(bad)d")
            try writer.endElement()
            try writer.endDocument()
        }
        #expect(text.contains(#"v="a\#u{FFFD}b""#))
        #expect(text.contains("<e>c\u{FFFD}d</e>"))
        #expect(!text.unicodeScalars.contains(where: { bad.unicodeScalars.contains($0) }))
    }

    @Test("allowed characters outside ASCII are kept as they are")
    func allowedCharacters() throws {
        let value = "\u{9}Ünïcödé 日本語 🇳🇿 \u{D7FF}\u{E000}\u{FFFD}\u{10FFFF}"
        let text = try inMemory { writer in
            try writer.startDocument()
            try writer.startElement("r")
            try writer.text(value)
            try writer.endElement()
            try writer.endDocument()
        }
        #expect(text.contains("<r>\(value)</r>"))
    }

    @Test("what it writes is valid against the schema, nasty text included")
    func validatesAgainstSchema() throws {
        let validator = try XMLSchemaValidator(schemaPath: TemporaryDirectory.fixture("sample.xsd"))
        let text = try inMemory { try writeSample(to: $0, note: "<&>\"'\u{1}\u{FFFF}\r\n\t") }
        try validator.validate(text, name: "written.xml")
    }

    @Test("misuse is refused with an error, not a broken file")
    func misuse() throws {
        let writer = try XMLStreamWriter.inMemory()
        #expect(throws: ReportError.self) { try writer.startElement("early") }
        try writer.startDocument()
        #expect(throws: ReportError.self) { try writer.startDocument() }
        #expect(throws: ReportError.self) { try writer.endElement() }
        #expect(throws: ReportError.self) { try writer.startElement("bad name") }
        #expect(throws: ReportError.self) { try writer.startElement("1st") }
        try writer.startElement("r")
        try writer.attribute("early", "ok")
        try writer.text("body")
        #expect(throws: ReportError.self) { try writer.attribute("late", "x") }
        try writer.endElement()
        #expect(throws: ReportError.self) { try writer.startElement("second-root") }
        #expect(throws: ReportError.self) { try writer.close() }
        try writer.endDocument()
        try writer.close()
        #expect(writer.contents == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r early=\"ok\">body</r>\n")
    }

    @Test("a document goes to disk as it is written, not at close")
    func streams() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let writer = try XMLStreamWriter(path: directory.path("reconciliation.xml"))
        try writer.startDocument()
        try writer.startElement("reconciliation")
        for index in 0..<10_000 {
            try writer.startElement("row")
            try writer.attribute("sku", "SKU-\(index)")
            try writer.text("\(index)")
            try writer.endElement()
        }
        let partial = try FileManager.default.attributesOfItem(atPath: directory.path("reconciliation.xml.partial"))
        #expect(try #require(partial[.size] as? Int) >= 64 * 1024)
        try writer.endElement()
        try writer.endDocument()
        try writer.close()
    }
}
