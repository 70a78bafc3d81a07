import Foundation
import Logging
import StorefrontKit
import TrueUpCore
import TrueUpTestSupport

/// A feed folder in a temporary folder, with files written as text or bytes.
final class FeedFolder {
    let temporary: TemporaryFolder
    var path: String { temporary.path }

    static let now = Date(timeIntervalSince1970: 1_795_165_200)  // 2026-11-20T09:00:00Z

    init() throws {
        temporary = try TemporaryFolder("csvfeed")
    }

    @discardableResult
    func write(_ name: String, _ text: String, modified: Date? = nil) throws -> String {
        try write(name, bytes: Array(text.utf8), modified: modified)
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8], modified: Date? = nil) throws -> String {
        let file = "\(path)/\(name)"
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        if let modified {
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
        }
        return file
    }

    func storefront(_ configure: (inout CSVFeedSettings) -> Void = { _ in }) throws -> CSVFeedStorefront {
        var settings = CSVFeedSettings(folder: path)
        configure(&settings)
        return try CSVFeedStorefront(settings: settings, logger: Logger(label: "test"), now: { FeedFolder.now })
    }

    /// Reads the stock with the given settings.
    func stock(_ configure: (inout CSVFeedSettings) -> Void = { _ in }) async throws -> StorefrontRead<StockLevel> {
        try await storefront(configure).readStock()
    }

    func names(in folder: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder ?? path).sorted()
    }
}

func level(_ sku: String, _ quantity: String, source: String = "default") throws -> StockLevel {
    StockLevel(sku: sku, source: source, quantity: try Quantity(parsing: quantity))
}

/// The line a problem names: `line 12: …` gives 12.
func lineNumber(_ problem: InputProblem) -> Int? {
    guard problem.message.hasPrefix("line ") else { return nil }
    return Int(problem.message.dropFirst(5).prefix { $0.isNumber })
}

/// `text` as UTF-16 bytes with a byte order mark.
func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}
