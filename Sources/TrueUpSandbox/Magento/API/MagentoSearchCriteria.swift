import Foundation
import TrueUpCore

/// A search's `searchCriteria` read from the query string, as Magento's web API reads it into a
/// `SearchCriteriaInterface`:
///
/// - `searchCriteria[filter_groups][i][filters][j][field|value|condition_type]` (or the
///   camelCase `filterGroups` and `conditionType` the Swagger spec uses): filters within a group
///   are ORed, groups are ANDed; a filter without a condition type is `eq`;
/// - `searchCriteria[sort_orders][k][field|direction]` (or `sortOrders`), applied in order; a
///   direction is `ASC` or `DESC` in any case, and one left out sorts descending, as Magento's
///   collection processor does;
/// - `searchCriteria[page_size]` and `searchCriteria[current_page]` (or `pageSize`, `currentPage`).
///
/// Indices keep the order they first appear in. `searchCriteria` itself is required (send
/// `searchCriteria=` for everything); a member Magento's interfaces do not have, or a page
/// number that is not a whole number, is a 400 as Magento answers it.
struct MagentoSearchCriteria {
    struct Filter: Hashable {
        var field: String
        var value: String?
        var conditionType: String?
    }

    struct SortOrder: Hashable {
        var field: String
        var direction: String?

        var descending: Bool { direction != "ASC" }
    }

    var filterGroups: [[Filter]] = []
    var sortOrders: [SortOrder]? = nil
    var pageSize: Int? = nil
    var currentPage: Int? = nil

    /// What decides which records match and their order: two criteria with the same search
    /// match the same records, whatever page they ask for.
    struct Search: Hashable {
        var filterGroups: [[Filter]]
        var sortOrders: [SortOrder]
    }

    var search: Search { Search(filterGroups: filterGroups, sortOrders: sortOrders ?? []) }

    enum Failure: Error {
        case response(SandboxResponse)
    }

    private static let criteriaClass = "Magento\\Framework\\Api\\SearchCriteria"
    private static let groupClass = "Magento\\Framework\\Api\\Search\\FilterGroup"
    private static let filterClass = "Magento\\Framework\\Api\\Filter"
    private static let sortClass = "Magento\\Framework\\Api\\SortOrder"

    init(query items: [(name: String, value: String)]) throws(Failure) {
        var root: QueryNode? = nil
        for item in items {
            guard let path = Self.path(of: item.name), path.first == "searchCriteria" else { continue }
            QueryNode.insert(item.value, at: path.dropFirst(), into: &root)
        }
        guard let root else { throw .response(MagentoResponses.required("searchCriteria")) }
        guard case .map(let members) = root else { return }
        for (name, node) in members {
            switch Self.normalized(name) {
            case "filtergroups":
                for (_, group) in node.entries {
                    var filters: [Filter] = []
                    for (groupMember, filterList) in group.entries {
                        guard Self.normalized(groupMember) == "filters" else {
                            throw .response(MagentoResponses.noAccessor(groupMember, in: Self.groupClass))
                        }
                        for (_, filterNode) in filterList.entries {
                            filters.append(try Self.filter(filterNode))
                        }
                    }
                    filterGroups.append(filters)
                }
            case "sortorders":
                var orders: [SortOrder] = []
                for (_, sortNode) in node.entries {
                    orders.append(try Self.sortOrder(sortNode))
                }
                sortOrders = orders
            case "pagesize": pageSize = try Self.integer(node)
            case "currentpage": currentPage = try Self.integer(node)
            default: throw .response(MagentoResponses.noAccessor(name, in: Self.criteriaClass))
            }
        }
    }

    /// The criteria as Magento echoes them in `search_criteria`.
    var echo: JSONValue {
        var body = JSONObject()
        body["filter_groups"] = .array(
            filterGroups.map { filters in
                .object(
                    JSONObject([
                        "filters": .array(
                            filters.map { filter in
                                var object = JSONObject()
                                object["field"] = .string(filter.field)
                                if let value = filter.value { object["value"] = .string(value) }
                                if let type = filter.conditionType { object["condition_type"] = .string(type) }
                                return .object(object)
                            })
                    ]))
            })
        if let sortOrders {
            body["sort_orders"] = .array(
                sortOrders.map { order in
                    var object = JSONObject()
                    object["field"] = .string(order.field)
                    if let direction = order.direction { object["direction"] = .string(direction) }
                    return .object(object)
                })
        }
        if let pageSize { body["page_size"] = MagentoJSON.integer(pageSize) }
        if let currentPage { body["current_page"] = MagentoJSON.integer(currentPage) }
        return .object(body)
    }

