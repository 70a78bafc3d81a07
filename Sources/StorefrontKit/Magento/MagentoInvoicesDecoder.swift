public import TrueUpCore

/// Reads the body of Magento `GET /V1/invoices` into ``StorePayment``s: an invoice is money
/// captured for an order.
///
/// Fields: `entity_id` (the id), `increment_id` (the number, optional), `order_id`,
/// `transaction_id` (the gateway's id, optional; empty is none), `grand_total` in
/// `order_currency_code` (else `base_currency_code`), `created_at` and `updated_at`.
///
/// Problems. A payment is matched by its gateway transaction id, so a record that cannot be read
/// is a problem about that id (`.reference`) when it has one, else about the invoice
/// (`.document("invoice <increment_id>")`), else `.unknown`. An `entity_id` repeated in the body
/// keeps the copy with the later `updated_at`.
public enum MagentoInvoicesDecoder {
    /// Decodes `{"items": [ <invoice>, … ], "search_criteria": {…}, "total_count": N}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `GET /V1/invoices`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `items` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<StorePayment> {
        try decode(MagentoSearchResult(body, source: source), source: source)
    }

    /// Decodes a search result already read, as ``decode(_:source:)`` decodes the body it reads.
    static func decode(_ result: MagentoSearchResult, source: String) throws(BodyError) -> DecodedBody<StorePayment> {
        var copies = LatestCopies<StorePayment>(idKey: "entity_id", updatedKey: "updated_at")
        var problems: [InputProblem] = []
        for (path, record) in result.envelope.records(source: source, problems: &problems) {
            let subject = subject(of: record)
            do {
                let payment = try payment(from: record)
                copies.append(payment, path: path, id: payment.id, updatedAt: payment.updatedAt, subject: subject)
            } catch {
                problems.append(InputProblem(source: source, subject: subject, message: error.description))
            }
        }
        let payments = copies.resolve(source: source, problems: &problems)
        return DecodedBody(records: payments, problems: problems, paging: result.paging)
    }

    private static func payment(from record: JSONRecord) throws(RecordError) -> StorePayment {
        let id = try record.identifier("entity_id")
        let number = try record.optionalString("increment_id").flatMap { $0.isEmpty ? nil : $0 }
        let orderID = try record.identifier("order_id")
        let reference = try record.optionalString("transaction_id").flatMap { $0.isEmpty ? nil : $0 }
        let currency = try MagentoFields.documentCurrency(record)
        let amount = try record.money("grand_total", currency: currency)
        let createdAt = try record.timestamp("created_at")
        let updatedAt = try record.timestamp("updated_at")
        return StorePayment(
            id: id, number: number, orderID: orderID, reference: reference, amount: amount, createdAt: createdAt,
            updatedAt: updatedAt)
    }

    private static func subject(of record: JSONRecord) -> InputProblem.Subject {
        if let reference = MagentoFields.readableText(record, "transaction_id") { return .reference(reference) }
        if let number = MagentoFields.readableText(record, "increment_id") { return .document("invoice \(number)") }
        return .unknown
    }
}
