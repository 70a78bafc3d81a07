extension CSVTable {
    /// Why `record` cannot be read as a row of this table, or `nil` when it can: it is not
    /// well-formed CSV, or it has not as many cells as the header.
    func rowProblem(_ record: Record) -> CellProblem? {
        if let defect = record.defect { return CellProblem(defect) }
        guard record.cells.count == header.count else {
            return CellProblem(
                "it has \(record.cells.count) cells where the header has \(header.count) (a cell with the "
                    + "delimiter in it must be in quotes)")
        }
        return nil
    }
}
