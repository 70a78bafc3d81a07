import TrueUpCore

/// Runs a search on a collection as Magento's collection processor does: filters (OR within a
/// group, AND across groups), sort orders, then the page. `total_count` counts every match; a
/// page past the last one gives the last page again (Magento's collection clamps the page
/// number), and a page below 1 gives the first.
///
/// Filters and sorts read the collection's typed columns, and both the sorted order and a
/// search's matches are reused until the collection changes, so paging through tens of thousands
/// of records costs one pass over a column per read, not per page (a real shop answers a page
/// from its database's indexes).
enum MagentoSearch {
    /// The positions of the page's records, and how many records matched in all.
    struct Page {
        var positions: ArraySlice<Int>
        var total: Int
    }

    /// The page of matching records, or a 400 when a field is not one the collection has.
    static func run(
        _ criteria: MagentoSearchCriteria, on collection: inout MagentoCollection
    ) -> Result<Page, MagentoSearchCriteria.Failure> {
        let fields = criteria.filterGroups.flatMap { $0.map(\.field) } + (criteria.sortOrders ?? []).map(\.field)
        if let unknown = fields.first(where: { !collection.knows($0) }) {
            return .failure(
                .response(
                    MagentoResponses.error(400, "Invalid attribute name: %1", MagentoResponses.positional(unknown))))
        }
        let groups = criteria.filterGroups.map { filters in
            filters.map { filter in
                MagentoFilter(
                    member: collection.resource.member(forField: filter.field),
                    condition: filter.conditionType.flatMap { MagentoFilter.Condition(rawValue: $0.lowercased()) }
                        ?? .eq,
                    value: filter.value)
            }
        }.filter { !$0.isEmpty }
        // Each filter with the column it reads (none for conditions on the member's text).
        let compiled = groups.map { group in
            group.map { filter in (filter, filter.readsText ? nil : collection.column(filter.member)) }
        }
        let keys = (criteria.sortOrders ?? []).map { MagentoSortKey(field: $0.field, descending: $0.descending) }
        let matches = collection.matches(search: criteria.search) { collection in
            let order = collection.order(by: keys)
            guard !compiled.isEmpty else { return order }
            let records = collection.records
            var matches: [Int] = []
            for index in order {
                var passes = true
                for group in compiled {
                    var any = false
                    for (filter, column) in group {
                        if let column {
                            any = filter.matches(column[index])
                        } else {
                            any = filter.matches(text: records[index][filter.member])
                        }
                        if any { break }
                    }
                    if !any {
                        passes = false
                        break
                    }
                }
                if passes { matches.append(index) }
            }
            return matches
        }
        let total = matches.count
        guard let size = criteria.pageSize, size > 0 else {
            return .success(Page(positions: matches[...], total: total))
        }
        let lastPage = total == 0 ? 1 : (total - 1) / size + 1
        let page = min(max(criteria.currentPage ?? 1, 1), lastPage)
        let start = min(total, (page - 1) * size)
        let end = min(total, start + size)
        return .success(Page(positions: matches[start..<end], total: total))
    }
}
