import Foundation

/// Writes a scenario folder (DESIGN §8) with response bodies shaped like the real APIs', for tests
/// that need a scenario with one thing wrong or one thing different.
public struct ScenarioBuilder {
    public struct XeroItem {
        public var code: String
        /// The literal JSON for QuantityOnHand: `12`, `"12.5"`, `"abc"`, `null`.
        public var quantityOnHand: String
        public var tracked: Bool

        public init(_ code: String, _ quantityOnHand: String, tracked: Bool = true) {
            self.code = code
            self.quantityOnHand = quantityOnHand
            self.tracked = tracked
        }
    }

    public struct SourceItem {
        public var sku: String
        /// The literal JSON for quantity.
        public var quantity: String
        public var source: String

        public init(_ sku: String, _ quantity: String, source: String = "default") {
            self.sku = sku
            self.quantity = quantity
            self.source = source
        }
    }

    public var yaml: String
    public var items: [XeroItem]
    public var stock: [SourceItem]
    /// `sku,quantity` lines, without the header; `nil` writes no base.csv.
    public var base: [String]?
    /// Extra files by relative path, written as given.
    public var files: [String: String] = [:]

    public init(
        yaml: String = "as_of: 2026-11-20T09:00:00Z\ninventory:\n  initial_policy: xero_wins\n", items: [XeroItem],
        stock: [SourceItem], base: [String]? = nil
    ) {
        self.yaml = yaml
        self.items = items
        self.stock = stock
        self.base = base
    }

    /// Writes the folder and returns it.
    @discardableResult
    public func write(into folder: String) throws -> String {
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(folder)/xero", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: "\(folder)/magento", withIntermediateDirectories: true)
        try yaml.write(toFile: "\(folder)/scenario.yaml", atomically: true, encoding: .utf8)
        let itemBodies = items.enumerated().map { offset, item in
            let tracking =
                item.tracked
                ? "\"IsTrackedAsInventory\": true, \"InventoryAssetAccountCode\": \"630\", \"QuantityOnHand\": \(item.quantityOnHand),"
                : "\"IsTrackedAsInventory\": false,"
            return """
                    {"ItemID": "00000000-0000-4000-8000-\(String(format: "%012d", offset))", "Code": "\(item.code)", "Name": "\(item.code)", \(tracking) "UpdatedDateUTC": "/Date(1763600000000+0000)/"}
                """
        }
        try """
        {"Id": "d3d9b1c6-0f2a-4c55-9d8e-1b2c3d4e5f60", "Status": "OK", "ProviderName": "TrueUp tests", "DateTimeUTC": "/Date(1763629200000)/", "Items": [
        \(itemBodies.joined(separator: ",\n"))
        ]}

        """.write(toFile: "\(folder)/xero/Items.json", atomically: true, encoding: .utf8)
        let stockBodies = stock.map { level in
            "    {\"sku\": \"\(level.sku)\", \"source_code\": \"\(level.source)\", \"quantity\": \(level.quantity), \"status\": 1}"
        }
        try """
        {"items": [
        \(stockBodies.joined(separator: ",\n"))
        ], "search_criteria": {"filter_groups": [], "page_size": 300, "current_page": 1}, "total_count": \(stock.count)}

        """.write(toFile: "\(folder)/magento/source-items.json", atomically: true, encoding: .utf8)
        if let base {
            try (["sku,quantity"] + base).joined(separator: "\n").appending("\n")
                .write(toFile: "\(folder)/base.csv", atomically: true, encoding: .utf8)
        }
        for (path, contents) in files {
            let url = URL(fileURLWithPath: "\(folder)/\(path)")
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }
}
