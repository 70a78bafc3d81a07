/// How TrueUp reaches one Magento 2 / Adobe Commerce shop and what it may assume about it.
/// Printing the settings shows no secret.
public struct MagentoSettings: Sendable, Hashable, CustomStringConvertible {
    /// How requests are authorised.
    public enum Auth: Sendable, Hashable, CustomStringConvertible {
        /// An admin user: TrueUp asks `POST /V1/integration/admin/token` for a 4-hour token and
        /// renews it before it runs out.
        case admin(username: String, password: String)
        /// An integration's access token (System › Integrations), sent as it is.
        case bearer(String)

        public var description: String {
            switch self {
            case .admin(let username, _): "admin(username: \(username), password: [redacted])"
            case .bearer: "bearer([redacted])"
            }
        }
    }

    /// Which stock system the shop runs.
    public enum InventoryMode: String, Sendable, Hashable, Codable {
        /// Multi-Source Inventory: source items, deducted when an order ships.
        case msi
        /// The legacy CatalogInventory stock items (MSI modules disabled): one `default` stock,
        /// decremented when an order is placed.
        case legacy
        /// MSI unless `GET /V1/inventory/source-items` answers 404.
        case detect
    }

    /// The shop's address without a path: `https://shop.example.com`, `http://127.0.0.1:8080`.
    public var baseURL: String
    /// The store view code in `/rest/<store>/V1/…`; `default` reads and writes at the default scope.
    public var storeCode: String
    public var auth: Auth
    /// The MSI sources this pair sums; `nil` for every source.
    public var sources: [String]?
    /// The source corrections are written to.
    public var primarySource: String
    /// Records asked for per page: at most 300 when the shop's input limits are on (the default).
    public var pageSize: Int
    /// How far before the cursor an incremental read starts, so that a record saved while the
    /// last read ran is not missed.
    public var overlap: Duration
    /// The shop's "Automatically Return Credit Memo Item to Stock" setting.
    public var refundsReturnToStock: Bool
    public var inventory: InventoryMode
    /// Whether the shop keeps whole units only (no product with "Qty Uses Decimals").
    public var wholeUnits: Bool
    /// Source items sent per `POST /V1/inventory/source-items`.
    public var stockWriteChunk: Int
    /// Where these settings are kept, named when a message asks the user to fix one:
    /// `pairs/shop.yaml`.
    public var origin: String

    public init(
        baseURL: String, storeCode: String = "default", auth: Auth, sources: [String]? = nil,
        primarySource: String = "default", pageSize: Int = 300, overlap: Duration = .seconds(300),
        refundsReturnToStock: Bool = false, inventory: InventoryMode = .msi, wholeUnits: Bool = true,
        stockWriteChunk: Int = 100, origin: String = "the pair's Magento settings"
    ) {
        self.baseURL = baseURL
        self.storeCode = storeCode
        self.auth = auth
        self.sources = sources
        self.primarySource = primarySource
        self.pageSize = max(1, pageSize)
        self.overlap = overlap
        self.refundsReturnToStock = refundsReturnToStock
        self.inventory = inventory
        self.wholeUnits = wholeUnits
        self.stockWriteChunk = max(1, stockWriteChunk)
        self.origin = origin
    }

    /// `<base>/rest/<store>/V1`, without a trailing slash.
    public var apiBase: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/rest/\(storeCode)/V1"
    }

    public var description: String {
        "MagentoSettings(baseURL: \(baseURL), storeCode: \(storeCode), auth: \(auth), "
            + "sources: \(sources.map { $0.joined(separator: ",") } ?? "all"), primarySource: \(primarySource), "
            + "inventory: \(inventory.rawValue))"
    }
}
