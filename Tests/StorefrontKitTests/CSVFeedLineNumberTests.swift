import StorefrontKit
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("CSV feed: line numbers")
struct CSVFeedLineNumberTests {
    /// A seeded stock file, and what reading it must give.
    struct SeededFile {
        var text = ""
        var levels: [StockLevel] = []
        var problems: [String] = []

        /// Rows with padded and quoted cells, notes over many lines (some longer than a reader's
        /// window), blank lines, unreadable quantities and stray quotes, each row's line counted
        /// as it is written.
        init(seed: UInt64, lineEnd: String) {
            var random = SplitMix64(seed: seed)
            let breaks = ["\n", "\r\n", "\r"]
            let words = ["word", "two words", "a,b", "say \"\"hi\"\"", "naïve", " "]
            text = "sku,quantity,note" + lineEnd
            var line = 2
            for index in 0..<400 {
                if Int.random(in: 0..<10, using: &random) == 0 {
                    text += (["", "  ", ",,"].randomElement(using: &random) ?? "") + lineEnd
                    line += 1
                }
                let sku = "S\(index)"
                var note = "plain"
                var noteBreaks = 0
                let roll = Int.random(in: 0..<100, using: &random)
                if roll < 4 {
                    text += "\"\(sku)\"x,1,\(note)" + lineEnd
                    problems.append("unknown \(line)")
                    line += 1
                    continue
                }
                if roll < 60 {
                    let count =
                        roll < 8 ? Int.random(in: 70...150, using: &random) : Int.random(in: 1...4, using: &random)
                    var parts: [String] = []
                    for _ in 0..<count { parts.append(words.randomElement(using: &random) ?? "") }
                    note = parts[0]
                    for part in parts.dropFirst() { note += (breaks.randomElement(using: &random) ?? "\n") + part }
                    noteBreaks = count - 1
                    note = " \"" + note + "\" "
                }
                let skuCell = ["\(sku)", "  \(sku) ", " \"\(sku)\"\t"].randomElement(using: &random) ?? sku
                let readable = Int.random(in: 0..<12, using: &random) != 0
                text += "\(skuCell),\(readable ? "\(index)" : "x"),\(note)" + lineEnd
                if readable {
                    levels.append(StockLevel(sku: sku, source: "default", quantity: Quantity(units: Int64(index))))
                } else {
                    problems.append("sku(\"\(sku)\") \(line)")
                }
                line += 1 + noteBreaks
            }
        }
    }

    @Test(arguments: ["\n", "\r\n", "\r"], [UInt64(1), 2, 3])
    func everyRowAndProblemIsOnItsPhysicalLine(lineEnd: String, seed: UInt64) async throws {
        let file = SeededFile(seed: seed, lineEnd: lineEnd)
        let feed = try FeedFolder()
        try feed.write("stock.csv", file.text)
        let read = try await feed.stock()
        #expect(read.records == file.levels)
        #expect(read.problems.map { "\($0.subject) \(lineNumber($0) ?? 0)" } == file.problems)
    }
}
