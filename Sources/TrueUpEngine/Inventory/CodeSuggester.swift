/// Suggests the Xero item codes most like an unmapped SKU, without comparing it to every code:
/// an index of character trigrams narrows the field to codes that share some, and edit distance
/// ranks the few that remain.
public final class CodeSuggester: Sendable {
    private let codes: [String]
    private let folded: [[Unicode.Scalar]]
    private let index: [UInt64: [Int32]]
    /// Trigrams shared by more codes than this say little about similarity and are skipped.
    private static let commonTrigram = 2_000
    private static let shortlist = 24

    public init(codes: [String]) {
        self.codes = codes
        self.folded = codes.map { Self.fold($0) }
        var index: [UInt64: [Int32]] = [:]
        for (position, scalars) in folded.enumerated() {
            for trigram in Set(Self.trigrams(scalars)) { index[trigram, default: []].append(Int32(position)) }
        }
        self.index = index
    }

    /// Up to `limit` codes, most similar first; codes less than 40 % similar are not suggested.
    public func suggest(for sku: String, limit: Int = 3) -> [String] {
        let query = Self.fold(sku)
        guard !query.isEmpty else { return [] }
        var shared: [Int32: Int] = [:]
        for trigram in Set(Self.trigrams(query)) {
            guard let postings = index[trigram], postings.count <= Self.commonTrigram else { continue }
            for position in postings { shared[position, default: 0] += 1 }
        }
        let shortlist = shared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Self.shortlist)
        var ranked: [(distance: Int, code: String)] = []
        for (position, _) in shortlist {
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
