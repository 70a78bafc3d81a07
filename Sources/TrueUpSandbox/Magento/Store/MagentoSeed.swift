import Foundation
import TrueUpCore

/// Builds the shop a sandbox starts with from a scenario's `magento/` folder.
///
/// Each file is the body of the matching search (`orders.json` is a `GET /V1/orders` response,
/// `{"items": […], …}`) and each is optional: `source-items.json`, `sources.json`, `orders.json`,
/// `invoices.json`, `creditmemos.json`, `transactions.json`, `products.json`. Records are kept
/// as written, numbers and `null`s included, duplicates too. What the files leave out is made up
/// as a shop would have it:
///
/// - sources: `default`, the configured ones, and every source a source item names;
/// - products: every SKU with a source item and no product gets a simple product, named and
///   priced from its latest order line when there is one; a product's legacy stock item is
///   made from its `default` source item (a `products.json` product with a `stock_item` and no
///   such source item gives it one);
/// - reservations: units on open orders not yet shipped, canceled or refunded.
enum MagentoSeed {
    static func load(
        folder: String, configuration: MagentoSandboxConfiguration, now: Date
    ) throws(TrueUpError) -> MagentoStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound("\(folder) is not a folder; give a scenario folder such as fixtures/scenarios/demo")
        }
        let directory = (folder as NSString).appendingPathComponent("magento")
        var store = MagentoStore()
        let seedTime = MagentoJSON.timestamp(now)

        for record in try records(in: directory, resource: .sourceItems) { store.sourceItems.append(record) }
        for resource in [MagentoResource.orders, .invoices, .creditMemos, .transactions] {
            let seeded = try records(in: directory, resource: resource)
            store.withCollection(resource) { collection in
                for record in seeded { collection.append(record) }
            }
        }
        addSources(try records(in: directory, resource: .sources), configuration: configuration, to: &store)
        addProducts(try records(in: directory, resource: .products), seedTime: seedTime, to: &store)
        reserveOpenOrders(in: &store)
        numberSequences(in: &store)
        return store
    }

    private static func addSources(
        _ seeded: [JSONObject], configuration: MagentoSandboxConfiguration, to store: inout MagentoStore
    ) {
        for record in seeded { store.sources.append(record) }
        var codes = [MagentoStore.defaultSource] + configuration.sources
        codes += store.sourceItems.records.compactMap { $0.text("source_code") }
        for code in codes where !store.sources.contains(code) {
            store.sources.append(
                JSONObject([
                    "source_code": .string(code),
                    "name": .string(code == MagentoStore.defaultSource ? "Default Source" : code),
                    "enabled": .bool(true),
                    "country_id": .string("NZ"),
                    "postcode": .string("1010"),
                ]))
        }
    }

    private static func addProducts(_ seeded: [JSONObject], seedTime: String, to store: inout MagentoStore) {
        for var product in seeded {
            guard let sku = product.text("sku") else { continue }
            if var extensions = product.object("extension_attributes"),
                let stockItem = extensions.object("stock_item")
            {
                if let itemID = MagentoJSON.identifier(stockItem["item_id"]) { store.stockItemIDs[sku] = itemID }
                if store.sourceItem(sku: sku, source: MagentoStore.defaultSource) == nil {
                    let inStock = stockItem["is_in_stock"] == .bool(true)
                    store.setSourceItem(
                        sku: sku, source: MagentoStore.defaultSource, quantity: MagentoJSON.quantity(stockItem["qty"]),
                        status: inStock ? 1 : 0)
                }
                extensions["stock_item"] = nil
                product["extension_attributes"] = .object(extensions)
            }
            store.addProduct(product)
        }
        var nextID = (store.products.records.compactMap { MagentoJSON.identifier($0["id"]) }.max() ?? 0) + 1
        let lines = latestOrderLines(store.orders.records)
        for item in store.sourceItems.records {
            guard let sku = item.text("sku"), store.product(sku: sku) == nil else { continue }
            let line = lines[sku]
            store.addProduct(
                JSONObject([
                    "id": MagentoJSON.integer(nextID),
                    "sku": .string(sku),
                    "name": .string(line?.text("name") ?? sku),
                    "attribute_set_id": .number("4"),
                    "price": line?["price"] ?? .number("10.00"),
                    "status": .number("1"),
                    "visibility": .number("4"),
                    "type_id": .string("simple"),
                    "created_at": .string(seedTime),
                    "updated_at": .string(seedTime),
                    "extension_attributes": .object(JSONObject(["website_ids": .array([.number("1")])])),
                    "product_links": .array([]),
                    "options": .array([]),
                    "media_gallery_entries": .array([]),
                    "tier_prices": .array([]),
                    "custom_attributes": .array([]),
                ]))
            nextID += 1
        }
        store.reserve(.product, above: nextID - 1)
    }

    /// The last priced order line of each SKU, for the name and price of products the seed lacks.
    private static func latestOrderLines(_ orders: [JSONObject]) -> [String: JSONObject] {
        var lines: [String: JSONObject] = [:]
        for order in orders {
            for case .object(let item) in order.array("items") ?? [] {
                guard let sku = item.text("sku"), MagentoJSON.money(item["price"], exponent: 2) > 0 else { continue }
                lines[sku] = item
            }
        }
        return lines
    }

    /// Units on open orders that have not left the shop are held by reservations, as MSI placed them.
    private static func reserveOpenOrders(in store: inout MagentoStore) {
        for order in store.orders.records {
            guard let state = order.text("state"), !["canceled", "closed", "complete"].contains(state) else { continue }
            for case .object(let item) in order.array("items") ?? [] {
                guard let sku = item.text("sku"), MagentoOrderLines.movesStock(item) else { continue }
                let open = MagentoOrderLines.quantityToShip(item)
                if open.ticks > 0 { store.reserve(open, of: sku) }
            }
        }
    }

    /// New records number on from the largest seeded ids and increment ids.
    private static func numberSequences(in store: inout MagentoStore) {
        func highest(_ records: [JSONObject], _ member: String) -> Int {
            records.compactMap { MagentoJSON.identifier($0[member]) }.max() ?? 0
        }
        func highestNested(_ records: [JSONObject], _ array: String, _ member: String) -> Int {
            records.flatMap { $0.array(array) ?? [] }.compactMap { value -> Int? in
                guard case .object(let object) = value else { return nil }
                return MagentoJSON.identifier(object[member])
            }.max() ?? 0
        }
        let orders = store.orders.records
        store.reserve(.order, above: highest(orders, "entity_id"))
        store.reserve(.orderNumber, above: highest(orders, "increment_id"))
        store.reserve(.orderItem, above: highestNested(orders, "items", "item_id"))
        store.reserve(.statusHistory, above: highestNested(orders, "status_histories", "entity_id"))
        store.reserve(
            .payment, above: orders.compactMap { MagentoJSON.identifier($0.object("payment")?["entity_id"]) }.max() ?? 0
        )
        let invoices = store.invoices.records
        store.reserve(.invoice, above: highest(invoices, "entity_id"))
        store.reserve(.invoiceNumber, above: highest(invoices, "increment_id"))
        store.reserve(.invoiceItem, above: highestNested(invoices, "items", "entity_id"))
        let memos = store.creditMemos.records
        store.reserve(.creditMemo, above: highest(memos, "entity_id"))
        store.reserve(.creditMemoNumber, above: highest(memos, "increment_id"))
        store.reserve(.creditMemoItem, above: highestNested(memos, "items", "entity_id"))
        store.reserve(.transaction, above: highest(store.transactions.records, "transaction_id"))
    }

    /// The objects of a seed file's `items`; empty when the file is absent.
    private static func records(in directory: String, resource: MagentoResource) throws(TrueUpError) -> [JSONObject] {
        try SeedFile.records(
            path: (directory as NSString).appendingPathComponent("\(resource.file).json"), key: "items",
            request: "GET /V1/\(resource.path)")
    }
}
