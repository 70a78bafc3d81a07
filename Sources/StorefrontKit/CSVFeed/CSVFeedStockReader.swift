import TrueUpCore

/// Reads a stock file: a header, then one row per SKU and source.
///
/// Every row that can be read is kept. A row that cannot — not valid CSV, more or fewer cells than
/// the header, an empty SKU, a quantity that is not an exact decimal — is a problem naming its
/// line, about its SKU (`.unknown` when it has none). A SKU and source on more than one row keep
/// every copy out, with one problem naming their lines: which quantity is current cannot be known.
enum CSVFeedStockReader {
    static func read(
        _ table: CSVFeedTable, file: String, settings: CSVFeedSettings
    ) throws(TrueUpError) -> (levels: [StockLevel], problems: [InputProblem]) {
        var header = CSVFeedHeader(table, file: file, section: "columns.stock")
        let columns = settings.columns.stock
        let skuColumn = header.required(columns.sku)
        let quantityColumn = header.required(columns.quantity)
        let sourceColumn = header.optional(columns.source, conventional: "source")
        try header.check()

        let quantities = CSVFeedQuantities(settings: settings, delimiter: table.delimiter)
        let width = table.header.count
        var levels: [StockLevel] = []
        levels.reserveCapacity(table.records.count)
        var problems: [InputProblem] = []
        /// The line each key was first seen on.
        var firstSeen: [Key: Int] = [:]
        firstSeen.reserveCapacity(table.records.count)
        var repeats: [Key: [Int]] = [:]
        var repeatOrder: [Key] = []

        for record in table.records {
            let cells = record.cells
            let sku = skuColumn < cells.count ? cells[skuColumn] : ""
            let subject: InputProblem.Subject = sku.isEmpty ? .unknown : .sku(sku)
            func problem(_ message: String) {
                problems.append(
                    InputProblem(source: file, subject: subject, message: "line \(record.line): \(message)"))
            }
            if let defect = record.defect {
                problem("\(defect); the row is not used")
                continue
            }
            guard cells.count == width else {
                problem(
                    "the row has \(cells.count) cells where the header has \(width) (a cell with the delimiter in "
                        + "it must be in quotes); the row is not used")
                continue
            }
            guard !sku.isEmpty else {
                problem("the sku is empty; the row is not used")
                continue
            }
            let sourceCell = sourceColumn.map { cells[$0] } ?? ""
            let key = Key(sku: sku, source: sourceCell.isEmpty ? settings.source : sourceCell)
            switch quantities.parse(cells[quantityColumn]) {
            case .success(let quantity):
                levels.append(StockLevel(sku: key.sku, source: key.source, quantity: quantity))
            case .failure(let error):
                problem("quantity \"\(cells[quantityColumn].prefix(40))\" \(error.message)")
            }
            if let first = firstSeen[key] {
                if repeats[key] == nil {
                    repeats[key] = [first]
                    repeatOrder.append(key)
                }
                repeats[key, default: []].append(record.line)
            } else {
                firstSeen[key] = record.line
            }
        }
        guard !repeatOrder.isEmpty else { return (levels, problems) }
        for key in repeatOrder {
            let lines = repeats[key] ?? []
            let times = lines.count == 2 ? "twice" : "\(lines.count) times"
            problems.append(
                InputProblem(
                    source: file, subject: .sku(key.sku),
                    message:
                        "lines \(listed(lines.map(String.init))): sku \"\(key.sku)\" at source \"\(key.source)\" "
                        + "appears \(times); none of these quantities is used"))
        }
        let kept = levels.filter { repeats[Key(sku: $0.sku, source: $0.source)] == nil }
        return (kept, problems)
    }

    /// A stock row's identity.
    private struct Key: Hashable {
        let sku: String
        let source: String
    }
}
