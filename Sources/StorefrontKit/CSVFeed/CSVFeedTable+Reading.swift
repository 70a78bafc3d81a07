import CSV
import Foundation
import TrueUpCore

extension CSVFeedTable {
    /// A record, and whether it holds no text.
    struct Parsed {
        var record: Record
        var isBlank: Bool
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
            let ending = window.last.map { $0 == lineFeed || $0 == carriageReturn } ?? true ? endMark : "\n" + endMark
            let reader = try reader(String(decoding: window, as: UTF8.self) + ending, delimiter: delimiter, file: file)
            var line = first
            var next = reader.next()
            while var cells = next {
                next = reader.next()
                let atEnd = next == nil
                if atEnd {
                    if cells == [endMark] { break }
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
                if atEnd, windowEnd < bytes.count {
                    if line == first { size *= 2 }
                    break
                }
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
            if windowEnd == bytes.count, next == nil, line < first + size, parsed.last?.record.line ?? 0 < first {
            }
            if line == first, windowEnd == bytes.count { break }
            if line > first { size = windowLines }
            first = line
        }
        return parsed
    }
}
