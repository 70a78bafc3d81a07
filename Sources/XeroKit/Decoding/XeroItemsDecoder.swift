public import TrueUpCore

/// Reads the body of Xero `GET /Items` into ``Item``s.
///
/// A record that cannot be read becomes an ``InputProblem`` about its `Code` (`.itemCode`), or
/// `.unknown` when no Code can be read, and the other records are still decoded. A `Code` that
/// appears on more than one record (compared exactly) keeps every one of them out, with one problem.
public enum XeroItemsDecoder {
    /// Decodes `{"Id": …, "Status": "OK", …, "Items": [ … ]}`.
    ///
    /// - Parameters:
    ///   - source: the file or endpoint, named in every problem and error: `xero/Items.json`.
    ///   - baseCurrency: the organisation's base currency, in which `TotalCostPool` and
    ///     `PurchaseDetails.UnitPrice` are read; when `nil` those fields are not read at all.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `Items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String, baseCurrency: Currency?
    ) throws(BodyError) -> DecodedBody<Item> {
        var items: [Item] = []
        // Elements that are not objects first, then each item that cannot be read, in order.
        var problems: [InputProblem] = []
        var itemProblems: [InputProblem] = []
        var pathsByCode: [String: [String]] = [:]
        var codesInOrder: [String] = []
        // One item's tree at a time: a large catalogue is one unpaged body.
        _ = try XeroBody.streamRecords(body, source: source, arrayKey: "Items", problems: &problems) {
            path, record in
            let code = readableCode(record)
            if let code {
                if pathsByCode[code] == nil { codesInOrder.append(code) }
                pathsByCode[code, default: []].append(path)
            }
            do throws(RecordError) {
                items.append(try item(from: record, baseCurrency: baseCurrency))
            } catch {
                itemProblems.append(
                    InputProblem(
                        source: source, subject: code.map { .itemCode($0) } ?? .unknown, message: error.description))
            }
        }
        problems += itemProblems
        var duplicated: Set<String> = []
        for code in codesInOrder {
            guard let paths = pathsByCode[code], paths.count > 1 else { continue }
            duplicated.insert(code)
            let times = paths.count == 2 ? "twice" : "\(paths.count) times"
            let message =
                "\(listed(paths)): Code \"\(code)\" appears \(times); "
                + "none of these items is used until the codes are unique"
            problems.append(InputProblem(source: source, subject: .itemCode(code), message: message))
        }
        return DecodedBody(records: items.filter { !duplicated.contains($0.code) }, problems: problems)
    }

    private static func item(from record: JSONRecord, baseCurrency: Currency?) throws(RecordError) -> Item {
        let code = try record.string("Code")
        guard !code.isEmpty else { throw record.invalid("Code", "is empty") }
        let isTracked = try record.optionalBool("IsTrackedAsInventory") ?? false
        // Negative quantities are kept: judging them is the engine's job, not the reader's.
        let quantityOnHand = try record.optionalQuantity("QuantityOnHand")
        if isTracked, quantityOnHand == nil {
            throw record.invalid("QuantityOnHand", "is missing on an item tracked as inventory")
        }
        var totalCostPool: Money?
        var purchaseUnitPrice: UnitPrice?
        if let baseCurrency {
            totalCostPool = try record.optionalMoney("TotalCostPool", currency: baseCurrency)
            purchaseUnitPrice = try record.optionalRecord("PurchaseDetails")?
                .optionalUnitPrice("UnitPrice", currency: baseCurrency)
        }
        return Item(
            id: try record.optionalString("ItemID"),
            code: code,
            name: try record.optionalString("Name") ?? "",
            isTracked: isTracked,
            quantityOnHand: quantityOnHand,
            totalCostPool: totalCostPool,
            purchaseUnitPrice: purchaseUnitPrice,
            updatedAt: try record.optionalXeroDate("UpdatedDateUTC")?.instant
        )
    }

    /// The record's `Code` when it is a non-empty string: what a problem with the record is about.
    private static func readableCode(_ record: JSONRecord) -> String? {
        guard let code = try? record.optionalString("Code"), !code.isEmpty else { return nil }
        return code
    }
}
