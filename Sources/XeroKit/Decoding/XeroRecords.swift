import Foundation
import TrueUpCore

/// What every Xero list body's decoder shares: the loop over its records (one problem per record
/// that cannot be read, the others still decoded), the resolution of repeated IDs, and the
/// readers for fields Xero writes the same way everywhere.
enum XeroRecords {
    /// Decodes every element of `{"Id": …, "pagination": {…}, "<arrayKey>": [ … ]}`, read.
    ///
    /// - Parameters:
    ///   - idKey: the record's ID member (`PaymentID`): a repeated ID keeps the copy with the later
    ///     `UpdatedDateUTC` (see ``LatestCopies``).
    ///   - subject: what a problem with the element at a path makes uncertain; the record is `nil`
    ///     when the element is not an object.
    static func decodeBody<Record: Hashable & Sendable>(
        _ wrapper: XeroBody,
        source: String,
        idKey: String,
        subject: (_ record: JSONRecord?, _ path: String) -> InputProblem.Subject,
        decode: (JSONRecord) throws(RecordError) -> Record,
        identity: (Record) -> (id: String, updatedAt: Date?)
    ) -> DecodedBody<Record> {
        let (records, problems) = decodeAll(
            wrapper, source: source, idKey: idKey, subject: subject, decode: decode, identity: identity)
        return DecodedBody(records: records, problems: problems, paging: wrapper.paging)
    }

    /// Decodes every element of `wrapper`; see ``decodeBody(_:source:idKey:subject:decode:identity:)``.
    static func decodeAll<Record: Hashable>(
        _ wrapper: XeroBody,
        source: String,
        idKey: String,
        subject: (_ record: JSONRecord?, _ path: String) -> InputProblem.Subject,
        decode: (JSONRecord) throws(RecordError) -> Record,
        identity: (Record) -> (id: String, updatedAt: Date?)
    ) -> (records: [Record], problems: [InputProblem]) {
        var copies = LatestCopies<Record>(idKey: idKey, updatedKey: "UpdatedDateUTC")
        var problems: [InputProblem] = []
        for (offset, element) in wrapper.elements.enumerated() {
            let path = wrapper.path(offset)
            let record: JSONRecord
            do {
                record = try JSONRecord(element, path: path)
            } catch {
                problems.append(InputProblem(source: source, subject: subject(nil, path), message: error.description))
                continue
            }
            let about = subject(record, path)
            do {
                let decoded = try decode(record)
                let (id, updatedAt) = identity(decoded)
                copies.append(decoded, path: path, id: id, updatedAt: updatedAt, subject: about)
            } catch {
                problems.append(InputProblem(source: source, subject: about, message: error.description))
            }
        }
        let records = copies.resolve(source: source, problems: &problems)
        return (records, problems)
    }

    /// The subject of a record that moves no stock and posts no storefront order or refund (an
    /// account, a contact, a payment, a bank transaction): `.document` with its ID, else its path.
    /// Such a problem is kept for a person and holds up no SKU.
    static func record(idKey: String) -> (_ record: JSONRecord?, _ path: String) -> InputProblem.Subject {
        { record, path in
            if case .string(let id)? = record?.value(idKey), !id.isEmpty { return .document(id) }
            return .document(path)
        }
    }

    // MARK: Fields

    /// A required, non-empty string member.
    static func identifier(_ record: JSONRecord, _ key: String) throws(RecordError) -> String {
        let text = try record.string(key)
        guard !text.isEmpty else { throw record.invalid(key, "is empty") }
        return text
    }

    /// An optional string member; Xero sends `""` for an unset reference, number or code.
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

    /// An optional member that, when present, must be the raw value of one of `values`.
    static func optionalOneOf<Value: RawRepresentable>(
        _ record: JSONRecord, _ key: String, among values: [Value]
    ) throws(RecordError) -> Value? where Value.RawValue == String {
        guard record.has(key) else { return nil }
        return try oneOf(record, key, among: values)
    }

    /// The business date: `Date` (`/Date(1539993600000+0000)/`), else its `DateString` twin.
    static func date(_ record: JSONRecord) throws(RecordError) -> LocalDate? {
        if let date = try record.optionalXeroDate("Date") { return date.localDate }
        return try record.optionalXeroDate("DateString")?.localDate
    }

    /// The business date, which the record must have.
    static func requiredDate(_ record: JSONRecord) throws(RecordError) -> LocalDate {
        guard let date = try date(record) else { throw record.missing("Date") }
        return date
    }

    /// `UpdatedDateUTC`, which the record must have: incremental reads page by it.
    static func updatedAt(_ record: JSONRecord) throws(RecordError) -> Date {
        try record.xeroDate("UpdatedDateUTC").instant
    }
}
