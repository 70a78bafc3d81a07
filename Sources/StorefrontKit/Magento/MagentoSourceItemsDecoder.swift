public import TrueUpCore

/// Reads the body of Magento MSI `GET /V1/inventory/source-items` into ``StockLevel``s: the
/// quantity of one SKU at one source, exactly (a JSON number or a numeric string).
///
/// `status` (the source item's in-stock flag) is not read: TrueUp syncs the source quantity.
/// A record that cannot be read becomes a problem about its `sku` (`.unknown` when no sku can be
/// read). A (`sku`, `source_code`) pair that appears more than once (compared exactly) keeps every
/// copy out, with one problem: which quantity is current cannot be known.
public enum MagentoSourceItemsDecoder {
    /// Decodes `{"items": [{"sku", "source_code", "quantity", "status"}, …], "total_count": N}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `magento/source-items.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<StockLevel> {
        try decode(MagentoSearchResult(body, source: source), source: source)
    }

    /// Decodes a search result already read, as ``decode(_:source:)`` decodes the body it reads.
    static func decode(_ result: MagentoSearchResult, source: String) throws(BodyError) -> DecodedBody<StockLevel> {
        var levels: [StockLevel] = []
        var problems: [InputProblem] = []
        var pathsByKey: [SourceItemKey: [String]] = [:]
        var keysInOrder: [SourceItemKey] = []
        for (path, record) in result.envelope.records(source: source, problems: &problems) {
            let sku = MagentoFields.readableText(record, "sku")
            if let sku, let sourceCode = MagentoFields.readableText(record, "source_code") {
                let key = SourceItemKey(sku: sku, source: sourceCode)
                if pathsByKey[key] == nil { keysInOrder.append(key) }
                pathsByKey[key, default: []].append(path)
            }
            do {
                levels.append(
                    StockLevel(
                        sku: try MagentoFields.text(record, "sku"),
                        source: try MagentoFields.text(record, "source_code"),
                        quantity: try record.quantity("quantity")
                    ))
            } catch {
                problems.append(
                    InputProblem(source: source, subject: sku.map { .sku($0) } ?? .unknown, message: error.description))
            }
        }
        var duplicated: Set<SourceItemKey> = []
        for key in keysInOrder {
            guard let paths = pathsByKey[key], paths.count > 1 else { continue }
            duplicated.insert(key)
            let times = paths.count == 2 ? "twice" : "\(paths.count) times"
            let message =
                "\(listed(paths)): sku \"\(key.sku)\" at source \"\(key.source)\" appears \(times); "
                + "none of these quantities is used"
            problems.append(InputProblem(source: source, subject: .sku(key.sku), message: message))
        }
        let kept = levels.filter { !duplicated.contains(SourceItemKey(sku: $0.sku, source: $0.source)) }
        return DecodedBody(records: kept, problems: problems, paging: result.paging)
    }
}

/// A source item's identity: MSI has no id for it but the pair.
private struct SourceItemKey: Hashable {
    let sku: String
    let source: String
}
