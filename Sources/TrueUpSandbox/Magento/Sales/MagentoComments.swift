import TrueUpCore

/// `POST /V1/orders/{id}/comments`: adds a status history entry to an order and, when it names
/// a status, sets the order's status to it (the state stays), as `OrderManagement::addComment`.
enum MagentoComments {
    static func add(
        _ body: JSONObject, toOrder id: String, in store: inout MagentoStore, timestamp: String
    ) -> SandboxResponse {
        guard let value = body["statusHistory"], value != .null else {
            return MagentoResponses.required("statusHistory")
        }
        guard case .object(let history) = value else {
            return MagentoResponses.invalidType(
                value.preview, expected: "\\Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface")
        }
        guard let order = store.orders.record(id) else { return MagentoResponses.noSuchEntity() }
        let status = history.text("status").flatMap { $0.isEmpty ? nil : $0 } ?? order.text("status") ?? ""
        let entry = JSONObject([
            "comment": .string(history.text("comment") ?? ""),
            "created_at": .string(timestamp),
            "entity_id": MagentoJSON.integer(store.next(.statusHistory)),
            "entity_name": .string("order"),
            "is_customer_notified": flag(history["is_customer_notified"]),
            "is_visible_on_front": flag(history["is_visible_on_front"]),
            "parent_id": order["entity_id"] ?? .string(id),
            "status": .string(status),
        ])
        store.orders.update(id) { order in
            order["status"] = .string(status)
            order["updated_at"] = .string(timestamp)
            order["status_histories"] = .array([.object(entry)] + (order.array("status_histories") ?? []))
        }
        return .json(200, .bool(true))
    }

    /// A flag as Magento stores it: `0` or `1` (from a boolean, a number or a numeric string).
    private static func flag(_ value: JSONValue?) -> JSONValue {
        switch value {
        case .bool(let on)?: .number(on ? "1" : "0")
        case .number(let text)?, .string(let text)?: .number(Int(text) == 0 || Int(text) == nil ? "0" : "1")
        default: .number("0")
        }
    }
}
