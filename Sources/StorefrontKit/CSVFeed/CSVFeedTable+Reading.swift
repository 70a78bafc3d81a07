import CSV
import Foundation
import TrueUpCore

/// Reading with `CSVReader`, which does not say where a record starts or when a quote is out of
/// place.
///
/// Lines are counted: a record starts on the line after the previous record's last line and spans
/// one line more than its cells hold line breaks (LF, CR LF or CR alone). `CSVReader` reads a blank
/// line as a record of one empty cell, so blank lines are counted too.
///
/// Bad quotes are found by comparing a record's cells with its text (see ``firstDropped``), and by
/// the reader reaching the end of its text inside a quoted cell.
extension CSVFeedTable {
    /// A record, and whether it holds no text.
    struct Parsed {
        var record: Record
        var isBlank: Bool
    }

    /// The delimiter the first row with text uses: whichever of `,` `;` tab `|` splits it into the
    /// most cells, `,` on a tie or when none splits it.
    static func sniffDelimiter(_ text: String, file: String) throws(TrueUpError) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
        var best = (delimiter: candidates[0], cells: 0)
        for candidate in candidates {
            let reader = try reader(text, delimiter: candidate, file: file)
            while let cells = reader.next() {
                guard Scan(cells[...], delimiter: candidate).hasText else { continue }
                if cells.count > best.cells { best = (candidate, cells.count) }
                break
            }
        }
        return best.delimiter
    }

    /// Reads every record, a window of lines at a time. After a stray or unclosed quote `CSVReader`
    /// reads on to the end of its text as if the cell were still quoted, so a new reader takes over
    /// on the line after the bad quote; the window keeps that to one window's lines instead of the
    /// rest of the file. A record cut off by the window's end is read again from its first line, in
    /// a window twice as long when the record fills the whole window.
    static func parse(_ text: String, delimiter: UInt8, file: String) throws(TrueUpError) -> [Parsed] {
        let bytes = Array(text.utf8)
        let lines = LineStarts(bytes)
        var parsed: [Parsed] = []
        var first = 1
        var size = windowLines
        while first <= lines.count {
            let windowEnd = lines.start(of: first + size)
            let window = bytes[lines.start(of: first)..<windowEnd]
            // A record of `endMark` alone is read last, unless the window ends inside a quoted cell.
            let endsLine = window.last.map { $0 == lineFeed || $0 == carriageReturn } ?? true
            let ending = endsLine ? endMark : "\n" + endMark
            let reader = try reader(String(decoding: window, as: UTF8.self) + ending, delimiter: delimiter, file: file)
            var line = first
            var next = reader.next()
            var finished = false
            while var cells = next {
                next = reader.next()
                let atEnd = next == nil
                if atEnd {
                    if cells == [endMark] {
                        finished = windowEnd == bytes.count
                        break
                    }
                    // The window ended inside the last cell, which holds the rest of the window.
                    let last = cells.count - 1
                    let kept = max(0, cells[last].utf8.count - ending.utf8.count)
                    cells[last] = String(decoding: cells[last].utf8.prefix(kept), as: UTF8.self)
                }
                let scan = Scan(cells[...], delimiter: delimiter)
                if atEnd || scan.hasQuote {
                    let start = lines.start(of: line)
                    let end = atEnd ? windowEnd : lines.start(of: line + 1 + scan.lineBreaks)
                    if let dropped = firstDropped(bytes[start..<end], from: cells, delimiter: delimiter) {
                        let defect = "cell \(dropped.cell + 1) has text after its closing quote"
                        let record = Record(line: line, cells: Array(cells[..<dropped.cell]), defect: defect)
                        parsed.append(Parsed(record: record, isBlank: false))
                        line = lines.line(at: dropped.offset) + 1
                        break
                    }
                }
                // A quoted cell that goes on past the window is read again in the next one.
                if atEnd, windowEnd < bytes.count { break }
                if atEnd {
                    let opened = line + Scan(cells.dropLast(), delimiter: delimiter).lineBreaks
                    let defect = "a quoted cell opened on line \(opened) is never closed"
                    let record = Record(line: line, cells: Array(cells.dropLast()), defect: defect)
                    parsed.append(Parsed(record: record, isBlank: false))
                    line = opened + 1
                    break
                }
                parsed.append(Parsed(record: Record(line: line, cells: cells, defect: nil), isBlank: !scan.hasText))
                line += 1 + scan.lineBreaks
            }
            if finished { break }
            if line > first {
                first = line
                size = windowLines
            } else {
                size *= 2
            }
        }
        return parsed
    }

    private static func reader(_ text: String, delimiter: UInt8, file: String) throws(TrueUpError) -> CSVReader {
        do {
            return try CSVReader(
                string: text, trimFields: true, delimiter: UnicodeScalar(delimiter), whitespaces: padding)
        } catch {
            throw .badInput("\(file) cannot be read as CSV: \(error)")
        }
    }

    /// Where the text of a record, `raw`, has something that `CSVReader` left out of its `cells`, and
    /// in which cell. That happens after a quote that closes a cell and is followed by more text: the
    /// reader keeps the quote, drops the padding and the character after it (a quote there reads as
    /// an escaped quote) and reads on as if the cell were still quoted. So `"A"x,1` reads as the
    /// single cell `A",1`, and `"A" "B"` as `A"B`.
    ///
    /// Leaving its quotes out, the text of a well-formed record is, for each cell, padding, the
    /// cell's text (padding in it included) and padding again, with the delimiter between cells and
    /// a line break after the last one.
    private static func firstDropped(
        _ raw: ArraySlice<UInt8>, from cells: [String], delimiter: UInt8
    ) -> (offset: Int, cell: Int)? {
        var index = raw.startIndex
        func skip(_ skipped: (UInt8) -> Bool) {
            while index < raw.endIndex, skipped(raw[index]) { index += 1 }
        }
        func skipPadding() { skip { isPadding($0, delimiter: delimiter) } }
        func skipQuotes() { skip { $0 == quote } }
        func mismatch(_ cell: Int) -> (offset: Int, cell: Int) {
            (max(raw.startIndex, min(index, raw.endIndex - 1)), cell)
        }
        for (position, cell) in cells.enumerated() {
            if position > 0 {
                guard index < raw.endIndex, raw[index] == delimiter else { return mismatch(position - 1) }
                index += 1
            }
            skipPadding()
            for byte in cell.utf8 where byte != quote {
                skipQuotes()
                guard index < raw.endIndex, raw[index] == byte else { return mismatch(position) }
                index += 1
            }
            skipQuotes()
            skipPadding()
        }
        while index < raw.endIndex {
            guard raw[index] == lineFeed || raw[index] == carriageReturn else { return mismatch(cells.count - 1) }
            index += 1
        }
        return nil
    }

    /// What the cells of a record hold, found in one pass over their bytes.
    private struct Scan {
        /// LF, CR LF and CR alone count one each.
        var lineBreaks = 0
        var hasQuote = false
        /// Whether a cell holds anything but padding.
        var hasText = false

        init(_ cells: ArraySlice<String>, delimiter: UInt8) {
            for var cell in cells {
                cell.withUTF8 { bytes in
                    var afterCarriageReturn = false
                    for byte in bytes {
                        if byte == carriageReturn || (byte == lineFeed && !afterCarriageReturn) { lineBreaks += 1 }
                        afterCarriageReturn = byte == carriageReturn
                        if byte == quote { hasQuote = true }
                        if !hasText, !isPadding(byte, delimiter: delimiter) { hasText = true }
                    }
                }
            }
        }
    }

    /// Space, and tab unless it is the delimiter: what `CSVReader` trims around cells.
    private static func isPadding(_ byte: UInt8, delimiter: UInt8) -> Bool {
        (byte == space || byte == tab) && byte != delimiter
    }

    /// `CSVReader` takes the delimiter out of these.
    private static let padding = CharacterSet(charactersIn: " \t")
    /// A text that is a cell of its own for every delimiter and that no feed needs.
    private static let endMark = "\u{FFFF}"
    /// The lines a reader is given at first.
    private static let windowLines = 16
}

/// Where each physical line of a text starts: after LF, CR LF, or a CR alone.
private struct LineStarts {
    private var starts: [Int] = [0]
    private let end: Int

    init(_ bytes: [UInt8]) {
        end = bytes.count
        bytes.withUnsafeBufferPointer { bytes in
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == lineFeed
                    || (byte == carriageReturn && (index + 1 == bytes.count || bytes[index + 1] != lineFeed))
                {
                    starts.append(index + 1)
                }
            }
        }
    }

    /// The number of lines; a text that ends with a line break has an empty line after it.
    var count: Int { starts.count }

    /// The offset line `line` (counting from 1) starts at; the end of the text past the last line.
    func start(of line: Int) -> Int { line <= starts.count ? starts[line - 1] : end }

    /// The line that holds the byte at `offset`.
    func line(at offset: Int) -> Int {
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle } else { high = middle }
        }
        return low + 1
    }
}

private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
