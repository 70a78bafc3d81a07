import Foundation
import Testing
import TrueUpReports

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("XMLSchemaValidator")
struct XMLSchemaValidatorTests {
    private let validator: XMLSchemaValidator

    init() throws {
        validator = try XMLSchemaValidator(schemaPath: TemporaryDirectory.fixture("sample.xsd"))
    }

    @Test("a valid document passes, from a file and from memory")
    func validDocument() throws {
        let path = TemporaryDirectory.fixture("valid.xml")
        try validator.validate(fileAtPath: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try validator.validate(data, name: "valid.xml")
        try validator.validate(String(decoding: data, as: UTF8.self))
    }

    @Test("an invalid file throws naming the file, the line and the element")
    func invalidFile() throws {
        let path = TemporaryDirectory.fixture("missing-attribute.xml")
        let error = try #require(throws: ReportError.self) { try validator.validate(fileAtPath: path) }
        #expect(error.kind == .invalidDocument)
        #expect(error.message.hasPrefix("\(path) does not match sample.xsd:\n"))
        #expect(
            error.message.contains(
                "missing-attribute.xml line 5: Element '{urn:trueup:test:1}row': "
                    + "The attribute 'sku' is required but missing."
            )
        )
    }

    @Test("every problem up to five is listed with its line, then a count of the rest")
    func manyProblems() throws {
        let rows = (1...8).map { "<row qty=\"\($0)\"/>" }.joined(separator: "\n")
        let document = """
            <reconciliation xmlns="urn:trueup:test:1" pair="demo">
            <period>2026-11</period>
            \(rows)
            </reconciliation>
            """
        let error = try #require(throws: ReportError.self) { try validator.validate(document, name: "many.xml") }
        for line in 3...7 {
            #expect(error.message.contains("many.xml line \(line): Element '{urn:trueup:test:1}row'"))
        }
        #expect(!error.message.contains("many.xml line 8:"))
        #expect(error.message.hasSuffix("(and 3 more)"))
    }

    @Test("a value that breaks a facet is reported with its line")
    func facet() throws {
        let document = """
            <?xml version="1.0"?>
            <reconciliation xmlns="urn:trueup:test:1" pair="demo">
              <period>November</period>
            </reconciliation>
            """
        let error = try #require(throws: ReportError.self) { try validator.validate(document, name: "period.xml") }
        #expect(error.message.contains("period.xml line 3: Element '{urn:trueup:test:1}period'"))
        #expect(error.message.contains("'November'"))
    }

