import Foundation
import TrueUpCore

/// What invoices and credit notes share: their fields, how a problem with one is attributed,
/// and how repeated copies of one document in a body are resolved.
///
/// Attribution. TrueUp reads sales documents only to learn whether a storefront order (an ACCREC
/// invoice) or refund (an ACCRECCREDIT note) has been posted, matched by `Reference`. So:
/// - a document whose `Reference` can be read is `.reference(text)`, whatever its type: that
///   order or refund's posting status is now uncertain;
/// - a document whose `Reference` is absent, `null` or empty can post no order or refund, and is
///   reported as `.document(id)` (its id, else its path): kept for a person, affecting no SKU;
/// - a document whose `Reference` is there but not text (or that is not an object at all) is
///   `.unknown` — any order could be the one it posts — unless its `Type` reads as a bill or
///   supplier credit (`ACCPAY`, `ACCPAYCREDIT`), which posts no storefront order: `.document(id)`.
enum XeroDocuments {
    /// Decodes every element of `wrapper` (see ``XeroRecords``), attributing problems as described
    /// above.
    static func decodeAll<Document: Hashable>(
        _ wrapper: XeroBody,
        source: String,
        idKey: String,
        payableType: String,
        decode: (JSONRecord) throws(RecordError) -> Document,
        identity: (Document) -> (id: String, updatedAt: Date?)
    ) -> (documents: [Document], problems: [InputProblem]) {
        let (documents, problems) = XeroRecords.decodeAll(
            wrapper, source: source, idKey: idKey,
            subject: { record, path in
                guard let record else { return .unknown }
                return subject(of: record, idKey: idKey, path: path, payableType: payableType)
            },
            decode: decode, identity: identity)
        return (documents, problems)
    }

    /// What a problem with `record` makes uncertain; see the type's documentation.
    static func subject(of record: JSONRecord, idKey: String, path: String, payableType: String) -> InputProblem.Subject
    {
        var postsNothing: InputProblem.Subject {
            if case .string(let id)? = record.value(idKey), !id.isEmpty { return .document(id) }
            return .document(path)
        }
        switch record.value("Reference") {
        case .string(let reference)? where !reference.isEmpty:
            return .reference(reference)
        case nil, .string?:
            return postsNothing
        case .some:
            if case .string(let type)? = record.value("Type"), type == payableType { return postsNothing }
            return .unknown
        }
    }

    // MARK: Fields

    /// `LineItems`, with amounts in the document's currency.
    static func lines(_ record: JSONRecord, currency: Currency) throws(RecordError) -> [DocumentLine] {
        var lines: [DocumentLine] = []
        for line in try record.records("LineItems") {
            lines.append(
                DocumentLine(
                    itemCode: try XeroRecords.optionalText(line, "ItemCode"),
                    description: try line.optionalString("Description"),
                    quantity: try line.optionalQuantity("Quantity"),
                    unitAmount: try line.optionalUnitPrice("UnitAmount", currency: currency),
                    lineAmount: try line.optionalMoney("LineAmount", currency: currency),
                    accountCode: try XeroRecords.optionalText(line, "AccountCode")
                ))
        }
        return lines
    }
}