    private static func filter(_ node: QueryNode) throws(Failure) -> Filter {
        var field: String? = nil
        var value: String? = nil
        var conditionType: String? = nil
        for (name, member) in node.entries {
            switch normalized(name) {
            case "field": field = member.text
            case "value": value = member.text
            case "conditiontype": conditionType = member.text
            default: throw .response(MagentoResponses.noAccessor(name, in: filterClass))
            }
        }
        guard let field, !field.isEmpty else { throw .response(MagentoResponses.required("field")) }
        if let type = conditionType, MagentoFilter.Condition(rawValue: type.lowercased()) == nil {
            throw .response(
                MagentoResponses.error(
                    400, "The condition type \"%1\" is not supported by the TrueUp sandbox.",
                    MagentoResponses.positional(type)))
        }
        let condition = conditionType.flatMap { MagentoFilter.Condition(rawValue: $0.lowercased()) } ?? .eq
        if value == nil, condition != .null, condition != .notnull {
            throw .response(MagentoResponses.required("value"))
        }
        return Filter(field: field, value: value, conditionType: conditionType)
    }

    private static func sortOrder(_ node: QueryNode) throws(Failure) -> SortOrder {
        var field: String? = nil
        var direction: String? = nil
        for (name, member) in node.entries {
            switch normalized(name) {
            case "field": field = member.text
            case "direction":
                let given = member.text.uppercased()
                guard given == "ASC" || given == "DESC" else {
                    throw .response(
                        MagentoResponses.error(
                            400,
                            "The sort order has to be specified as %1 for ascending order or %2 for descending order.",
                            MagentoResponses.positional("ASC", "DESC")))
                }
                direction = given
            default: throw .response(MagentoResponses.noAccessor(name, in: sortClass))
            }
        }
        guard let field, !field.isEmpty else { throw .response(MagentoResponses.required("field")) }
        return SortOrder(field: field, direction: direction)
    }

    private static func integer(_ node: QueryNode) throws(Failure) -> Int {
        let text = node.text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(text) else { throw .response(MagentoResponses.invalidType(node.text, expected: "int")) }
        return value
    }

    /// `filter_groups`, `filterGroups` and `FilterGroups` are one member to Magento.
    private static func normalized(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "_", with: "")
    }

    /// `searchCriteria[filter_groups][0][field]` → `["searchCriteria", "filter_groups", "0", "field"]`.
    private static func path(of name: String) -> [String]? {
        guard let open = name.firstIndex(of: "[") else { return [name] }
        var path = [String(name[..<open])]
        var rest = name[open...]
        while rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { break }
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return path
    }
}

/// PHP's reading of bracketed query names into nested arrays: members keep the order they first
/// appear in, a later value replaces an earlier one, and `[]` appends.
indirect enum QueryNode {
    case value(String)
    case map([(key: String, node: QueryNode)])

    /// The members of a map; a plain value has none.
    var entries: [(key: String, node: QueryNode)] {
        if case .map(let entries) = self { return entries }
        return []
    }

    /// The text of a plain value; a map reads as empty text.
    var text: String {
        if case .value(let text) = self { return text }
        return ""
    }

    static func insert(_ value: String, at path: ArraySlice<String>, into node: inout QueryNode?) {
        guard let first = path.first else {
            node = .value(value)
            return
        }
        var entries = node?.entries ?? []
        var key = first
        if key.isEmpty {
            key = String((entries.compactMap { Int($0.key) }.max() ?? -1) + 1)
        }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            var child: QueryNode? = entries[index].node
            insert(value, at: path.dropFirst(), into: &child)
            if let child { entries[index].node = child }
        } else {
            var child: QueryNode? = nil
            insert(value, at: path.dropFirst(), into: &child)
            if let child { entries.append((key, child)) }
        }
        node = .map(entries)
    }
}
