import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("CSV feed: a 100,000-row round trip")
struct CSVFeedLargeFileTests {
    static let rows = 100_000
    static let badRow = 50_000

    /// Row `index`'s quantity: whole, fractional and negative values in turn.
    static func quantity(_ index: Int) -> Quantity {
        switch index % 4 {
        case 0: Quantity(units: Int64(index))
        case 1: Quantity(ticks: Int64(index) * 10_000 + 2_500)
        case 2: Quantity(ticks: Int64(index % 10_000))
        default: Quantity(units: -Int64(index % 50))
        }
    }

    static func source(_ index: Int) -> String { index % 3 == 0 ? "north" : "default" }

    @Test func aLargeStockFileIsReadExactlyAndItsCorrectionsReadBack() async throws {
        let feed = try FeedFolder()
        var lines = ["sku,quantity,source"]
        lines.reserveCapacity(Self.rows + 1)
        for index in 0..<Self.rows {
            let quantity = index == Self.badRow ? "12..5" : Self.quantity(index).description
            lines.append("SKU-\(index),\(quantity),\(Self.source(index))")
        }
        try feed.write("stock.csv", lines.joined(separator: "\n") + "\n")

        let storefront = try feed.storefront { $0.wholeUnits = false }
        let read = try await storefront.readStock()
        #expect(read.records.count == Self.rows - 1)
        var expected: [StockLevel] = []
        expected.reserveCapacity(Self.rows)
        for index in 0..<Self.rows where index != Self.badRow {
            expected.append(StockLevel(sku: "SKU-\(index)", source: Self.source(index), quantity: Self.quantity(index)))
        }
        #expect(read.records == expected)
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        // The header is line 1, so row N is on line N + 2.
        #expect(lineNumber(problem) == Self.badRow + 2)
        #expect(problem.subject == .sku("SKU-\(Self.badRow)"))

        let writes =
            expected.enumerated().map { position, level in
                StockWrite(
                    correctionID: "correction-\(position)", sku: level.sku, source: level.source,
                    quantity: level.quantity, observed: .zero)
            } + [
                StockWrite(
                    correctionID: "correction-last", sku: "SKU-\(Self.badRow)", source: "default", quantity: .zero,
                    observed: .zero)
            ]
        let results = try await storefront.writeStock(writes)
        #expect(results.count == Self.rows)
        #expect(results.allSatisfy { $0 == .awaitingConfirmation })

        let corrections = try feed.storefront {
            $0.folder = "\(feed.path)/outbox"
            $0.stockFile = "stock-corrections-*.csv"
        }
        let back = try await corrections.readStock()
        #expect(back.problems.isEmpty)
        #expect(back.records == writes.map { StockLevel(sku: $0.sku, source: $0.source, quantity: $0.quantity) })
    }
}
