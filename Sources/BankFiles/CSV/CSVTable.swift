import Foundation

/// A CSV file split into records (RFC 4180), each with the physical line it starts on, so that a
/// problem names the line a person finds in a text editor even when a quoted cell spans lines.
///
/// Records are found by a scan that knows where quoted cells open and close; each well-formed
/// record's cells are then split by ``cells(_:delimiter:)``. Spaces and tabs around cells and quoted
/// cells are dropped, a quote inside an unquoted cell is text, and blank records (no text in any
/// cell) are left out. A record with text after a closing quote, or a quoted cell that is never
/// closed, is kept with a ``Record/defect`` and no cells; reading resumes on the next line (after a
/// cell that never closes, on the line after its opening quote), so one stray quote loses one record,
/// not the rest of the file.
struct CSVTable {
    struct Record {
        /// The physical line the record starts on, counting from 1.
        var line: Int
        var cells: [String]
        /// Why the record is not well-formed CSV, when it is not.
        var defect: String?
    }

    /// The header row's cells.
    let header: [String]
    let headerLine: Int
    /// The records after the header, blank ones left out.
    let records: [Record]

    /// Splits UTF-8 `bytes` (a byte order mark is skipped) into records; the first record with any
    /// text is the header.
    init(bytes: [UInt8], delimiter: UInt8, file: String) throws(StatementError) {
        let start = TextBytes.afterBOM(bytes[...])
        guard String(validating: bytes[start...], as: UTF8.self) != nil else {
            throw .malformed("\(file) is not UTF-8 text: save it as UTF-8 (in a spreadsheet, \"CSV UTF-8\")")
        }
        var all: [Record] = []
        for raw in RecordScan(bytes: bytes, start: start, delimiter: delimiter).records() {
            if let defect = raw.defect {
                all.append(Record(line: raw.line, cells: [], defect: defect))
                continue
            }
            let cells = Self.cells(bytes[raw.range], delimiter: delimiter)
            guard cells.contains(where: { !$0.isEmpty }) else { continue }
            all.append(Record(line: raw.line, cells: cells, defect: nil))
        }
        guard let first = all.first else {
            throw .malformed("\(file) is empty: it needs a header row naming its columns, then one row per line")
        }
        if let defect = first.defect {
            throw .malformed("\(file) line \(first.line): the header row is not valid CSV: \(defect)")
        }
        header = first.cells
        headerLine = first.line
        records = Array(all.dropFirst())
    }

    /// The cells of one record whose quotes the scan has found well-formed: spaces and tabs
    /// around a cell, or around a quoted cell's quotes, are dropped; `""` inside quotes is one
    /// quote, and everything else inside them (delimiters, line breaks, spaces) is text; a quote
    /// inside an unquoted cell is text.
    static func cells(_ bytes: ArraySlice<UInt8>, delimiter: UInt8) -> [String] {
        func isPadding(_ byte: UInt8) -> Bool { (byte == space || byte == tab) && byte != delimiter }
        var cells: [String] = []
        var index = bytes.startIndex
        while true {
            while index < bytes.endIndex, isPadding(bytes[index]) { index += 1 }
            if index < bytes.endIndex, bytes[index] == quote {
                var cell: [UInt8] = []
                index += 1
                while index < bytes.endIndex {
                    let byte = bytes[index]
                    index += 1
                    if byte != quote {
                        cell.append(byte)
                    } else if index < bytes.endIndex, bytes[index] == quote {
                        cell.append(quote)
                        index += 1
                    } else {
                        break
                    }
                }
                // Only padding can follow the closing quote in a record the scan let through.
                while index < bytes.endIndex, bytes[index] != delimiter { index += 1 }
                cells.append(String(decoding: cell, as: UTF8.self))
            } else {
                let start = index
                while index < bytes.endIndex, bytes[index] != delimiter { index += 1 }
                var end = index
                while end > start, isPadding(bytes[end - 1]) { end -= 1 }
                cells.append(String(decoding: bytes[start..<end], as: UTF8.self))
            }
            guard index < bytes.endIndex else { return cells }
            index += 1
        }
    }

    /// The index of the header cell named `name`, ignoring letter case and surrounding space.
    func column(_ name: String) -> Int? {
        let wanted = Self.key(name)
        return header.firstIndex { Self.key($0) == wanted }
    }

