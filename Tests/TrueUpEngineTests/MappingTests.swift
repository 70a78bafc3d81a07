import Testing
import TrueUpCore
import TrueUpEngine

@Suite("Mapping storefront SKUs to Xero item codes")
struct MappingTests {
    @Test("Explicit, exact and normalised matches")
    func matches() throws {
        let snapshot = InventorySnapshot(
            items: [item("ABC-1", 5), item("Blue-Mug", 3), item("XYZ", 1)],
            stock: [stock("abc-1 ", 5), stock("Blue-Mug", 3), stock("store-xyz", 1)])
        let result = try plan(snapshot, mappings: ["store-xyz": .code("XYZ")])
        #expect(result.row("abc-1 ")?.itemCode == "ABC-1")
        #expect(result.row("Blue-Mug")?.itemCode == "Blue-Mug")
        #expect(result.row("store-xyz")?.itemCode == "XYZ")
        #expect(result.rows.allSatisfy { $0.outcome == .inSync })
    }

    @Test("An unmapped SKU is a mapping conflict with ranked suggestions")
    func unmappedWithSuggestions() throws {
        let snapshot = InventorySnapshot(
            items: [item("MUG-BLUE-01", 5), item("MUG-BLUE-02", 5), item("TEE-RED-L", 2), item("ZZZ", 1)],
            stock: [stock("MUG-BLUE-1", 5)])
        let result = try plan(snapshot)
        let row = try #require(result.row("MUG-BLUE-1"))
        #expect(row.outcome == .conflict)
        #expect(row.conflictReason == .unmapped)
        let conflict = try #require(result.conflicts.first)
        #expect(conflict.kind == .mapping)
        #expect(conflict.suggestions.prefix(2) == ["map MUG-BLUE-01", "map MUG-BLUE-02"])
        #expect(!conflict.suggestions.contains("map ZZZ"))
        #expect(conflict.suggestions.contains("ignore"))
        #expect(result.corrections.isEmpty)
    }

    @Test("Suggestions never compare every code: a large catalogue still answers")
    func suggestionsScale() {
        let codes = (0..<50_000).map { "SKU-\($0)" }
        let suggester = CodeSuggester(codes: codes)
        #expect(suggester.suggest(for: "sku-4242x").first == "SKU-4242")
        #expect(suggester.suggest(for: "completely-different").isEmpty)
    }

    @Test("Two SKUs on one Xero item are both unmapped")
    func doublyMapped() throws {
        let snapshot = InventorySnapshot(items: [item("ABC", 5)], stock: [stock("abc", 2), stock("ABC", 3)])
        let result = try plan(snapshot)
        #expect(result.rows.map(\.conflictReason) == [.unmapped, .unmapped])
        #expect(result.conflicts.count == 2)
        #expect(result.conflicts[0].message.contains("ABC, abc"))
        let explicit = try plan(
            InventorySnapshot(items: [item("ABC", 5)], stock: [stock("one", 5), stock("two", 5)]),
            mappings: ["one": .code("ABC"), "two": .code("ABC")])
        #expect(explicit.rows.allSatisfy { $0.conflictReason == .unmapped })
    }

    @Test("Codes differing only by case are not guessed between")
    func ambiguousNormalisation() throws {
        let snapshot = InventorySnapshot(items: [item("Abc", 1), item("ABC", 1)], stock: [stock("abc", 1)])
        let result = try plan(snapshot)
        #expect(result.row("abc")?.conflictReason == .unmapped)
        #expect(result.conflicts.first?.suggestions.prefix(2) == ["map ABC", "map Abc"])
    }

    @Test("An explicit mapping to a code Xero does not have is unmapped")
    func mappedToMissingCode() throws {
        let result = try plan(
            InventorySnapshot(items: [item("ABC", 1)], stock: [stock("x", 1)]), mappings: ["x": .code("GONE")])
        #expect(result.row("x")?.conflictReason == .unmapped)
        #expect(result.conflicts.first?.message.contains("GONE") == true)
    }

    @Test("Ignored SKUs and untracked items are reported, not synced")
    func ignoredAndUntracked() throws {
        let snapshot = InventorySnapshot(
            items: [item("GIFT", nil, tracked: false), item("A", 1)], stock: [stock("GIFT", 100), stock("skip", 4)])
        let result = try plan(snapshot, mappings: ["skip": .ignored])
        #expect(result.row("GIFT")?.outcome == .untracked)
        #expect(result.row("skip")?.outcome == .ignored)
        #expect(result.corrections.isEmpty && result.conflicts.isEmpty && result.baseUpdates.isEmpty)
    }
}
