/// The kinds of bank statement file TrueUp reads.
public enum StatementFormat: String, Sendable, CaseIterable {
    /// ISO 20022 `camt.053` XML (`Document/BkToCstmrStmt`), versions .001.02 to .001.08.
    case camt053
    /// OFX: SGML OFX 1.x (an `OFXHEADER:100` header, leaf tags left open) or XML OFX 2.x.
    case ofx
    /// CSV with a ``StatementCSVMapping`` naming its columns.
    case csv
}

extension StatementFormat {
    /// How many of a file's first bytes ``detect(_:)`` looks at.
    static let detectionPrefix = 64 * 1024

    /// The format a file's first bytes look like: text starting `OFXHEADER`, or XML with an `<OFX>`
    /// element or an `<?OFX ...?>` header, is OFX; any other XML is read as camt.053 (which says so
    /// when its root is not `Document/BkToCstmrStmt`, and refuses a DOCTYPE before anything else);
    /// everything else is CSV.
    static func detect(_ prefix: ArraySlice<UInt8>) -> StatementFormat {
        let start = TextBytes.afterBOMAndSpace(prefix)
        let text = prefix[start...]
        if TextBytes.hasPrefix(text, "OFXHEADER", ignoringCase: true) { return .ofx }
        guard text.first == UInt8(ascii: "<") else { return .csv }
        if TextBytes.contains(text, "<OFX>", ignoringCase: true)
            || TextBytes.contains(text, "<OFX ", ignoringCase: true)
            || TextBytes.contains(text, "<?OFX", ignoringCase: true)
        {
            return .ofx
        }
        return .camt053
    }
}
