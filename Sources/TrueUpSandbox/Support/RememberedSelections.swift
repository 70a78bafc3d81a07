/// What a collection's searches selected since it last changed, by search: the pages of one read
/// are cut from one selection, as a real server answers them from its indexes. A few searches are
/// remembered at once (a run's reads each ask one, page after page); more than that starts again.
struct RememberedSelections<Search: Hashable> {
    private var selections: [Search: [Int]] = [:]

    func known(_ search: Search) -> [Int]? { selections[search] }

    mutating func remember(_ positions: [Int], for search: Search) {
        if selections.count >= 16 { selections.removeAll() }
        selections[search] = positions
    }

    /// After any change to the collection.
    mutating func forget() {
        if !selections.isEmpty { selections.removeAll() }
    }
}
