import TrueUpCore

/// The wrapper of every Magento search (`GET /V1/orders`, `/V1/creditmemos`, `/V1/invoices`,
/// `/V1/transactions`, `/V1/products`, `/V1/inventory/source-items`): `{"items": [ … ], "search_criteria": {…}, "total_count": N}`,
/// read strictly, with its paging.
struct MagentoSearchResult {
    let envelope: ResponseEnvelope
    let paging: Paging

    var elements: [JSONValue] { envelope.elements }

    init(_ body: some Collection<UInt8>, source: String) throws(BodyError) {
        try self.init(
            ResponseEnvelope(body, source: source, arrayKey: Self.arrayKey, shape: Self.shape), source: source)
    }

    /// Reads a document already parsed, as ``init(_:source:)`` reads the bytes it parses.
    init(document: JSONValue, source: String) throws(BodyError) {
        try self.init(
            ResponseEnvelope(document: document, source: source, arrayKey: Self.arrayKey, shape: Self.shape),
            source: source)
    }

    /// `{"items": [...], "total_count": N}` around records gathered from one or more searches.
    static func document(_ elements: [JSONValue]) -> JSONValue {
        var wrapper = JSONObject()
        wrapper["items"] = .array(elements)
        wrapper["total_count"] = .number(String(elements.count))
        return .object(wrapper)
    }

    private static let arrayKey = "items"
    private static let shape = "{\"items\": [...], \"total_count\": N}"

    private init(_ envelope: ResponseEnvelope, source: String) throws(BodyError) {
        self.envelope = envelope
        let criteria: JSONRecord?
        do {
            criteria = try envelope.wrapper.optionalRecord("search_criteria")
        } catch {
            throw BodyError(shape: "\(error.description) (paging cannot be trusted)", source: source)
        }
        var paging = Paging(
            totalCount: try ResponseEnvelope.count(envelope.wrapper, "total_count", required: false, source: source))
        if let criteria {
            paging.page = try ResponseEnvelope.count(criteria, "current_page", required: false, source: source)
            paging.pageSize = try ResponseEnvelope.count(criteria, "page_size", required: false, source: source)
        }
        self.paging = paging
    }

    /// The path of the element at `offset`: `items[3]`.
    func path(_ offset: Int) -> String { envelope.path(offset) }
}

/// Field readers the Magento decoders share.
enum MagentoFields {
    /// A required, non-empty string member.
    static func text(_ record: JSONRecord, _ key: String) throws(RecordError) -> String {
        let text = try record.string(key)
        guard !text.isEmpty else { throw record.invalid(key, "is empty") }
        return text
    }

    /// The member when it is a non-empty string, else `nil`: what a problem with the record is about.
    static func readableText(_ record: JSONRecord, _ key: String) -> String? {
        guard let text = try? record.optionalString(key), !text.isEmpty else { return nil }
        return text
    }

    /// A sales document's currency: `order_currency_code`, else `base_currency_code` (an unknown
    /// code is a problem, not a fallback).
    static func documentCurrency(_ record: JSONRecord) throws(RecordError) -> Currency {
        if let currency = try record.optionalCurrency("order_currency_code") { return currency }
        if let currency = try record.optionalCurrency("base_currency_code") { return currency }
        throw record.invalid("order_currency_code", "is missing, and so is base_currency_code")
    }

    /// The `items` array of an order or credit memo, which must be there.
    static func lineRecords(_ record: JSONRecord) throws(RecordError) -> [JSONRecord] {
        guard record.value("items") != nil else { throw record.missing("items") }
        return try record.records("items")
    }
}
