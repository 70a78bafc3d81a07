import Foundation

/// The web API operations the sandbox emulates, resolved from a method and a path
/// `/rest/<store code>/V1/…` or `/rest/V1/…`. Without MSI, `/V1/inventory/…` resolves to
/// nothing, as in a shop without the Inventory modules.
enum MagentoEndpoint: Equatable {
    /// `POST /V1/integration/admin/token`
    case adminToken
    /// `GET /V1/orders`, `/V1/inventory/source-items`, …
    case search(MagentoResource)
    /// `GET /V1/orders/{id}`
    case order(id: String)
    /// `POST /V1/orders/{id}/comments`
    case orderComment(id: String)
    /// `POST /V1/inventory/source-items`
    case saveSourceItems
    /// `GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}`
    case salableQuantity(sku: String, stockID: String)
    /// `GET /V1/stockItems/{sku}`
    case stockItem(sku: String)
    /// `PUT /V1/products/{sku}/stockItems/{itemId}`
    case updateStockItem(sku: String, itemID: String)

    /// The ACL resource a token needs, as Magento's 401 names it.
    var aclResource: String {
        switch self {
        case .adminToken: "anonymous"
        case .search(let resource): resource.aclResource
        case .order: "Magento_Sales::actions_view"
        case .orderComment: "Magento_Sales::comment"
        case .saveSourceItems: "Magento_InventoryApi::stock_source_item_assign"
        case .salableQuantity: "Magento_InventoryApi::stock"
        case .stockItem, .updateStockItem: "Magento_CatalogInventory::cataloginventory"
        }
    }

    static let prefix = "/rest/"

    static func resolve(method: String, path: String, msi: Bool) -> MagentoEndpoint? {
        guard path.hasPrefix(prefix) else { return nil }
        var segments = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        if segments.first != "V1" {
            guard segments.count >= 2, segments[1] == "V1", Self.isStoreCode(segments[0]) else { return nil }
            segments.removeFirst()
        }
        let parts = segments.dropFirst().map { $0.removingPercentEncoding ?? $0 }
        let endpoint: MagentoEndpoint? =
            switch (method, parts.count) {
            case ("POST", 3) where parts == ["integration", "admin", "token"]: .adminToken
            case ("GET", 1): MagentoResource.allCases.first { $0.path == parts[0] }.map(Self.search)
            case ("GET", 2) where parts[0] == "inventory":
                MagentoResource.allCases.first { $0.path == parts.joined(separator: "/") }.map(Self.search)
            case ("GET", 2) where parts[0] == "orders": .order(id: parts[1])
            case ("GET", 2) where parts[0] == "stockItems": .stockItem(sku: parts[1])
            case ("POST", 2) where parts == ["inventory", "source-items"]: .saveSourceItems
            case ("POST", 3) where parts[0] == "orders" && parts[2] == "comments": .orderComment(id: parts[1])
            case ("GET", 4) where parts[0] == "inventory" && parts[1] == "get-product-salable-quantity":
                .salableQuantity(sku: parts[2], stockID: parts[3])
            case ("PUT", 4) where parts[0] == "products" && parts[2] == "stockItems":
                .updateStockItem(sku: parts[1], itemID: parts[3])
            default: nil
            }
        guard let endpoint else { return nil }
        if !msi, endpoint.needsMSI { return nil }
        return endpoint
    }

    private var needsMSI: Bool {
        switch self {
        case .search(let resource): resource.needsMSI
        case .saveSourceItems, .salableQuantity: true
        default: false
        }
    }

    /// A store code: a letter, then letters, digits and underscores (`default`, `all`, `nz_en`).
    private static func isStoreCode(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, CharacterSet.letters.contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_")
        }
    }
}
