public import Foundation

/// One JSON object read from an API body, with the path that led to it (`Items[3]`), so that
/// every error names the record and the field: `Items[3].QuantityOnHand: expected a number, found "abc"`.
///
/// Absent and `null` members are the same to the `optional…` readers; a member of the wrong type
/// is always an error, never quietly taken as absent.
public struct JSONRecord: Sendable {
    public let object: JSONObject
    public let path: String

    public init(_ object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    /// Reads `value` as an object, or throws naming `path`.
    public init(_ value: JSONValue, path: String) throws(RecordError) {
        guard case .object(let object) = value else {
            throw RecordError(path: path, message: "expected an object, found \(value.preview)")
        }
        self.init(object, path: path)
    }

    public func has(_ key: String) -> Bool {
        switch object[key] {
        case nil, .null?: false
        default: true
        }
    }

    public func value(_ key: String) -> JSONValue? {
        switch object[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    // MARK: Text

    public func string(_ key: String) throws(RecordError) -> String {
        guard let text = try optionalString(key) else { throw missing(key) }
        return text
    }

    public func optionalString(_ key: String) throws(RecordError) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let text)?: return text
        case let other?: throw wrongType(key, expected: "a string", found: other)
        }
    }

    /// An identifier that APIs send either as a string or as an integer (Magento's `entity_id`).
    public func identifier(_ key: String) throws(RecordError) -> String {
        guard let text = try optionalIdentifier(key) else { throw missing(key) }
        return text
    }

