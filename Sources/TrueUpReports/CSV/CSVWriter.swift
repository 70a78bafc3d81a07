/// Writes one CSV report row by row: RFC 4180, UTF-8 without a BOM, CRLF line endings, a header row.
///
/// A field is quoted when it contains `,`, `"`, CR or LF, with quotes doubled. Text cells that a
/// spreadsheet would run as a formula are neutralised (see ``CSVCell``). Memory stays flat for millions
/// of rows: bytes go to disk every 64 KiB. The file appears at `path` only when ``close()`` succeeds;
/// until then it is `path + ".partial"`, which a writer dropped without `close()` removes.
///
/// ```swift
/// let csv = try CSVWriter(path: "reports/out/demo/2026-11/inventory.csv", header: ["sku", "xero_qoh"])
/// try csv.writeRow([.text("MUG-01"), .number("12.0000")])
/// try csv.close()
/// ```
public final class CSVWriter {
    /// The column names, written as the first row.
    public let header: [String]
    private let sink: ByteSink
    private var rowCount = 0
    private var closed = false

    /// Starts a report at `path`, creating `path + ".partial"` and writing the header row.
    /// Throws a ``ReportError`` naming the path when the file cannot be created.
    public convenience init(path: String, header: [String]) throws {
        self.init(sink: try ByteSink(path: path), header: header)
    }

    /// A writer that keeps everything in memory; read ``contents`` after ``close()``. For tests.
    public static func inMemory(header: [String]) -> CSVWriter {
        CSVWriter(sink: ByteSink(), header: header)
    }

    private init(sink: ByteSink, header: [String]) {
        self.sink = sink
        self.header = header
        appendLine(header.map(CSVCell.text))
    }

    /// The whole document of an in-memory writer once closed; `nil` for a file writer or before ``close()``.
    public var contents: String? {
        sink.contents.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends one row. Throws, writing nothing, when the row is not as wide as the header or a number
    /// cell is not a plain decimal; throws when the disk refuses the bytes.
    public func writeRow(_ cells: [CSVCell]) throws {
        guard !closed else {
            throw ReportError.misuse("cannot write \(sink.displayPath): a row was written after close()")
        }
        let row = rowCount + 1
        guard cells.count == header.count else {
            throw ReportError.misuse(
                "cannot write \(sink.displayPath): row \(row) has \(cells.count) cells but the header has "
                    + "\(header.count) columns (a bug in TrueUp; please report it)"
            )
        }
        for (column, cell) in zip(header, cells) {
            if case .number(let value) = cell, !Self.isPlainDecimal(value) {
                throw ReportError.misuse(
                    "cannot write \(sink.displayPath): row \(row), column \(column): '\(value)' is not a plain "
                        + "decimal number (a bug in TrueUp; please report it)"
                )
            }
        }
        appendLine(cells)
        rowCount = row
        try sink.flushIfFull()
    }

    /// Writes what is buffered and moves the file into place at `path`. Closing twice does nothing.
    public func close() throws {
        closed = true
        try sink.commit()
    }

    private func appendLine(_ cells: [CSVCell]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { sink.append(Byte.comma) }
            switch cell {
            case .empty:
                break
            case .number(let value):
                appendBytes(value)
            case .text(let value):
                appendText(value)
            }
        }
        sink.append(Byte.carriageReturn)
        sink.append(Byte.lineFeed)
    }

    /// Appends `value`'s UTF-8 in one copy.
    private func appendBytes(_ value: String) {
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { sink.append(UnsafeRawBufferPointer($0)) }
        if copied == nil { sink.append(value.utf8) }
    }

    private func appendText(_ value: String) {
        // Most text needs neither quotes nor neutralising: that goes in one copy after one scan.
        let plain = value.utf8.withContiguousStorageIfAvailable { utf8 in
            guard let first = utf8.first, !Byte.startsFormula(first), !utf8.contains(where: Byte.needsQuoting) else {
                return false
            }
            sink.append(UnsafeRawBufferPointer(utf8))
            return true
        }
        if plain == true { return }
        let utf8 = value.utf8
        guard let first = utf8.first else { return }
        let neutralise = Byte.startsFormula(first)
        let quote = utf8.contains(where: Byte.needsQuoting)
        if quote { sink.append(Byte.quote) }
        if neutralise { sink.append(Byte.apostrophe) }
        if quote {
            for byte in utf8 {
                if byte == Byte.quote { sink.append(Byte.quote) }
                sink.append(byte)
            }
            sink.append(Byte.quote)
        } else {
            sink.append(utf8)
        }
    }

    /// `-?[0-9]+(\.[0-9]+)?`: what a spreadsheet reads as a number and nothing else.
    private static func isPlainDecimal(_ value: String) -> Bool {
        let checked = value.utf8.withContiguousStorageIfAvailable(isPlainDecimal)
        return checked ?? Array(value.utf8).withUnsafeBufferPointer(isPlainDecimal)
    }

    private static func isPlainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == Byte.minus { index += 1 }
        let integerStart = index
        while index < bytes.count, Byte.isDigit(bytes[index]) { index += 1 }
        guard index > integerStart else { return false }
        guard index < bytes.count else { return true }
        guard bytes[index] == Byte.point else { return false }
        index += 1
        let fractionStart = index
        while index < bytes.count, Byte.isDigit(bytes[index]) { index += 1 }
        return index > fractionStart && index == bytes.count
    }

    private enum Byte {
        static let comma = UInt8(ascii: ",")
        static let quote = UInt8(ascii: "\"")
        static let apostrophe = UInt8(ascii: "'")
        static let carriageReturn = UInt8(ascii: "\r")
        static let lineFeed = UInt8(ascii: "\n")
        static let minus = UInt8(ascii: "-")
        static let point = UInt8(ascii: ".")

        static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

        /// A first byte that makes a spreadsheet treat a cell as a formula: `=` `+` `-` `@` tab CR.
        static func startsFormula(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "="), UInt8(ascii: "+"), minus, UInt8(ascii: "@"), UInt8(ascii: "\t"), carriageReturn:
                true
            default:
                false
            }
        }

        /// A byte that RFC 4180 only allows inside a quoted field.
        static func needsQuoting(_ byte: UInt8) -> Bool {
            byte == comma || byte == quote || byte == carriageReturn || byte == lineFeed
        }
    }
}
