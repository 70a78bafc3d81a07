/// Finds which of a deposit's candidate records sum to it exactly: a bounded depth-first search
/// over amounts sorted largest first, pruned by what the rest can still add. It stops at the
/// second solution (a tie) or after `stepCap` steps (over the cap), so it never runs away.
enum SubsetSearch {
    enum Outcome: Equatable {
        /// Exactly one subset sums to the target: the positions chosen, in `amounts`.
        case unique([Int])
        case none
        /// Two or more subsets sum to the target.
        case tied
        /// The search went past its step cap before it could tell.
        case overCap
    }

    /// - Parameter amounts: positive amounts, in minor units.
    static func search(amounts: [Int64], target: Int64, stepCap: Int) -> Outcome {
        guard target > 0, !amounts.isEmpty else { return .none }
        let order = amounts.indices.sorted { amounts[$0] > amounts[$1] }
        let sorted = order.map { amounts[$0] }
        // suffix[i]: what positions i... can add at most.
        var suffix = [Int64](repeating: 0, count: sorted.count + 1)
        for position in stride(from: sorted.count - 1, through: 0, by: -1) {
            suffix[position] = suffix[position + 1] &+ sorted[position]
        }
        guard suffix[0] >= target else { return .none }
        var chosen: [Int] = []
        var solution: [Int]?
        var solutions = 0
        var steps = 0
        var overCap = false

        func visit(_ position: Int, _ remaining: Int64) {
            if solutions > 1 || overCap { return }
            steps += 1
            if steps > stepCap {
                overCap = true
                return
            }
            if remaining == 0 {
                solutions += 1
                if solutions == 1 { solution = chosen }
                return
            }
            guard position < sorted.count, suffix[position] >= remaining else { return }
            if sorted[position] <= remaining {
                chosen.append(position)
                visit(position + 1, remaining - sorted[position])
                chosen.removeLast()
            }
            visit(position + 1, remaining)
        }
        visit(0, target)
        if overCap { return .overCap }
        if solutions > 1 { return .tied }
        guard let solution else { return .none }
        return .unique(solution.map { order[$0] }.sorted())
    }
}
