import Foundation
import TrueUpCore

/// The stock writes: MSI's `POST /V1/inventory/source-items` and the legacy
/// `PUT /V1/products/{sku}/stockItems/{itemId}`.
enum MagentoStockWrites {
    /// Sets the absolute quantity and status of each source item given. Every item is checked
    /// first, as MSI's validator chain does, and one bad item fails the whole request:
    ///
    /// - `sku` and `source_code` must not be empty (nor the source code contain whitespace);
    /// - `quantity` must be numeric and not negative; `status` 0 or 1;
    /// - an item in stock (`status` 1) must have a quantity above zero (MSI's status
    ///   consistency check);
    /// - the source must exist (MSI cannot save an item for an unknown source).
    ///
    /// Answers `[]`, as Magento does for this void operation. Source items keep no `updated_at`.
    static func saveSourceItems(_ body: JSONObject, in store: inout MagentoStore) -> SandboxResponse {
        guard let value = body["sourceItems"], value != .null else { return MagentoResponses.required("sourceItems") }
        guard case .array(let elements) = value else {
            return MagentoResponses.invalidType(
                value.preview, expected: "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface[]")
        }
        guard !elements.isEmpty else { return MagentoResponses.error(400, "Input data is empty") }
        var errors: [(message: String, parameters: JSONValue)] = []
        func problem(_ message: String, _ field: String) {
            errors.append((message, MagentoResponses.named(["field": .string(field)])))
        }
        var writes: [(sku: String, source: String, quantity: Quantity, status: Int)] = []
        var unknownSource = false
        for element in elements {
            guard case .object(let item) = element else {
                problem("\"%field\" can not be empty.", "sku")
                continue
            }
            let sku = text(item["sku"])
            let source = text(item["source_code"])
            var valid = true
            if sku.trimmingCharacters(in: .whitespaces).isEmpty {
                problem("\"%field\" can not be empty.", "sku")
                valid = false
            }
            if source.trimmingCharacters(in: .whitespaces).isEmpty {
                problem("\"%field\" can not be empty.", "source_code")
                valid = false
            } else if source.contains(where: \.isWhitespace) {
                problem("\"%field\" can not contain whitespaces.", "source_code")
                valid = false
            }
            let quantity = number(item["quantity"], scale: Quantity.scale).map(Quantity.init(ticks:))
            if let quantity {
                if quantity.isNegative {
                    problem("\"%field\" can not be negative.", "quantity")
                    valid = false
                }
            } else {
                problem("\"%field\" should be numeric.", "quantity")
                valid = false
            }
            let status = number(item["status"], scale: 0)
            if let status {
                if status != 0 && status != 1 {
                    problem("\"%field\" should be known status.", "status")
                    valid = false
                }
            } else {
                problem("\"%field\" should be numeric.", "status")
                valid = false
            }
            if let quantity, let status, status == 1, quantity.ticks <= 0 {
                errors.append(
                    (
                        "Product cannot have \"%status\" \"%in_stock\" while product \"%quantity\" equals or below zero",
                        MagentoResponses.named([
                            "status": .string("status"), "in_stock": .string("In Stock"),
                            "quantity": .string("quantity"),
                        ])
                    ))
                valid = false
            }
            guard valid, let quantity, let status else { continue }
            if !store.sources.contains(source) { unknownSource = true }
            writes.append((sku, source, quantity, Int(status)))
        }
        guard errors.isEmpty else { return MagentoResponses.validationFailed(errors) }
        guard !unknownSource else { return MagentoResponses.error(400, "Could not save Source Item") }
        for write in writes {
            store.setSourceItem(sku: write.sku, source: write.source, quantity: write.quantity, status: write.status)
        }
        return .json(200, .array([]))
    }

    /// Sets the legacy stock item of a product: the `default` source's quantity (`qty`) and
    /// status (`is_in_stock`; without it, in stock exactly when the quantity is above zero).
    /// Answers the stock item's id. Under MSI this touches the `default` source only, as in Magento.
    static func updateStockItem(sku: String, _ body: JSONObject, in store: inout MagentoStore) -> SandboxResponse {
        guard let product = store.product(sku: sku), let current = store.stockItem(for: product) else {
            return MagentoResponses.noSuchProduct()
        }
        guard let value = body["stockItem"], value != .null else { return MagentoResponses.required("stockItem") }
        guard case .object(let stockItem) = value else {
            return MagentoResponses.invalidType(
                value.preview, expected: "\\Magento\\CatalogInventory\\Api\\Data\\StockItemInterface")
        }
        var quantity = MagentoJSON.quantity(current["qty"])
        if let given = stockItem["qty"], given != .null {
            guard let ticks = number(given, scale: Quantity.scale) else {
                return MagentoResponses.invalidType(given.preview, expected: "float")
            }
            quantity = Quantity(ticks: ticks)
        }
        var inStock = quantity.ticks > 0
        switch stockItem["is_in_stock"] {
        case .bool(let flag)?: inStock = flag
        case .number(let text)?: inStock = Int(text) != 0
        case nil, .null?: break
        case let other?: return MagentoResponses.invalidType(other.preview, expected: "bool")
        }
        store.setSourceItem(sku: sku, source: MagentoStore.defaultSource, quantity: quantity, status: inStock ? 1 : 0)
        return .json(200, current["item_id"] ?? .number("0"))
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let text)?: text
        default: ""
        }
    }

    /// A JSON number or numeric string (PHP's `is_numeric`) at `scale` decimals, rounded.
    private static func number(_ value: JSONValue?, scale: Int) -> Int64? {
        switch value {
        case .number(let text)?: ExactDecimal.parse(text, scale: scale)
        case .string(let text)?: ExactDecimal.parse(text.trimmingCharacters(in: .whitespaces), scale: scale)
        default: nil
        }
    }
}
