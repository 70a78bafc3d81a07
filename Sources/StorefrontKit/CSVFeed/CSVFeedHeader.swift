import Foundation
import TrueUpCore

/// Finds the settings' columns in a file's header row, compared without regard to letter case or
/// surrounding spaces. Every missing column is collected, so that one error lists them all next to
/// the columns the file has.
struct CSVFeedHeader {
    let file: String
    let table: CSVFeedTable
    /// The settings section the columns come from: `columns.stock`.
    let section: String
    private let positions: [String: [Int]]
    private var missing: [String] = []
    private var repeated: [String] = []

    init(_ table: CSVFeedTable, file: String, section: String) {
        self.table = table
        self.file = file
        self.section = section
        var positions: [String: [Int]] = [:]
        for (position, name) in table.header.enumerated() {
            positions[Self.key(name), default: []].append(position)
        }
        self.positions = positions
    }

    /// The position of a column the file must have.
    mutating func required(_ name: String) -> Int {
        if let position = find(name) { return position }
        missing.append(name)
        return -1
    }

    /// The position of an optional column: the one configured, which must then be there, or else
    /// the conventional name when the file has it.
    mutating func optional(_ configured: String?, conventional: String) -> Int? {
        if let configured { return required(configured) }
        return find(conventional)
    }

    /// Throws when a column is missing or appears more than once.
    func check() throws(TrueUpError) {
        if !missing.isEmpty {
            let found = table.header.prefix(40).map { "\"\($0)\"" }.joined(separator: ", ")
            let plural = missing.count == 1 ? "column" : "columns"
            throw .badInput(
                "\(file) line \(table.headerLine): the header has no \(plural) \(missing.joined(separator: ", ")) "
                    + "(its columns are \(found.isEmpty ? "none" : found)); name the file's columns under "
                    + "\(section) in the feed settings")
        }
        if let name = repeated.first {
            throw .badInput(
                "\(file) line \(table.headerLine): the header has the column \(name) more than once, so which one "
                    + "holds the values is unclear; rename or remove the extra one")
        }
    }

    private mutating func find(_ name: String) -> Int? {
        guard let found = positions[Self.key(name)] else { return nil }
        if found.count > 1, !repeated.contains(name) { repeated.append(name) }
        return found.first
    }

    private static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
