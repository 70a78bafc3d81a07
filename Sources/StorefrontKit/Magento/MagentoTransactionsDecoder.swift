public import TrueUpCore

/// Reads the body of Magento `GET /V1/transactions` into ``StoreTransaction``s: the payment
/// gateway's captures, refunds and authorisations on orders.
///
/// Fields: `transaction_id` (the id), `order_id`, `txn_id` (the gateway's id, which a Xero
/// payment's `Reference` carries), `txn_type` (`capture`, `refund`, `authorization`, `void`,
/// `order`), `created_at` (transactions have no `updated_at`) and `is_closed` (0 or 1, a numeric
/// string or a boolean).
///
/// Problems. A record that cannot be read is a problem about its `txn_id` (`.reference`), else
/// `.unknown`. A `transaction_id` repeated in the body with different contents keeps no copy.
public enum MagentoTransactionsDecoder {
    /// Decodes `{"items": [ <transaction>, … ], "search_criteria": {…}, "total_count": N}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `GET /V1/transactions`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<StoreTransaction> {
        try decode(MagentoSearchResult(body, source: source), source: source)
    }

    /// Decodes a search result already read, as ``decode(_:source:)`` decodes the body it reads.
    static func decode(_ result: MagentoSearchResult, source: String) throws(BodyError) -> DecodedBody<StoreTransaction>
    {
        var copies = LatestCopies<StoreTransaction>(idKey: "transaction_id", updatedKey: "created_at")
        var problems: [InputProblem] = []
        for (path, record) in result.envelope.records(source: source, problems: &problems) {
            let subject =
                MagentoFields.readableText(record, "txn_id").map { InputProblem.Subject.reference($0) } ?? .unknown
            do {
                let transaction = try transaction(from: record)
                copies.append(
                    transaction, path: path, id: transaction.id, updatedAt: transaction.createdAt, subject: subject)
            } catch {
                problems.append(InputProblem(source: source, subject: subject, message: error.description))
            }
        }
        let transactions = copies.resolve(source: source, problems: &problems)
        return DecodedBody(records: transactions, problems: problems, paging: result.paging)
    }

    private static func transaction(from record: JSONRecord) throws(RecordError) -> StoreTransaction {
        StoreTransaction(
            id: try record.identifier("transaction_id"),
            orderID: try record.identifier("order_id"),
            reference: try MagentoFields.text(record, "txn_id"),
            kind: try MagentoFields.text(record, "txn_type"),
            createdAt: try record.timestamp("created_at"),
            isClosed: try isClosed(record))
    }

    /// `is_closed`: 0 or 1 as a number or numeric string, or a boolean.
    private static func isClosed(_ record: JSONRecord) throws(RecordError) -> Bool {
        if case .bool(let flag)? = record.value("is_closed") { return flag }
        switch try record.int64("is_closed") {
        case 0: return false
        case 1: return true
        case let other: throw record.invalid("is_closed", "expected 0 or 1, found \(other)")
        }
    }
}
