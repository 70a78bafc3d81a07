public import TrueUpCore

/// Reads the body of Magento `GET /V1/products` into ``StockLevel``s for a shop on the legacy
/// CatalogInventory (no MSI): each product's `extension_attributes.stock_item.qty`, at source
/// `default`, exactly.
///
/// Products of a composite type (`configurable`, `bundle`, `grouped`) hold no stock of their own
/// (their children do) and are skipped. A product without a `stock_item` has no known quantity: a
/// problem about its SKU, as is any record that cannot be read (`.unknown` when no sku can be
/// read). A SKU that appears more than once keeps every copy out, with one problem: which
/// quantity is current cannot be known.
public enum MagentoProductStockDecoder {
    /// The `type_id`s whose products hold no stock of their own.
    public static let compositeTypes: Set<String> = ["configurable", "bundle", "grouped"]

    /// Decodes `{"items": [ <product>, … ], "search_criteria": {…}, "total_count": N}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `GET /V1/products`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<StockLevel> {
        try decode(MagentoSearchResult(body, source: source), source: source)
    }

    /// Decodes a search result already read, as ``decode(_:source:)`` decodes the body it reads.
    static func decode(_ result: MagentoSearchResult, source: String) throws(BodyError) -> DecodedBody<StockLevel> {
        var levels: [(path: String, level: StockLevel)] = []
        var problems: [InputProblem] = []
        for (path, record) in result.envelope.records(source: source, problems: &problems) {
            let sku = MagentoFields.readableText(record, "sku")
            do {
                if let level = try level(from: record) { levels.append((path, level)) }
            } catch {
                problems.append(
                    InputProblem(source: source, subject: sku.map { .sku($0) } ?? .unknown, message: error.description))
            }
        }
        var pathsBySKU: [String: [String]] = [:]
        for (path, level) in levels { pathsBySKU[level.sku, default: []].append(path) }
        var reported: Set<String> = []
        for (_, level) in levels {
            guard let paths = pathsBySKU[level.sku], paths.count > 1, reported.insert(level.sku).inserted else {
                continue
            }
            let times = paths.count == 2 ? "twice" : "\(paths.count) times"
            problems.append(
                InputProblem(
                    source: source, subject: .sku(level.sku),
                    message: "\(listed(paths)): sku \"\(level.sku)\" appears \(times); none of these quantities is used"
                ))
        }
        let kept = levels.map(\.level).filter { !reported.contains($0.sku) }
        return DecodedBody(records: kept, problems: problems, paging: result.paging)
    }

    /// The product's stock at `default`, or `nil` for a composite product.
    private static func level(from record: JSONRecord) throws(RecordError) -> StockLevel? {
        let sku = try MagentoFields.text(record, "sku")
        if let type = try record.optionalString("type_id"), compositeTypes.contains(type) { return nil }
        guard let attributes = try record.optionalRecord("extension_attributes"),
            let stockItem = try attributes.optionalRecord("stock_item")
        else {
            throw record.invalid(
                "extension_attributes.stock_item", "is missing, so the product's quantity is unknown")
        }
        return StockLevel(sku: sku, source: "default", quantity: try stockItem.quantity("qty"))
    }
}