    /// The column named `name`, or an error saying the mapping does not fit the file.
    func requiredColumn(_ name: String, file: String, what: String) throws(StatementError) -> Int {
        guard let index = column(name) else {
            let columns = header.map { "\"\($0.prefix(40))\"" }.joined(separator: ", ")
            throw .mapping(
                "\(file) line \(headerLine): the header has no \(what) column \"\(name)\" (its columns are "
                    + "\(columns)); fix the column names in the mapping, or check the delimiter")
        }
        return index
    }

    private static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The one byte a mapping's delimiter stands for, or an error saying it cannot be used.
    static func delimiterByte(_ delimiter: Character) throws(StatementError) -> UInt8 {
        guard let byte = delimiter.asciiValue, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D,
            byte != UInt8(ascii: " ")
        else {
            throw .mapping(
                "the CSV delimiter \"\(delimiter)\" cannot be used: choose one character such as , ; | or a tab")
        }
        return byte
    }
}

/// Finds where the records of a CSV text are and whether their quotes are well-formed.
private struct RecordScan {
    struct Raw {
        var line: Int
        var range: Range<Int>
        var defect: String?
    }

    let bytes: [UInt8]
    let start: Int
    let delimiter: UInt8

    private enum State {
        case cellStart
        case unquoted
        case quoted(openedOn: Int, at: Int)
        case afterQuote
    }

    func records() -> [Raw] {
        var found: [Raw] = []
        var index = start
        var line = 1
        var recordStart = index
        var recordLine = line
        var state = State.cellStart
        func skipLineBreak() {
            guard index < bytes.count else { return }
            if bytes[index] == carriageReturn, index + 1 < bytes.count, bytes[index + 1] == lineFeed { index += 1 }
            index += 1
            line += 1
        }
        /// Ends the record before `index`, past the line break there.
        func endRecord(defect: String? = nil) {
            found.append(Raw(line: recordLine, range: recordStart..<index, defect: defect))
            skipLineBreak()
            recordStart = index
            recordLine = line
            state = .cellStart
        }
        while true {
            guard index < bytes.count else {
                if case .quoted(let opened, let quoteIndex) = state {
                    // Never closed: the record is lost, and reading resumes after the opening quote's line.
                    found.append(
                        Raw(
                            line: recordLine, range: recordStart..<recordStart,
                            defect: "a quoted cell opened on line \(opened) is never closed"))
                    index = quoteIndex
                    line = opened
                    while index < bytes.count, !isLineBreak(bytes[index]) { index += 1 }
                    skipLineBreak()
                    recordStart = index
                    recordLine = line
                    state = .cellStart
                    continue
                }
                if recordStart < bytes.count {
                    found.append(Raw(line: recordLine, range: recordStart..<bytes.count, defect: nil))
                }
                return found
            }
            let byte = bytes[index]
            switch state {
            case .cellStart:
                if byte == quote {
                    state = .quoted(openedOn: line, at: index)
                    index += 1
                } else if isLineBreak(byte) {
                    endRecord()
                } else {
                    if byte != delimiter, !isPadding(byte) { state = .unquoted }
                    index += 1
                }
            case .unquoted:
                if isLineBreak(byte) {
                    endRecord()
                } else {
                    if byte == delimiter { state = .cellStart }
                    index += 1
                }
            case .quoted:
                if byte == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        index += 2
                    } else {
                        state = .afterQuote
                        index += 1
                    }
                } else if isLineBreak(byte) {
                    skipLineBreak()
                } else {
                    index += 1
                }
            case .afterQuote:
                if isLineBreak(byte) {
                    endRecord()
                } else if byte == delimiter {
                    state = .cellStart
                    index += 1
                } else if isPadding(byte) {
                    index += 1
                } else {
                    while index < bytes.count, !isLineBreak(bytes[index]) { index += 1 }
                    endRecord(defect: "a cell has text after its closing quote (a quote inside a cell is written \"\")")
                }
            }
        }
    }

    private func isLineBreak(_ byte: UInt8) -> Bool { byte == lineFeed || byte == carriageReturn }

    private func isPadding(_ byte: UInt8) -> Bool { (byte == space || byte == tab) && byte != delimiter }
}

private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