    @Test("a malformed document throws with the line of the problem")
    func malformed() throws {
        let document = """
            <?xml version="1.0"?>
            <reconciliation xmlns="urn:trueup:test:1" pair="demo">
              <period>2026-11</period>
              <row sku="A">
            </reconciliation>
            """
        let error = try #require(throws: ReportError.self) { try validator.validate(document, name: "broken.xml") }
        #expect(error.kind == .invalidDocument)
        #expect(error.message.hasPrefix("broken.xml is not a well-formed XML document"))
        #expect(
            error.message.contains("broken.xml line 5: Opening and ending tag mismatch: row line 4 and reconciliation"))
    }

    @Test("an empty or truncated document throws")
    func emptyDocument() throws {
        #expect(throws: ReportError.self) { try validator.validate("", name: "empty.xml") }
        #expect(throws: ReportError.self) { try validator.validate(Data(), name: "empty.xml") }
        #expect(throws: ReportError.self) {
            try validator.validate(
                "<reconciliation xmlns=\"urn:trueup:test:1\" pair=\"demo\"><period>2026-11", name: "cut.xml")
        }
    }

    @Test("an external entity is refused and its file never read")
    func externalEntity() throws {
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE reconciliation [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <reconciliation xmlns="urn:trueup:test:1" pair="demo"><period>&x;</period></reconciliation>
            """
        let error = try #require(throws: ReportError.self) { try validator.validate(document, name: "xxe.xml") }
        #expect(error.kind == .invalidDocument)
        #expect(error.message.hasPrefix("xxe.xml is refused: it has a DOCTYPE"))
        #expect(!error.message.contains("root:"))
    }

    @Test(
        "documents with a DOCTYPE are refused before anything is loaded or expanded",
        arguments: [
            // An external DTD: would be fetched over the network if loading were allowed.
            #"<!DOCTYPE reconciliation SYSTEM "http://127.0.0.1:9/trueup.dtd">"#,
            // A parameter entity pulling in a local file.
            #"<!DOCTYPE reconciliation [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>"#,
            // A harmless internal entity: still refused, reports never declare one.
            #"<!DOCTYPE reconciliation [<!ENTITY x "2026-11">]>"#,
        ]
    )
    func doctypes(doctype: String) throws {
        let document = """
            <?xml version="1.0"?>
            \(doctype)
            <reconciliation xmlns="urn:trueup:test:1" pair="demo"><period>2026-11</period></reconciliation>
            """
        let error = try #require(throws: ReportError.self) { try validator.validate(document, name: "dtd.xml") }
        #expect(error.kind == .invalidDocument)
        #expect(error.message.hasPrefix("dtd.xml is refused: it has a DOCTYPE"))
        #expect(!error.message.contains("root:"))
    }

    @Test("a billion-laughs document is refused quickly, not expanded", .timeLimit(.minutes(1)))
    func billionLaughs() throws {
        var declarations = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            let references = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "\n<!ENTITY lol\(level) \"\(references)\">"
        }
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE reconciliation [
            \(declarations)
            ]>
            <reconciliation xmlns="urn:trueup:test:1" pair="demo"><period>&lol9;</period></reconciliation>
            """
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: ReportError.self) { try validator.validate(document, name: "lol.xml") }
        #expect(clock.now - start < .seconds(2))
        #expect(error.kind == .invalidDocument)
        #expect(error.message.count < 2_000)
        #expect(!error.message.contains("lollollol"))
    }

    @Test("libxml2 prints nothing: its messages go into the errors thrown")
    func nothingOnStandardError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let capture = open(directory.path("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(capture >= 0)
        let saved = dup(STDERR_FILENO)
        try #require(saved >= 0)
        dup2(capture, STDERR_FILENO)
        let xxe = """
            <!DOCTYPE reconciliation [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "2026-11">]>
            <reconciliation xmlns="urn:trueup:test:1" pair="demo"><period>&y;</period><note>&x;</note></reconciliation>
            """
        let documents = [xxe, "<reconciliation>\n<period>", "<reconciliation xmlns=\"urn:trueup:test:1\"/>", "\u{0}"]
        var failures = 0
        for document in documents {
            do { try validator.validate(document) } catch { failures += 1 }
        }
        do { _ = try XMLSchemaValidator(schemaPath: TemporaryDirectory.fixture("valid.xml")) } catch { failures += 1 }
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        close(capture)
        #expect(failures == documents.count + 1)
        // Tests run in parallel, and others may log to standard error meanwhile (swift-log's lines
        // start with a timestamp); anything else there came from libxml2.
        let printed = String(decoding: try directory.read("stderr.txt"), as: UTF8.self)
            .split(separator: "\n").filter { !$0.isEmpty && $0.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\S+ \w+ .*/) == nil }
        #expect(printed.isEmpty, "libxml2 printed: \(printed.prefix(3))")
    }

    @Test("a missing document file is reported by path")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("nowhere.xml")
        let error = try #require(throws: ReportError.self) { try validator.validate(fileAtPath: path) }
        #expect(error.message == "cannot read \(path): No such file or directory")
    }

    @Test("a schema that is not XML Schema is refused")
    func brokenSchema() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element/>".utf8)
            .write(to: directory.url.appendingPathComponent("broken.xsd"))
        let error = try #require(throws: ReportError.self) {
            try XMLSchemaValidator(schemaPath: directory.path("broken.xsd"))
        }
        #expect(error.kind == .schema)
        #expect(error.message.hasPrefix("cannot load the schema broken.xsd"))
        #expect(error.message.contains("broken.xsd line 1:"))
    }

    @Test("a schema cannot pull in other files: external loads are refused")
    func schemaInclude() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let types = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType name="code">\
            <xs:restriction base="xs:string"/></xs:simpleType></xs:schema>
            """
        try Data(types.utf8).write(to: directory.url.appendingPathComponent("types.xsd"))
        let main = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
            <xs:include schemaLocation="\(directory.url.appendingPathComponent("types.xsd").absoluteString)"/>
            <xs:element name="r" type="code"/></xs:schema>
            """
        try Data(main.utf8).write(to: directory.url.appendingPathComponent("main.xsd"))
        let error = try #require(throws: ReportError.self) {
            try XMLSchemaValidator(schemaPath: directory.path("main.xsd"))
        }
        #expect(error.kind == .schema)
    }

    @Test("a missing schema file is reported by path")
    func missingSchema() throws {
        let error = try #require(throws: ReportError.self) {
            try XMLSchemaValidator(schemaPath: "/nonexistent/trueup-report.xsd")
        }
        #expect(error.kind == .schema)
        #expect(
            error.message
                == "cannot read the schema /nonexistent/trueup-report.xsd: No such file or directory (reinstall TrueUp)"
        )
    }

    @Test("the bundled report schema is found in the module's resources and compiles")
    func bundledSchema() throws {
        let url = XMLSchemaValidator.bundledReportSchemaURL
        #expect(url.lastPathComponent == "trueup-report.xsd")
        #expect(url.deletingLastPathComponent().lastPathComponent == "Schema")
        #expect(FileManager.default.fileExists(atPath: url.path))
        _ = try XMLSchemaValidator.bundledReportSchema()
    }

    @Test("one validator serves many concurrent validations")
    func concurrentValidations() async throws {
        let validator = self.validator
        let valid = try String(contentsOfFile: TemporaryDirectory.fixture("valid.xml"), encoding: .utf8)
        let invalid = try String(contentsOfFile: TemporaryDirectory.fixture("missing-attribute.xml"), encoding: .utf8)
        let outcomes = await withTaskGroup(of: (Bool, Bool).self) { group in
            for index in 0..<32 {
                group.addTask {
                    let document = index.isMultiple(of: 2) ? valid : invalid
                    let passed = (try? validator.validate(document, name: "doc\(index).xml")) != nil
                    return (index.isMultiple(of: 2), passed)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 32)
        #expect(outcomes.allSatisfy { $0.0 == $0.1 })
    }
}
