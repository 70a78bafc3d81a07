import Foundation
import StorefrontKit
import Testing
import TrueUpCore

@Suite("CSV feed: reading the stock file")
struct CSVFeedStockTests {
    @Test(arguments: [",", ";", "\t", "|"])
    func findsTheDelimiterInTheHeaderLine(delimiter: String) async throws {
        let feed = try FeedFolder()
        let rows = [["sku", "quantity", "source"], ["MUG-BLUE", "12", "default"], ["TEE-M", "0", "wellington"]]
        try feed.write("stock.csv", rows.map { $0.joined(separator: delimiter) }.joined(separator: "\n") + "\n")
        let read = try await feed.stock()
        #expect(read.problems.isEmpty)
        #expect(read.records == [try level("MUG-BLUE", "12"), try level("TEE-M", "0", source: "wellington")])
        #expect(read.calls == CallTally(made: 1, lowerBound: 1))
    }

    @Test func anExplicitDelimiterIsUsedAsGiven() async throws {
        let feed = try FeedFolder()
        // Sniffing would take the comma (a tie goes to it), but the settings say semicolon.
        try feed.write("stock.csv", "sku;quantity;note (a,b,c)\nA;1;x,y,z\n")
        let read = try await feed.stock {
            $0.delimiter = .semicolon
            $0.decimalSeparator = .point
        }
        #expect(read.records == [try level("A", "1")])
    }

