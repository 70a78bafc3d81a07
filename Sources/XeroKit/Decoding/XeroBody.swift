import TrueUpCore

/// The wrapper every Xero list response shares: `{"Id": …, "Status": "OK", "ProviderName": …,
/// "DateTimeUTC": …, "pagination": {…}, "<Records>": [ … ]}`, read strictly, with its paging.
struct XeroBody {
    let envelope: ResponseEnvelope
    let paging: Paging?

    var elements: [JSONValue] { envelope.elements }

    init(_ body: some Collection<UInt8>, source: String, arrayKey: String) throws(BodyError) {
        try self.init(
            ResponseEnvelope(body, source: source, arrayKey: arrayKey, shape: Self.shape(arrayKey)), source: source)
    }

    /// Reads a document already parsed, as ``init(_:source:arrayKey:)`` reads the bytes it parses.
    init(document: JSONValue, source: String, arrayKey: String) throws(BodyError) {
        try self.init(
            ResponseEnvelope(document: document, source: source, arrayKey: arrayKey, shape: Self.shape(arrayKey)),
            source: source)
    }

    private static func shape(_ arrayKey: String) -> String { "{\"\(arrayKey)\": [...]}" }

    private init(_ envelope: ResponseEnvelope, source: String) throws(BodyError) {
        self.envelope = envelope
        let block: JSONRecord?
        do {
            block = try envelope.wrapper.optionalRecord("pagination")
        } catch {
            throw BodyError(shape: "\(error.description) (paging cannot be trusted)", source: source)
        }
        if let block {
            paging = Paging(
                page: try envelope.count(block, "page", required: true, source: source),
                pageSize: try envelope.count(block, "pageSize", required: true, source: source),
                pageCount: try envelope.count(block, "pageCount", required: true, source: source),
                totalCount: try envelope.count(block, "itemCount", required: true, source: source))
        } else {
            paging = nil
        }
    }

    /// The path of the element at `offset`: `Items[3]`.
    func path(_ offset: Int) -> String { envelope.path(offset) }
}
