/// Which items of each decoded Magento order are containers — the configurable or bundle parent
/// of another item — by order `entity_id` and item `item_id`.
///
/// Credit memo rows (`GET /V1/creditmemos`) carry only `order_item_id`: nothing in them says
/// whether a row is a container. ``MagentoOrdersDecoder`` fills an index as it reads orders, and
/// ``MagentoCreditMemosDecoder`` uses it to leave container rows out of refunds.
public struct MagentoOrderItemIndex: Sendable, Hashable {
    private var containersByOrder: [String: Set<String>] = [:]

    public init() {}

    /// Records the container items of order `orderID` (its `entity_id`); an order seen on two
    /// pages keeps the union.
    public mutating func record(orderID: String, containerItemIDs: Set<String>) {
        containersByOrder[orderID, default: []].formUnion(containerItemIDs)
    }

    /// Adds everything `other` knows.
    public mutating func merge(_ other: MagentoOrderItemIndex) {
        for (orderID, containers) in other.containersByOrder {
            record(orderID: orderID, containerItemIDs: containers)
        }
    }

    /// The `item_id`s of the order's container items (possibly none), or `nil` when the order's
    /// items were never read.
    public func containerItemIDs(ofOrder orderID: String) -> Set<String>? {
        containersByOrder[orderID]
    }

    /// The number of orders whose items are known.
    public var orderCount: Int { containersByOrder.count }
}
