import Crypto
public import TrueUpCore

/// One element of a batched write, with the key of the work it carries out (a correction id).
public struct XeroBatchElement: Sendable {
    public var key: String
    public var body: JSONObject

    public init(key: String, body: JSONObject) {
        self.key = key
        self.body = body
    }
}

/// What Xero did with one element of a batch.
public enum XeroElementOutcome: Sendable, Hashable {
    /// Saved: the new record's id and, for invoices and credit notes, its number.
    case saved(id: String, number: String?)
    /// Refused, with Xero's validation messages; the rest of the batch is unaffected.
    case refused([String])
}

extension XeroClient {
    /// The largest batch Xero takes in one request.
    public static let batchLimit = 50

    /// Writes up to ``batchLimit`` elements in one request with `summarizeErrors=false`, so that a
    /// bad element fails alone, and returns each element's outcome in order.
    ///
    /// The `Idempotency-Key` is the element's key when the batch has one element, else a hash of
    /// the keys in order: the same batch sent again — after a lost answer — gets the same key,
    /// and Xero replays its first answer instead of creating anything twice.
    public func writeBatch(
        _ method: String = "PUT", _ collection: XeroCollection, _ elements: [XeroBatchElement]
    ) async throws(XeroError) -> [XeroElementOutcome] {
        precondition(!elements.isEmpty && elements.count <= Self.batchLimit, "a batch holds 1 to 50 elements")
        let body = JSONWriter.bytes(
            .object(JSONObject([collection.arrayKey: .array(elements.map { .object($0.body) })])))
        let result = try await send(
            method, collection.path, query: [("summarizeErrors", "false"), ("unitdp", "4")], body: body,
            idempotencyKey: Self.batchKey(elements.map(\.key)))
        let wrapper: XeroBody
        do {
            wrapper = try XeroBody(result.body, source: "\(method) \(collection.path)", arrayKey: collection.arrayKey)
        } catch {
            throw .badResponse(error.description)
        }
        guard wrapper.elements.count == elements.count else {
            throw .badResponse(
                "\(method) \(collection.path) answered for \(wrapper.elements.count) elements of \(elements.count) sent"
            )
        }
        return wrapper.elements.map { element in
            guard case .object(let object) = element else {
                return .refused(["Xero's answer for this element is not an object"])
            }
            let status = object.text("StatusAttributeString")
            let messages = XeroProblem.validationMessages(object)
            if status == "ERROR" || !messages.isEmpty {
                return .refused(messages.isEmpty ? ["Xero marked the element ERROR without a message"] : messages)
            }
            guard let id = object.text(collection.idKey) else {
                return .refused(["Xero's answer has no \(collection.idKey)"])
            }
            return .saved(id: id, number: collection.numberKey.flatMap { object.text($0) })
        }
    }

    /// A batch's `Idempotency-Key`: its only key, or `batch-` and 40 hex digits of SHA-256 over the keys.
    public static func batchKey(_ keys: [String]) -> String {
        if keys.count == 1, let only = keys.first, !only.isEmpty, only.utf8.count <= 128 { return only }
        let digest = SHA256.hash(data: Array(keys.joined(separator: "\n").utf8))
        return "batch-"
            + digest.prefix(20).map { byte in
                let text = String(byte, radix: 16)
                return text.count == 1 ? "0" + text : text
            }.joined()
    }
}

extension XeroCollection {
    /// The member holding a saved record's number: `InvoiceNumber`, `CreditNoteNumber`.
    var numberKey: String? {
        switch arrayKey {
        case XeroCollection.invoices.arrayKey: "InvoiceNumber"
        case XeroCollection.creditNotes.arrayKey: "CreditNoteNumber"
        default: nil
        }
    }
}
