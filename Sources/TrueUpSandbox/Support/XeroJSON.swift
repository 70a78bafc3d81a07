import Crypto
import Foundation
import TrueUpCore

/// How Xero writes dates and identifiers in JSON, and small helpers for reading records.
enum XeroJSON {
    /// `/Date(1795046400000+0000)/`, as records carry instants (`UpdatedDateUTC`, `Date`).
    static func date(_ instant: Date) -> String { "/Date(\(milliseconds(instant))+0000)/" }

    /// `/Date(1795046400000)/`, as the response envelope's `DateTimeUTC` is written.
    static func envelopeDate(_ instant: Date) -> String { "/Date(\(milliseconds(instant)))/" }

    /// `2026-11-20T00:00:00`, the `…DateString` twin of a business date.
    static func dateString(_ date: LocalDate) -> String { "\(date)T00:00:00" }

    /// `2026-11-20T10:15:00Z`, the `UpdatedDateUTCString` twin of an instant.
    static func utcString(_ instant: Date) -> String { ISOTimestamp.format(instant) }

    /// Midnight UTC of a business date, as Xero stores `Date` and `DueDate`.
    static func midnight(_ date: LocalDate) -> Date {
        ISOTimestamp.parse("\(date)T00:00:00") ?? Date(timeIntervalSince1970: 0)
    }

    static func milliseconds(_ instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The instant a Xero date value stands for: `/Date(…)/` or ISO text; `nil` when absent or unreadable.
    static func instant(_ value: JSONValue?) -> Date? {
        guard case .string(let text)? = value else { return nil }
        return (try? XeroDate(parsing: text))?.instant
    }

    /// A new random identifier in Xero's lower-case GUID form.
    static func newID() -> String { UUID().uuidString.lowercased() }

    /// An identifier derived from `seed`, the same on every run, for records the sandbox makes up
    /// (default accounts, the connection), so that runs against a fresh sandbox compare equal.
    static func stableID(_ seed: String) -> String {
        let digest = Array(SHA256.hash(data: Array("trueup-sandbox:\(seed)".utf8)))
        let hex = digest.prefix(16).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        let characters = Array(hex)
        func part(_ range: Range<Int>) -> String { String(characters[range]) }
        return [part(0..<8), part(8..<12), "4" + part(13..<16), "8" + part(17..<20), part(20..<32)]
            .joined(separator: "-")
    }

    /// The all-zero GUID Xero puts on elements it did not save.
    static let emptyID = "00000000-0000-0000-0000-000000000000"
}

extension JSONObject {
    /// The value at a dotted path such as `Contact.ContactID`; `nil` when any step is missing.
    func value(atPath path: [String]) -> JSONValue? {
        guard let first = path.first else { return .object(self) }
        guard let value = self[first] else { return nil }
        if path.count == 1 { return value }
        guard case .object(let nested) = value else { return nil }
        return nested.value(atPath: Array(path.dropFirst()))
    }

    /// The object without members whose value is `null`, recursively: Xero leaves empty members
    /// out rather than writing `null`, and the spec's types do not allow it.
    func droppingNulls() -> JSONObject {
        var result = JSONObject()
        for key in keys {
            guard let value = self[key] else { continue }
            switch value {
            case .null: continue
            case .object(let nested): result[key] = .object(nested.droppingNulls())
            case .array(let elements): result[key] = .array(elements.map(\.droppingNulls))
            default: result[key] = value
            }
        }
        return result
    }
}

extension JSONValue {
    var droppingNulls: JSONValue {
        switch self {
        case .object(let object): .object(object.droppingNulls())
        case .array(let elements): .array(elements.map(\.droppingNulls))
        default: self
        }
    }
}
