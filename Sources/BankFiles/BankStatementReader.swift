/// Reads a bank statement file into ``BankLine``s: camt.053 XML, OFX or CSV.
///
/// Only booked money is read (camt.053 `BOOK` entries; pending and information-only ones are left out).
/// Amounts are exact: never a floating-point number. A file that cannot be read at all throws a
/// ``StatementError``; an entry, transaction or row that cannot be read becomes an `InputProblem`
/// naming the file and where in it, and the rest are read.
///
/// Each line's `id` is the bank's own id (camt.053 `AcctSvcrRef`, OFX `FITID`, the CSV mapping's id
/// column) when no other line of the file has the same one, else `<file name>#<n>`: the entry or
/// transaction number, or a CSV row's line. Its `source` names the file as it was given and the
/// entry, transaction or line.
///
/// XML is read safely: nothing is fetched from the network or disk on its behalf, no entity is
/// expanded, and a file with a DOCTYPE is refused before anything in it is used. A camt.053 file
/// streams, so memory does not grow with its length.
public enum BankStatementReader {
    /// Reads a statement file; format detected from content when nil (XML root Document with
    /// BkToCstmrStmt → camt053; OFXHEADER or <OFX> → ofx; else csv, which needs a mapping).
    public static func read(
        path: String, format: StatementFormat?, csv: StatementCSVMapping?
    ) throws(StatementError) -> StatementFile {
        let input = try FileInput(path: path)
        defer { input.close() }
        let prefix = try input.prefix(StatementFormat.detectionPrefix)
        let chosen = format ?? StatementFormat.detect(prefix[...])
        let name = fileName(path)
        switch chosen {
        case .camt053:
            return try CamtStatementReader.read(input, prefix: prefix, file: path, idName: name)
        case .ofx:
            return try OFXStatementReader.read(bytes: input.readAll(), file: path, idName: name)
        case .csv:
            let mapping = try csvMapping(csv, file: path, detected: format == nil)
            return try CSVStatementReader.read(bytes: input.readAll(), file: path, idName: name, mapping: mapping)
        }
    }

    /// Reads a statement held in memory; `name` stands for the file in ids, sources and messages.
    public static func read(
        bytes: [UInt8], name: String, format: StatementFormat?, csv: StatementCSVMapping?
    ) throws(StatementError) -> StatementFile {
        let chosen = format ?? StatementFormat.detect(bytes.prefix(StatementFormat.detectionPrefix))
        let idName = fileName(name)
        switch chosen {
        case .camt053:
            return try CamtStatementReader.read(bytes: bytes, file: name, idName: idName)
        case .ofx:
            return try OFXStatementReader.read(bytes: bytes, file: name, idName: idName)
        case .csv:
            let mapping = try csvMapping(csv, file: name, detected: format == nil)
            return try CSVStatementReader.read(bytes: bytes, file: name, idName: idName, mapping: mapping)
        }
    }

    private static func csvMapping(
        _ mapping: StatementCSVMapping?, file: String, detected: Bool
    ) throws(StatementError) -> StatementCSVMapping {
        if let mapping { return mapping }
        let what = detected ? "is neither camt.053 XML nor OFX, so it is read as CSV, which" : "is CSV, which"
        throw .mapping(
            "\(file) \(what) needs a column mapping: give the statement's CSV columns (date, amount, currency) in the "
                + "settings")
    }

    /// The last part of a path: `bank/nov.xml` → `nov.xml`.
    private static func fileName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.isEmpty ? path : name
    }
}