    @Test func delimitersInQuotedHeaderCellsDoNotCount() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", "\"Item; code\",\"Stock; on hand\",note\n\"A;1\",5,x\n")
        let read = try await feed.stock {
            $0.columns.stock = CSVFeedSettings.StockColumns(sku: "item; code", quantity: "STOCK; ON HAND")
        }
        #expect(read.problems.isEmpty)
        #expect(read.records == [try level("A;1", "5")])
    }

    @Test func quotedCellsMayHoldDelimitersQuotesAndLineBreaks() async throws {
        let feed = try FeedFolder()
        let text = [
            "sku,quantity,note",  // 1
            "\"A,1\",1,\"two",  // 2
            "lines\"",  // 3
            "\"B \"\"quoted\"\"\",2,\"three\r\nlines",  // 4, 5
            "here\"",  // 6
            "C,x,plain",  // 7: bad quantity
            "D,4,\"\"",  // 8
        ].joined(separator: "\n")
        try feed.write("stock.csv", text)
        let read = try await feed.stock()
        #expect(read.records == [try level("A,1", "1"), try level("B \"quoted\"", "2"), try level("D", "4")])
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        #expect(lineNumber(problem) == 7)
        #expect(problem.subject == .sku("C"))
        #expect(problem.source == "\(feed.path)/stock.csv")
    }

    @Test func malformedRowsAreReportedByLineAndTheOthersKept() async throws {
        let feed = try FeedFolder()
        let text = [
            "sku,quantity",  // 1
            "GOOD-1,1",  // 2
            "BAD-QTY,abc",  // 3
            ",7",  // 4
            "EXTRA,1,2",  // 5
            "",  // 6: blank
            "GOOD-2,2.5",  // 7
            "FRACTION,0.00001",  // 8
            "\"TRAILING\"x,3",  // 9
            ",,",  // 10: an empty sheet row
            "SHORT",  // 11
            "GOOD-3,-2",  // 12
            "HUGE,1e30",  // 13
            "GOOD-4,1.25e2",  // 14
        ].joined(separator: "\r\n")
        try feed.write("stock.csv", text)
        let read = try await feed.stock()
        #expect(
            read.records == [
                try level("GOOD-1", "1"), try level("GOOD-2", "2.5"), try level("GOOD-3", "-2"),
                try level("GOOD-4", "125"),
            ])
        let found = read.problems.map { ($0.subject, lineNumber($0)) }
        // A row with a stray quote keeps only the cells before the bad one, here none.
        let expected: [(InputProblem.Subject, Int?)] = [
            (.sku("BAD-QTY"), 3), (.unknown, 4), (.sku("EXTRA"), 5), (.sku("FRACTION"), 8), (.unknown, 9),
            (.sku("SHORT"), 11), (.sku("HUGE"), 13),
        ]
        #expect(found.map(\.0) == expected.map(\.0))
        #expect(found.map(\.1) == expected.map(\.1))
        #expect(read.problems[0].message.contains("\"abc\" is not a decimal number"))
        #expect(read.problems[2].message.contains("3 cells where the header has 2"))
        #expect(read.problems[3].message.contains("more than 4 decimal places"))
        #expect(read.problems[4].message.contains("after its closing quote"))
    }

    @Test func anUnclosedQuoteLosesOneRowNotTheRestOfTheFile() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", "sku,quantity\nA,1\n\"B,2\nC,3\nD,4\n")
        let read = try await feed.stock()
        #expect(read.records == [try level("A", "1"), try level("C", "3"), try level("D", "4")])
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        #expect(lineNumber(problem) == 3)
        #expect(problem.message.contains("never closed"))
    }

    @Test func aStrayQuoteLosesOneRowWhereverTheNextQuoteIs() async throws {
        let feed = try FeedFolder()
        let text = [
            "sku,quantity,note",  // 1
            "A,1,\"two",  // 2
            "lines\"",  // 3
            "\"B\"x,2,",  // 4: text after the closing quote
            "C,3,\"x\"",  // 5
            "\"D\" \"E\",4,",  // 6: the same, with a space
            "\"F\"xG\",5,",  // 7: the same, with a quote later in the cell
            "H,6,\"three",  // 8
            "\r\nlines\"",  // 9, 10
            "I,7,\"never closed",  // 11
            "J,8,",  // 12
        ].joined(separator: "\n")
        try feed.write("stock.csv", text)
        let read = try await feed.stock()
        #expect(read.records == [try level("A", "1"), try level("C", "3"), try level("H", "6"), try level("J", "8")])
        #expect(read.problems.map(lineNumber) == [4, 6, 7, 11])
        #expect(read.problems.map(\.subject) == [.unknown, .unknown, .unknown, .sku("I")])
        for problem in read.problems.prefix(3) {
            #expect(problem.message.contains("cell 1 has text after its closing quote"))
        }
        #expect(read.problems[3].message.contains("a quoted cell opened on line 11 is never closed"))
    }

    @Test func aSKUAtOneSourceTwiceKeepsNeitherQuantity() async throws {
        let feed = try FeedFolder()
        try feed.write(
            "stock.csv", "sku,quantity,source\nA,1,north\nB,2,north\nA,3,south\nA,4,north\nC,5,\n")
        let read = try await feed.stock()
        #expect(
            read.records == [
                try level("B", "2", source: "north"), try level("A", "3", source: "south"), try level("C", "5"),
            ])
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        #expect(problem.subject == .sku("A"))
        #expect(problem.message.hasPrefix("lines 2 and 5: sku \"A\" at source \"north\" appears twice"))
    }

    @Test func withoutASourceColumnEveryRowIsInTheDefaultSource() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", "SKU , Quantity\nA,1\n")
        #expect(try await feed.stock().records == [try level("A", "1")])
        #expect(try await feed.stock { $0.source = "shop" }.records == [try level("A", "1", source: "shop")])
    }

    @Test func missingColumnsAreAnErrorListingTheColumnsFound() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", "\n\nArtikel;Menge;Lager\nA;1;x\n")
        let error = await #expect(throws: TrueUpError.self) { try await feed.stock() }
        let message = try #require(error?.message)
        #expect(message.contains("\(feed.path)/stock.csv line 3"))
        #expect(message.contains("the header has no columns sku, quantity"))
        #expect(message.contains("\"Artikel\", \"Menge\", \"Lager\""))
        #expect(message.contains("columns.stock"))

        let mapped = try await feed.stock {
            $0.columns.stock = CSVFeedSettings.StockColumns(sku: "artikel", quantity: "menge", source: "lager")
        }
        #expect(mapped.records == [try level("A", "1", source: "x")])

        // A mapped optional column must be there.
        let missingSource = await #expect(throws: TrueUpError.self) {
            try await feed.stock {
                $0.columns.stock = CSVFeedSettings.StockColumns(sku: "artikel", quantity: "menge", source: "location")
            }
        }
        #expect(missingSource?.message.contains("the header has no column location") == true)
    }

    @Test func anEmptyFileOrNoMatchingFileIsAnError() async throws {
        let feed = try FeedFolder()
        let none = await #expect(throws: TrueUpError.self) { try await feed.stock() }
        #expect(none?.message.contains("no stock file matching stock*.csv") == true)
        try feed.write("stock.csv", "\r\n  \r\n")
        let empty = await #expect(throws: TrueUpError.self) { try await feed.stock() }
        #expect(empty?.message.contains("is empty") == true)
        let missingFolder = await #expect(throws: TrueUpError.self) {
            try await feed.stock { $0.folder = feed.path + "/nowhere" }
        }
        #expect(missingFolder?.message.contains("does not exist") == true)
    }

    @Test func theNewestMatchingStockFileIsRead() async throws {
        let feed = try FeedFolder()
        try feed.write("stock-2.csv", "sku,quantity\nA,2\n", modified: Date(timeIntervalSince1970: 1_000))
        try feed.write("Stock-1.CSV", "sku,quantity\nA,3\n", modified: Date(timeIntervalSince1970: 2_000))
        try feed.write("stock-0.csv", "sku,quantity\nA,1\n", modified: Date(timeIntervalSince1970: 500))
        try feed.write("stock-0.csv.bak", "sku,quantity\nA,9\n", modified: Date(timeIntervalSince1970: 9_000))
        try feed.write("exports/stock.csv", "sku,quantity\nA,7\n", modified: Date(timeIntervalSince1970: 9_000))
        #expect(try await feed.stock().records == [try level("A", "3")])
        #expect(try await feed.stock { $0.stockFile = "stock-2.csv" }.records == [try level("A", "2")])
        #expect(try await feed.stock { $0.stockFile = "exports/*.csv" }.records == [try level("A", "7")])
    }

    @Test func decimalCommaIsReadWhereTheDelimiterIsASemicolon() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", "sku;quantity\nA;12,5\nB;3\nC;1.234\nD;1.234,5\nE;1 234\n")
        let read = try await feed.stock()
        #expect(read.records == [try level("A", "12.5"), try level("B", "3")])
        #expect(read.problems.map(lineNumber) == [4, 5, 6])
        #expect(read.problems[0].message.contains("has a point, but the decimal separator is a comma"))
        #expect(read.problems[1].message.contains("thousands separator"))
        #expect(read.problems[2].message.contains("thousands separator"))

        // The setting can say otherwise either way.
        let points = try await feed.stock { $0.decimalSeparator = .point }
        #expect(points.records.map(\.sku) == ["B", "C"])
        #expect(points.records.last?.quantity == Quantity(ticks: 12_340))

        try feed.write("stock.csv", "sku,quantity\nA,\"12,5\"\nB,\"1,234\"\n")
        let commas = try await feed.stock { $0.decimalSeparator = .comma }
        #expect(commas.records == [try level("A", "12.5"), try level("B", "1.234")])
        let plain = try await feed.stock()
        #expect(plain.records.isEmpty)
        #expect(plain.problems.first?.message.contains("decimal_separator: \",\"") == true)
    }
}