    public func optionalIdentifier(_ key: String) throws(RecordError) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let text)?: return text
        case .number(let text)? where !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }): return text
        case let other?: throw wrongType(key, expected: "an identifier", found: other)
        }
    }

    // MARK: Numbers

    /// A quantity from a JSON number or a numeric string, exactly.
    public func quantity(_ key: String) throws(RecordError) -> Quantity {
        guard let quantity = try optionalQuantity(key) else { throw missing(key) }
        return quantity
    }

    public func optionalQuantity(_ key: String) throws(RecordError) -> Quantity? {
        guard let text = try optionalNumberText(key) else { return nil }
        do {
            return try Quantity(parsing: text)
        } catch {
            throw RecordError(path: path, key: key, message: "quantity \(text.prefix(40)) \(error.description)")
        }
    }

    /// An amount of money in `currency` from a JSON number or a numeric string, exactly.
    public func money(_ key: String, currency: Currency) throws(RecordError) -> Money {
        guard let money = try optionalMoney(key, currency: currency) else { throw missing(key) }
        return money
    }

    public func optionalMoney(_ key: String, currency: Currency) throws(RecordError) -> Money? {
        guard let text = try optionalNumberText(key) else { return nil }
        do {
            return try Money(parsing: text, currency: currency)
        } catch {
            throw RecordError(
                path: path, key: key, message: "amount \(text.prefix(40)) \(currency.code) \(error.description)")
        }
    }

    public func optionalUnitPrice(_ key: String, currency: Currency) throws(RecordError) -> UnitPrice? {
        guard let text = try optionalNumberText(key) else { return nil }
        do {
            return try UnitPrice(parsing: text, currency: currency)
        } catch {
            throw RecordError(path: path, key: key, message: "unit price \(text.prefix(40)) \(error.description)")
        }
    }

    public func int64(_ key: String) throws(RecordError) -> Int64 {
        guard let value = try optionalInt64(key) else { throw missing(key) }
        return value
    }

    public func optionalInt64(_ key: String) throws(RecordError) -> Int64? {
        guard let text = try optionalNumberText(key) else { return nil }
        guard case .success(let value) = ScaledDecimal.parse(text, scale: 0) else {
            throw RecordError(path: path, key: key, message: "expected a whole number, found \(text.prefix(40))")
        }
        return value
    }

    /// The literal text of a number, from a JSON number or a string holding one.
    public func optionalNumberText(_ key: String) throws(RecordError) -> String? {
        switch value(key) {
        case nil: return nil
        case .number(let text)?: return text
        case .string(let text)?:
            // Numeric strings are accepted exactly like numbers; precision and range are judged by the caller.
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if case .failure(.notANumber) = ScaledDecimal.parse(trimmed, scale: 0) {
                throw RecordError(path: path, key: key, message: "expected a number, found \"\(text.prefix(40))\"")
            }
            return trimmed
        case let other?: throw wrongType(key, expected: "a number", found: other)
        }
    }

    // MARK: Other scalars

    public func bool(_ key: String) throws(RecordError) -> Bool {
        guard let value = try optionalBool(key) else { throw missing(key) }
        return value
    }

    public func optionalBool(_ key: String) throws(RecordError) -> Bool? {
        switch value(key) {
        case nil: return nil
        case .bool(let value)?: return value
        case let other?: throw wrongType(key, expected: "true or false", found: other)
        }
    }

    public func currency(_ key: String) throws(RecordError) -> Currency {
        guard let currency = try optionalCurrency(key) else { throw missing(key) }
        return currency
    }

    public func optionalCurrency(_ key: String) throws(RecordError) -> Currency? {
        guard let code = try optionalString(key) else { return nil }
        do {
            return try Currency(code: code)
        } catch {
            throw RecordError(path: path, key: key, message: error.description)
        }
    }

    public func xeroDate(_ key: String) throws(RecordError) -> XeroDate {
        guard let date = try optionalXeroDate(key) else { throw missing(key) }
        return date
    }

    public func optionalXeroDate(_ key: String) throws(RecordError) -> XeroDate? {
        guard let text = try optionalString(key) else { return nil }
        do {
            return try XeroDate(parsing: text)
        } catch {
            throw RecordError(path: path, key: key, message: error.description)
        }
    }

    /// A timestamp such as `2026-11-20 10:15:00` or `2026-11-20T10:15:00Z`; UTC when no offset is given.
    public func timestamp(_ key: String) throws(RecordError) -> Date {
        guard let date = try optionalTimestamp(key) else { throw missing(key) }
        return date
    }

    public func optionalTimestamp(_ key: String) throws(RecordError) -> Date? {
        guard let text = try optionalString(key) else { return nil }
        guard let date = ISOTimestamp.parse(text) else {
            throw RecordError(
                path: path, key: key, message: "\"\(text.prefix(40))\" is not a timestamp such as 2026-11-20 10:15:00")
        }
        return date
    }

    // MARK: Nested

    public func record(_ key: String) throws(RecordError) -> JSONRecord {
        guard let record = try optionalRecord(key) else { throw missing(key) }
        return record
    }

    public func optionalRecord(_ key: String) throws(RecordError) -> JSONRecord? {
        switch value(key) {
        case nil: return nil
        case .object(let object)?: return JSONRecord(object, path: childPath(key))
        case let other?: throw wrongType(key, expected: "an object", found: other)
        }
    }

    /// The elements of an array of objects; a missing or `null` member is an empty array.
    public func records(_ key: String) throws(RecordError) -> [JSONRecord] {
        switch value(key) {
        case nil: return []
        case .array(let elements)?:
            var records: [JSONRecord] = []
            records.reserveCapacity(elements.count)
            for (offset, element) in elements.enumerated() {
                let elementPath = "\(childPath(key))[\(offset)]"
                records.append(try JSONRecord(element, path: elementPath))
            }
            return records
        case let other?: throw wrongType(key, expected: "an array", found: other)
        }
    }

    /// Whether the member is present as an array (possibly empty).
    public func hasArray(_ key: String) -> Bool {
        if case .array? = object[key] { return true }
        return false
    }

    // MARK: Errors

    public func missing(_ key: String) -> RecordError {
        RecordError(path: path, key: key, message: "is missing")
    }

    public func invalid(_ key: String?, _ message: String) -> RecordError {
        RecordError(path: path, key: key, message: message)
    }

    private func wrongType(_ key: String, expected: String, found: JSONValue) -> RecordError {
        RecordError(path: path, key: key, message: "expected \(expected), found \(found.preview)")
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// A record that does not have the shape or values its API promises, named by its path.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the record sits in the document, e.g. `Items[3]`.
    public let path: String
    /// The member at fault, when one is.
    public let key: String?
    public let message: String

    public init(path: String, key: String? = nil, message: String) {
        self.path = path
        self.key = key
        self.message = message
    }

    /// `Items[3].QuantityOnHand: expected a number, found "abc"`.
    public var description: String {
        let location = [path, key].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ".")
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
