public import Foundation
import TrueUpXML

/// Checks XML documents against one XML Schema (XSD), compiled once and reused.
///
/// A valid document returns normally; otherwise the ``ReportError`` lists the first few problems
/// with their lines:
///
/// ```text
/// reports/out/demo/2026-11/reconciliation.xml does not match trueup-report.xsd:
///   reconciliation.xml line 12: Element 'row': The attribute 'sku' is required but missing.
/// ```
///
/// Documents are streamed, so memory does not grow with their size, and read safely: nothing is
/// fetched from the network or disk on their behalf, entities are never expanded, and a document
/// with a DOCTYPE is refused (reports never have one).
///
/// The schema must be self-contained: `xs:include` and `xs:import` by location are refused like any
/// other external load. One validator can be shared between tasks; each validation is independent.
public struct XMLSchemaValidator: Sendable {
    private let schema: LibXML.Schema

    /// `trueup-report.xsd` in this module's resources: the schema `reconciliation.xml` follows.
    public static var bundledReportSchemaURL: URL {
        Bundle.module.url(forResource: "trueup-report", withExtension: "xsd", subdirectory: "Schema")
            // Missing only from a broken install; loading it then fails naming this path.
            ?? Bundle.module.bundleURL.appendingPathComponent("Schema/trueup-report.xsd")
    }

    /// The validator for `reconciliation.xml`, from ``bundledReportSchemaURL``.
    public static func bundledReportSchema() throws -> XMLSchemaValidator {
        try XMLSchemaValidator(schemaPath: bundledReportSchemaURL.path)
    }

    /// Reads and compiles the schema at `schemaPath`. Throws when it cannot be read or is not a valid,
    /// self-contained XML Schema.
    public init(schemaPath: String) throws {
        let name = URL(fileURLWithPath: schemaPath).lastPathComponent
        schema = try LibXML.Schema(path: schemaPath, name: name)
    }

    /// Validates the file at `path`, streaming it from disk.
    public func validate(fileAtPath path: String) throws {
        try schema.validate(path: path, documentName: URL(fileURLWithPath: path).lastPathComponent)
    }

    /// Validates a document held in memory; `name` stands for it in messages.
    public func validate(_ document: String, name: String = "document") throws {
        var document = document
        try document.withUTF8 { bytes in
            try schema.validate(bytes: UnsafeRawBufferPointer(bytes), documentName: name)
        }
    }

    /// Validates a document held in memory; `name` stands for it in messages.
    public func validate(_ document: Data, name: String = "document") throws {
        try document.withUnsafeBytes { bytes in
            try schema.validate(bytes: bytes, documentName: name)
        }
    }
}
