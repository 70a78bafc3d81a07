import TrueUpCore

/// A CSV file split into records (RFC 4180) by CSV.swift's `CSVReader`, each with the physical line
/// it starts on, so that a problem names the line a person finds in a text editor even when quoted
/// cells span lines.
///
/// The reader is forgiving where a spreadsheet's file can only mean one thing and strict where it
/// could mean two: spaces and tabs around cells and around quoted cells are dropped, a quote inside
/// an unquoted cell is text, and records that are blank (no text in any cell, as a sheet's empty rows
/// export) are left out. A record with text after a closing quote, or a quoted cell that is never
/// closed, is kept with a ``Record/defect`` for the caller to report and with only the cells before
/// the bad one; reading resumes on the line after the bad quote, so one stray quote loses one
/// record, not the rest of the file.
struct CSVFeedTable {
    struct Record {
        /// The physical line the record starts on, counting from 1.
        var line: Int
        var cells: [String]
        /// Why the record is not well-formed CSV, when it is not.
        var defect: String?
    }

    /// The delimiter read with: the configured one, or the one found in the header line.
    let delimiter: UInt8
    /// The header row's cells.
    let header: [String]
    let headerLine: Int
    /// The records after the header, blank ones left out.
    let records: [Record]

    /// Splits `text` into records; the first record with any text is the header.
    ///
    /// - Throws: when the file has no header row, or the header row is not well-formed CSV.
    init(text: String, delimiter: CSVFeedSettings.Delimiter, file: String) throws(TrueUpError) {
        let byte: UInt8
        if let configured = delimiter.byte {
            byte = configured
        } else {
            byte = try Self.sniffDelimiter(text, file: file)
        }
        let parsed = try Self.parse(text, delimiter: byte, file: file)
        guard let headerIndex = parsed.firstIndex(where: { !$0.isBlank }) else {
            throw .badInput("\(file) is empty: it needs a header row naming its columns, then one row per record")
        }
        let header = parsed[headerIndex]
        if let defect = header.record.defect {
            throw .badInput("\(file) line \(header.record.line): the header row is not valid CSV: \(defect)")
        }
        self.delimiter = byte
        self.header = header.record.cells
        headerLine = header.record.line
        records = parsed[(headerIndex + 1)...].compactMap { $0.isBlank ? nil : $0.record }
    }
}
