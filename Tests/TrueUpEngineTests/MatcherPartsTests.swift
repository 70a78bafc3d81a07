import Testing
import TrueUpCore

@testable import TrueUpEngine

/// The payments match's building blocks: the subset search, the candidate index, the multimap,
/// and the tolerance allowance.
@Suite("Matcher parts")
struct MatcherPartsTests {
    @Test("The subset search finds the one set that sums to the deposit")
    func uniqueSubset() {
        let outcome = SubsetSearch.search(amounts: [1000, 2550, 4000, 1225, 700], target: 4775, stepCap: 10_000)
        #expect(outcome == .unique([0, 1, 3]))
    }

    @Test("Two sets with the same sum are a tie, never a guess")
    func tiedSubsets() {
        // 30 + 20 and 50 both make 50.
        #expect(SubsetSearch.search(amounts: [30, 20, 50, 7], target: 50, stepCap: 10_000) == .tied)
        // Two look-alike payments: either one makes the deposit.
        #expect(SubsetSearch.search(amounts: [4500, 4500], target: 4500, stepCap: 10_000) == .tied)
    }

    @Test("No set sums to the deposit")
    func noSubset() {
        #expect(SubsetSearch.search(amounts: [300, 500], target: 700, stepCap: 10_000) == .none)
        #expect(SubsetSearch.search(amounts: [], target: 700, stepCap: 10_000) == .none)
        #expect(SubsetSearch.search(amounts: [300, 500], target: 0, stepCap: 10_000) == .none)
    }

    @Test("The step cap stops the search and says so")
    func overCap() {
        // Many equal-ish amounts that never sum to the target make the search wide.
        let amounts = (0..<30).map { Int64(1000 + 2 * $0) }
        #expect(SubsetSearch.search(amounts: amounts, target: 1, stepCap: 50) == .none)
        #expect(SubsetSearch.search(amounts: amounts, target: 15_001, stepCap: 50) == .overCap)
    }

    @Test("The index finds candidates within the amount tolerance and the date window only")
    func indexWindow() {
        var index = AmountDateIndex(bucketDays: 3)
        index.add(currency: 0, day: 100, amount: 5000, index: 0)
        index.add(currency: 0, day: 103, amount: 5003, index: 1)
        index.add(currency: 0, day: 104, amount: 5000, index: 2)
        index.add(currency: 1, day: 100, amount: 5000, index: 3)
        index.add(currency: 0, day: -5, amount: 5000, index: 4)
        index.seal()
        var found: [Int32] = []
        index.forEachCandidate(currency: 0, day: 101, window: 2, amount: 5001, tolerance: 2) { found.append($0.index) }
        #expect(found.sorted() == [0, 1])
        found = []
        index.forEachCandidate(currency: 0, day: -4, window: 1, amount: 5000, tolerance: 0) { found.append($0.index) }
        #expect(found == [4])
        #expect(index.count(currency: 0, from: 100, through: 104) == 3)
        #expect(index.entries(currency: 1, from: 0, through: 200).map(\.index) == [3])
    }

    @Test("The multimap keeps every index under its key in the order added")
    func chains() {
        var chains = KeyChains<String>(capacity: 4, count: 5)
        chains.add("a", 0)
        chains.add("b", 1)
        chains.add("a", 2)
        chains.add("a", 4)
        #expect(Array(chains.all("a")) == [0, 2, 4])
        #expect(Array(chains.all("b")) == [1])
        #expect(Array(chains.all("c")).isEmpty)
        #expect(chains.first("a") == 0)
    }

    @Test("The allowance is the larger of the absolute and the relative one")
    func allowance() {
        let tolerance = MatchTolerance(absoluteMinorUnits: 5, relativeBasisPoints: 50, dateWindowDays: 3)
        #expect(tolerance.allowance(for: 100) == 5)
        #expect(tolerance.allowance(for: 10_000) == 50)
        #expect(tolerance.allowance(for: -10_000) == 50)
        #expect(tolerance.allowance(for: Int64.max) > 0)
        #expect(MatchTolerance().allowance(for: 123_456) == 0)
    }
}
