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
    /// Decodes every element of `wrapper`, one problem per element that cannot be read, then
    /// resolves repeated IDs (see ``LatestCopies``).
    static func decodeAll<Document: Hashable>(
        _ wrapper: XeroBody,
        source: String,
        idKey: String,
        payableType: String,
        decode: (JSONRecord) throws(RecordError) -> Document,
        identity: (Document) -> (id: String, updatedAt: Date?)
    ) -> (documents: [Document], problems: [InputProblem]) {
        var copies = LatestCopies<Document>(idKey: idKey, updatedKey: "UpdatedDateUTC")
        var problems: [InputProblem] = []
        for (path, record) in wrapper.envelope.records(source: source, problems: &problems) {
            let subject = subject(of: record, idKey: idKey, path: path, payableType: payableType)
            do {
                let document = try decode(record)
                let (id, updatedAt) = identity(document)
                copies.append(document, path: path, id: id, updatedAt: updatedAt, subject: subject)
            } catch {
                problems.append(InputProblem(source: source, subject: subject, message: error.description))
            }
        }
        let documents = copies.resolve(source: source, problems: &problems)
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

    /// A required, non-empty string member.
    static func identifier(_ record: JSONRecord, _ key: String) throws(RecordError) -> String {
        let text = try record.string(key)
        guard !text.isEmpty else { throw record.invalid(key, "is empty") }
        return text
    }

    /// An optional string member; Xero sends `""` for an unset reference or number.
    static func optionalText(_ record: JSONRecord, _ key: String) throws(RecordError) -> String? {
        guard let text = try record.optionalString(key), !text.isEmpty else { return nil }
        return text
    }

    /// A required member whose text must be the raw value of one of `values`.
    static func oneOf<Value: RawRepresentable>(
        _ record: JSONRecord, _ key: String, among values: [Value]
    ) throws(RecordError) -> Value where Value.RawValue == String {
        let text = try record.string(key)
        guard let value = values.first(where: { $0.rawValue == text }) else {
            let expected = values.map(\.rawValue).joined(separator: ", ")
            throw record.invalid(key, "\"\(text.prefix(40))\" is not one of \(expected)")
        }
        return value
    }

    /// The business date: `Date` (`/Date(1539993600000+0000)/`), else its `DateString` twin.
    static func date(_ record: JSONRecord) throws(RecordError) -> LocalDate? {
        if let date = try record.optionalXeroDate("Date") { return date.localDate }
        return try record.optionalXeroDate("DateString")?.localDate
    }

    /// `LineItems`, with amounts in the document's currency.
    static func lines(_ record: JSONRecord, currency: Currency) throws(RecordError) -> [DocumentLine] {
        var lines: [DocumentLine] = []
        for line in try record.records("LineItems") {
            lines.append(
                DocumentLine(
                    itemCode: try optionalText(line, "ItemCode"),
                    description: try line.optionalString("Description"),
                    quantity: try line.optionalQuantity("Quantity"),
                    unitAmount: try line.optionalUnitPrice("UnitAmount", currency: currency),
                    lineAmount: try line.optionalMoney("LineAmount", currency: currency),
                    accountCode: try optionalText(line, "AccountCode")
                ))
        }
        return lines
    }
}
