import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("CSV feed: writing stock corrections")
struct CSVFeedCorrectionsTests {
    static func write(
        _ id: String, _ sku: String, _ quantity: String, was observed: String, at source: String = "default"
    )
        throws -> StockWrite
    {
        StockWrite(
            correctionID: id, sku: sku, source: source, quantity: try Quantity(parsing: quantity),
            observed: try Quantity(parsing: observed))
    }

    static let firstName = "stock-corrections-20261120T090000Z.csv"

    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    @Test func theFileIsRFC4180WithEveryCellWrittenExactly() async throws {
        let feed = try FeedFolder()
        let storefront = try feed.storefront { $0.wholeUnits = false }
        let results = try await storefront.writeStock([
            try Self.write("c1", "MUG", "12", was: "10"),
            try Self.write("c2", "=HYPERLINK(\"http://x\")", "0", was: "3", at: "north"),
            try Self.write("c3", "-TEE", "5", was: "-1", at: "@south"),
            try Self.write("c4", "A,B", "2.5", was: "1"),
            try Self.write("c5", "+1", "1", was: "0.0001", at: "\tx"),
            try Self.write("c6", "CUP ", "-3", was: "0", at: "line\nbreak"),
        ])
        #expect(results == Array(repeating: .awaitingConfirmation, count: 6))
        let outbox = "\(feed.path)/outbox"
        #expect(try feed.names(in: outbox) == [Self.firstName])
        let expected = [
            "sku,source,quantity,previous_quantity,correction_id",
            "MUG,default,12,10,c1",
            "\"=HYPERLINK(\"\"http://x\"\")\",north,0,3,c2",
            "-TEE,@south,5,-1,c3",
            "\"A,B\",default,2.5,1,c4",
            "+1,\"\tx\",1,0.0001,c5",
            "\"CUP \",\"line\nbreak\",-3,0,c6",
        ].map { $0 + "\r\n" }.joined()
        #expect(try contents("\(outbox)/\(Self.firstName)") == expected)
        #expect(storefront.calls == CallTally(made: 1, lowerBound: 1))
    }

    @Test(arguments: [
        ("-TEE", "-TEE"), ("=TEE", "=TEE"), ("+TEE", "+TEE"), ("@TEE", "@TEE"),
        ("=SUM(A1,\"B\")", "\"=SUM(A1,\"\"B\"\")\""),
    ])
    func aSKUThatStartsLikeAFormulaIsWrittenExactlyAndReadBack(sku: String, cell: String) async throws {
        let feed = try FeedFolder()
        let storefront = try feed.storefront()
        let write = try Self.write("c1", sku, "7", was: "-2", at: "@north")
        #expect(try await storefront.writeStock([write]) == [.awaitingConfirmation])
        let outbox = "\(feed.path)/outbox"
        #expect(try contents("\(outbox)/\(Self.firstName)").hasSuffix("\r\n\(cell),@north,7,-2,c1\r\n"))

        let corrections = try feed.storefront {
            $0.folder = outbox
            $0.stockFile = "stock-corrections-*.csv"
        }
        let back = try await corrections.readStock()
        #expect(back.problems.isEmpty)
        #expect(back.records == [try level(sku, "7", source: "@north")])
        // Its correction id is read back too, so sending it again writes nothing.
        #expect(try await storefront.writeStock([write]) == [.awaitingConfirmation])
        #expect(try feed.names(in: outbox) == [Self.firstName])
    }

    @Test func aCorrectionSentAgainIsNotWrittenAgain() async throws {
        let feed = try FeedFolder()
        let storefront = try feed.storefront()
        let outbox = "\(feed.path)/outbox"
        _ = try await storefront.writeStock([try Self.write("c1", "MUG", "12", was: "10")])

        // A run cut short sends c1 again, with a new correction.
        let again = try await storefront.writeStock([
            try Self.write("c1", "MUG", "12", was: "10"), try Self.write("c2", "TEE", "3", was: "4"),
        ])
        #expect(again == [.awaitingConfirmation, .awaitingConfirmation])
        // Named a second later than the first, so that the names sort in the order written.
        let second = "stock-corrections-20261120T090001Z.csv"
        #expect(try feed.names(in: outbox) == [Self.firstName, second])
        #expect(try contents("\(outbox)/\(second)").hasSuffix("\r\nTEE,default,3,4,c2\r\n"))

        // The shop may move what it imported into a folder below; nothing new means no new file.
        try FileManager.default.createDirectory(atPath: "\(outbox)/imported", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: "\(outbox)/\(Self.firstName)", toPath: "\(outbox)/imported/first.csv")
        try FileManager.default.moveItem(
            atPath: "\(outbox)/\(second)", toPath: "\(outbox)/imported/stock-corrections-old.csv")
        let third = try await storefront.writeStock([try Self.write("c2", "TEE", "3", was: "4")])
        #expect(third == [.awaitingConfirmation])
        #expect(try feed.names(in: outbox) == ["imported"])
        // first.csv is no longer named as a corrections file, so c1 would be written again.
        let fourth = try await storefront.writeStock([try Self.write("c1", "MUG", "12", was: "10")])
        #expect(fourth == [.awaitingConfirmation])
        #expect(try feed.names(in: outbox) == ["imported", Self.firstName])
    }

    @Test func theFileAppearsWholeAndLeftoversAreCleared() async throws {
        let feed = try FeedFolder()
        let outbox = "\(feed.path)/outbox"
        try feed.write("outbox/.stock-corrections-20261119T090000Z.csv.partial", "sku,source\nHALF")
        let storefront = try feed.storefront()
        _ = try await storefront.writeStock([try Self.write("c1", "MUG", "12", was: "10")])
        #expect(try feed.names(in: outbox) == [Self.firstName])
    }

    @Test func fractionalWritesAreRefusedForAShopOfWholeUnits() async throws {
        let feed = try FeedFolder()
        let storefront = try feed.storefront()
        let results = try await storefront.writeStock([
            try Self.write("c1", "MUG", "2.5", was: "1"), try Self.write("c2", "TEE", "3", was: "1"),
        ])
        guard case .rejected(let reason) = results[0] else {
            Issue.record("expected a rejection, got \(results[0])")
            return
        }
        #expect(reason.contains("whole units"))
        #expect(results[1] == .awaitingConfirmation)
        #expect(try contents("\(feed.path)/outbox/\(Self.firstName)").contains("TEE,default,3,1,c2"))
        #expect(!(try contents("\(feed.path)/outbox/\(Self.firstName)").contains("MUG")))
    }

    @Test func anOutputThatCannotBeWrittenFailsTheWritesForTheNextRun() async throws {
        let feed = try FeedFolder()
        try feed.write("blocked", "a file where the folder should be")
        let storefront = try feed.storefront { $0.output = "\(feed.path)/blocked" }
        let results = try await storefront.writeStock([try Self.write("c1", "MUG", "12", was: "10")])
        guard case .failed(let reason) = results.first else {
            Issue.record("expected a failure, got \(results)")
            return
        }
        #expect(reason.contains("\(feed.path)/blocked"))
    }
}
