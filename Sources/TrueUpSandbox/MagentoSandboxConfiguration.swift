public import Foundation

/// How an emulated Magento 2.4 behaves: its admin login and integrations, whether the Inventory
/// (MSI) modules are installed, its sources, its web API input limits and its clock.
public struct MagentoSandboxConfiguration: Sendable {
    /// The admin user `POST /V1/integration/admin/token` accepts.
    public var adminUsername = "admin"
    /// The password that goes with ``adminUsername``.
    public var adminPassword = "admin123"
    /// How long an admin token is good for (Magento's default: 4 hours).
    public var adminTokenLifetime: Duration = .seconds(4 * 3600)
    /// Access tokens of integrations (System › Integrations), accepted as Bearer tokens on every
    /// call and never expiring, as when "Allow OAuth Access Tokens to be used as standalone
    /// Bearer tokens" is on.
    public var integrationTokens: [String] = []
    /// Whether the Inventory (MSI) modules are installed. Without them `/V1/inventory/…` answers
    /// 404 and stock lives only in the legacy stock items (the `default` source here).
    public var msi = true
    /// Source codes the shop has besides `default` and those its seeded source items name.
    public var sources: [String] = []
    /// The source a shipment takes stock from when it holds the SKU; otherwise the first source
    /// that does (in the order source items were made).
    public var shippingSource = "default"
    /// The largest `searchCriteria[pageSize]` a search accepts (Magento's web API input limits,
    /// 300 by default); a larger one is a 400. `nil` turns the input limits off.
    public var maximumPageSize: Int? = 300
    /// The page size of a search that gives none while input limits are on (Magento's default
    /// 20). With them off, such a search returns everything on one page.
    public var defaultPageSize = 20
    /// The tax rate, in percent, on the lines of orders made by ``MagentoSandbox/placeOrder(lines:shipped:paid:number:currency:)``.
    public var taxPercent = 15
    /// The path of a JSON Lines file that receives one line per `/rest` exchange (the admin
    /// token call, which carries the password, excepted), for checking the traffic against
    /// Magento's Swagger spec. `nil` records nothing. It may be the Xero sandbox's file too.
    public var exchangeLog: String? = nil
    /// The sandbox's clock: `created_at`, `updated_at` and token expiry read it, so a test can
    /// move time on without waiting.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