@Suite("CSV feed: encodings")
struct CSVFeedEncodingTests {
    static let text = "sku;quantity;source\nCAFÉ-€;2,5;Köln\n"

    @Test func utf8WithAndWithoutAByteOrderMark() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(Self.text.utf8))
        #expect(try await feed.stock().records == [try level("CAFÉ-€", "2.5", source: "Köln")])
        try feed.write("stock.csv", Self.text)
        #expect(try await feed.stock().records == [try level("CAFÉ-€", "2.5", source: "Köln")])
        #expect(try await feed.stock { $0.encoding = .utf8 }.records.count == 1)
    }

    @Test(arguments: [false, true])
    func utf16ByItsByteOrderMark(bigEndian: Bool) async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", bytes: utf16(Self.text, bigEndian: bigEndian))
        #expect(try await feed.stock().records == [try level("CAFÉ-€", "2.5", source: "Köln")])
        #expect(try await feed.stock { $0.encoding = .utf16 }.records.count == 1)
    }

    @Test func windows1252WhenTheBytesAreNotUTF8() async throws {
        let feed = try FeedFolder()
        // CAFÉ-€ and Köln as Excel saves them in Western Europe.
        let bytes: [UInt8] =
            Array("sku;quantity;source\n".utf8) + [0x43, 0x41, 0x46, 0xC9, 0x2D, 0x80]
            + Array(";2,5;K".utf8) + [0xF6] + Array("ln\n".utf8)
        try feed.write("stock.csv", bytes: bytes)
        #expect(try await feed.stock().records == [try level("CAFÉ-€", "2.5", source: "Köln")])
        #expect(try await feed.stock { $0.encoding = .windows1252 }.records.count == 1)
        // ISO 8859-1 has no euro sign: byte 0x80 is a control character there.
        let latin1 = try await feed.stock { $0.encoding = .latin1 }
        #expect(latin1.records.first?.sku == "CAFÉ-\u{80}")

        let error = await #expect(throws: TrueUpError.self) { try await feed.stock { $0.encoding = .utf8 } }
        #expect(error?.message.contains("stock.csv line 2: not valid UTF-8") == true)
    }

    @Test func utf16WithoutAByteOrderMarkIsNotMistakenForWindows1252() async throws {
        let feed = try FeedFolder()
        try feed.write("stock.csv", bytes: Array(utf16(Self.text, bigEndian: false).dropFirst(2)))
        let error = await #expect(throws: TrueUpError.self) { try await feed.stock() }
        #expect(error?.message.contains("NUL bytes") == true)
        #expect(try await feed.stock { $0.encoding = .utf16LE }.records.count == 1)
    }
}
