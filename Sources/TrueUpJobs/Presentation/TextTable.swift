/// Columns of text for a terminal: a header and rows, each column as wide as its widest cell up to
/// `maximumWidth` (longer cells are clipped with `…`), two spaces between columns, numbers
/// right-aligned, no trailing space. A free last column (a message) is neither clipped nor padded.
struct TextTable {
    var headers: [String]
    var rightAligned: Set<Int> = []
    var maximumWidth = 40
    var freeLastColumn = false

    func render(_ rows: [[String]]) -> [String] {
        let last = headers.count - 1
        let clipped = ([headers] + rows).map { row in
            row.enumerated().map { column, cell in
                guard cell.count > maximumWidth, !(freeLastColumn && column == last) else { return cell }
                return String(cell.prefix(maximumWidth - 1)) + "…"
            }
        }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in clipped {
            for (column, cell) in row.enumerated() where !(freeLastColumn && column == last) {
                widths[column] = max(widths[column], cell.count)
            }
        }
        return clipped.map { row in
            var line = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
