import TrueUpCore

/// The collections the emulated Magento keeps and searches, each the body of one
/// `GET …/V1/<path>?searchCriteria…` and one optional seed file `magento/<file>.json`.
enum MagentoResource: CaseIterable, Hashable {
    case sourceItems
    case sources
    case orders
    case invoices
    case creditMemos
    case transactions
    case products

    /// The seed file's name without `.json`.
    var file: String {
        switch self {
        case .sourceItems: "source-items"
        case .sources: "sources"
        case .orders: "orders"
        case .invoices: "invoices"
        case .creditMemos: "creditmemos"
        case .transactions: "transactions"
        case .products: "products"
        }
    }

    /// The path of its search under `/V1/`.
    var path: String {
        switch self {
        case .sourceItems: "inventory/source-items"
        case .sources: "inventory/sources"
        default: file
        }
    }

    /// Whether it exists only with the Inventory (MSI) modules.
    var needsMSI: Bool { self == .sourceItems || self == .sources }

    /// The ACL resource a token must grant, named in Magento's 401.
    var aclResource: String {
        switch self {
        case .sourceItems, .sources: "Magento_InventoryApi::source"
        case .orders: "Magento_Sales::actions_view"
        case .invoices: "Magento_Sales::sales_invoice"
        case .creditMemos: "Magento_Sales::sales_creditmemo"
        case .transactions: "Magento_Sales::transactions"
        case .products: "Magento_Catalog::products"
        }
    }

    /// The member that identifies a record; source items have none but (`sku`, `source_code`).
    var idField: String? {
        switch self {
        case .sourceItems: nil
        case .sources: "source_code"
        case .transactions: "transaction_id"
        case .products: "id"
        case .orders, .invoices, .creditMemos: "entity_id"
        }
    }

    /// The record's key in its collection: its id, or `sku` and `source_code` for a source item.
    func key(of record: JSONObject) -> String? {
        guard let idField else {
            guard let sku = record.text("sku"), let source = record.text("source_code") else { return nil }
            return Self.sourceItemKey(sku: sku, source: source)
        }
        return MagentoJSON.key(record[idField])
    }

    static func sourceItemKey(sku: String, source: String) -> String { "\(sku)\u{0}\(source)" }

    /// Search fields that name another member of the record (the product's `entity_id` is its `id`).
    func member(forField field: String) -> String {
        self == .products && field == "entity_id" ? "id" : field
    }

    /// The table columns (or, for products, attributes) a search may filter and sort on, besides
    /// any scalar member the seeded records carry.
    var columns: Set<String> {
        switch self {
        case .sourceItems: ["source_item_id", "sku", "source_code", "quantity", "status"]
        case .sources:
            [
                "source_code", "name", "enabled", "description", "latitude", "longitude", "country_id", "region_id",
                "region", "city", "street", "postcode", "contact_name", "email", "phone", "fax",
                "use_default_carrier_config",
            ]
        case .orders:
            [
                "entity_id", "increment_id", "state", "status", "created_at", "updated_at", "store_id", "store_name",
                "customer_id", "customer_is_guest", "customer_email", "customer_firstname", "customer_lastname",
                "customer_group_id", "customer_note", "coupon_code", "protect_code", "quote_id", "remote_ip",
                "ext_order_id", "email_sent", "is_virtual", "order_currency_code", "base_currency_code",
                "global_currency_code", "store_currency_code", "subtotal", "base_subtotal", "tax_amount",
                "base_tax_amount", "shipping_amount", "base_shipping_amount", "shipping_description",
                "discount_amount", "base_discount_amount", "grand_total", "base_grand_total", "total_qty_ordered",
                "total_item_count", "total_paid", "base_total_paid", "total_due", "base_total_due", "total_invoiced",
                "base_total_invoiced", "total_refunded", "base_total_refunded", "total_canceled",
                "base_total_canceled", "weight",
            ]
        case .invoices:
            [
                "entity_id", "increment_id", "order_id", "store_id", "state", "created_at", "updated_at",
                "order_currency_code", "base_currency_code", "global_currency_code", "store_currency_code",
                "subtotal", "base_subtotal", "tax_amount", "base_tax_amount", "shipping_amount", "discount_amount",
                "grand_total", "base_grand_total", "total_qty", "transaction_id", "email_sent", "can_void_flag",
                "is_used_for_refund", "billing_address_id", "shipping_address_id",
            ]
        case .creditMemos:
            [
                "entity_id", "increment_id", "order_id", "invoice_id", "store_id", "state", "creditmemo_status",
                "created_at", "updated_at", "order_currency_code", "base_currency_code", "global_currency_code",
                "store_currency_code", "subtotal", "base_subtotal", "tax_amount", "base_tax_amount",
                "shipping_amount", "adjustment", "grand_total", "base_grand_total", "transaction_id", "email_sent",
            ]
        case .transactions:
            [
                "transaction_id", "parent_id", "order_id", "payment_id", "txn_id", "parent_txn_id", "txn_type",
                "is_closed", "created_at",
            ]
        case .products:
            [
                "entity_id", "sku", "name", "type_id", "attribute_set_id", "price", "status", "visibility",
                "created_at", "updated_at", "weight",
            ]
        }
    }
}
