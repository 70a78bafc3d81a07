/// Suggests the Xero item codes most like an unmapped SKU, without comparing it to every code:
/// an index of character trigrams narrows the field to codes that share some, and edit distance
/// ranks the few that remain. Work per query is bounded, whatever the catalogue's size.
///
/// Not thread-safe: it reuses scratch space between queries. One plan uses one suggester.
public final class CodeSuggester {
    private let codes: [String]
    private let folded: [[Unicode.Scalar]]
    private let index: [UInt64: [Int32]]
    /// Shared-trigram counts per code, for the current query only (reset after each).
    private var counts: [UInt16]
    private var touched: [Int32] = []
    /// Trigrams shared by more codes than this say little about similarity and are skipped.
    private static let commonTrigram = 512
    private static let shortlist = 12

    public init(codes: [String]) {
        self.codes = codes
        self.folded = codes.map { Self.fold($0) }
        var index: [UInt64: [Int32]] = [:]
        var seen = Set<UInt64>()
        for (position, scalars) in folded.enumerated() {
            seen.removeAll(keepingCapacity: true)
            for trigram in Self.trigrams(scalars) where seen.insert(trigram).inserted {
                index[trigram, default: []].append(Int32(position))
            }
        }
        self.index = index
        self.counts = [UInt16](repeating: 0, count: codes.count)
    }

    /// Up to `limit` codes, most similar first; codes less than 40 % similar are not suggested.
    public func suggest(for sku: String, limit: Int = 3) -> [String] {
        let query = Self.fold(sku)
        guard !query.isEmpty, !codes.isEmpty else { return [] }
        // The scratch space moves into locals for the query: the inner loops then touch plain
        // arrays, not a class's stored properties (which Swift checks for exclusive access).
        var counts = self.counts
        var touched = self.touched
        self.counts = []
        self.touched = []
        defer {
            self.counts = counts
            self.touched = touched
        }
        var queryTrigrams = Self.trigrams(query)
        queryTrigrams.sort()
        var previous: UInt64?
        var mostShared: UInt16 = 0
        for trigram in queryTrigrams where trigram != previous {
            previous = trigram
            guard let postings = index[trigram], postings.count <= Self.commonTrigram else { continue }
            for position in postings {
                if counts[Int(position)] == 0 { touched.append(position) }
                counts[Int(position)] &+= 1
                mostShared = max(mostShared, counts[Int(position)])
            }
        }
        // The codes sharing the most trigrams: find the least count that still makes the
        // shortlist, keep the codes at or above it, and order just those. Linear in the codes
        // touched; ties go to the earlier code (codes are sorted).
        var atLeast = [Int](repeating: 0, count: Int(mostShared) + 2)
        for position in touched { atLeast[Int(counts[Int(position)])] += 1 }
        var threshold = Int(mostShared)
        var kept = atLeast[threshold]
        while threshold > 1, kept < Self.shortlist {
            threshold -= 1
            kept += atLeast[threshold]
        }
        var best: [(shared: UInt16, position: Int32)] = []
        best.reserveCapacity(kept)
        for position in touched {
            if counts[Int(position)] >= threshold { best.append((counts[Int(position)], position)) }
            counts[Int(position)] = 0
        }
        touched.removeAll(keepingCapacity: true)
        best.sort { ($0.shared, $1.position) > ($1.shared, $0.position) }

        var ranked: [(distance: Int, code: String)] = []
        for (_, position) in best.prefix(Self.shortlist) {
            let candidate = folded[Int(position)]
            let distance = Self.editDistance(query, candidate)
            let length = max(query.count, candidate.count)
            // similarity = 1 − distance / length ≥ 0.4
            guard distance * 10 <= length * 6 else { continue }
            ranked.append((distance, codes[Int(position)]))
        }
        ranked.sort { ($0.distance, $0.code) < ($1.distance, $1.code) }
        return ranked.prefix(limit).map(\.code)
    }

    private static func fold(_ text: String) -> [Unicode.Scalar] {
        Array(SKUMapper.normalise(text).unicodeScalars.prefix(64))
    }

    private static func trigrams(_ scalars: [Unicode.Scalar]) -> [UInt64] {
        let padded: [Unicode.Scalar] = [" ", " "] + scalars + [" "]
        guard padded.count >= 3 else { return [] }
        return (0...(padded.count - 3)).map { start in
            UInt64(padded[start].value) << 42 | UInt64(padded[start + 1].value) << 21 | UInt64(padded[start + 2].value)
        }
    }

    static func editDistance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar]) -> Int {
        guard !lhs.isEmpty else { return rhs.count }
        guard !rhs.isEmpty else { return lhs.count }
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for (i, left) in lhs.enumerated() {
            current[0] = i + 1
            for (j, right) in rhs.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }
}
