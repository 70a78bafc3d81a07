import BankFiles
import Foundation
import TrueUpCore

/// The statement and payout files under `Fixtures/`, which the target excludes.
enum Fixtures {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}

/// Test shorthands.
func money(_ text: String, _ code: String) throws -> Money {
    try Money(parsing: text, currency: Currency(code: code))
}

func date(_ text: String) throws -> LocalDate {
    try LocalDate(iso: text)
}

/// Writes `text` to a new file in `folder` and returns its path.
func write(_ text: String, named name: String, in folder: String) throws -> String {
    let path = folder + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
