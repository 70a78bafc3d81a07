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
        paging = try Self.paging(envelope.wrapper, source: source)
    }

    /// Reads the body as ``init(_:source:arrayKey:)`` does, with the same errors, handing each
    /// record to `record` as it is read instead of holding the whole body as one tree
    /// (``ResponseEnvelope/streamRecords(_:source:arrayKey:shape:problems:record:)``).
    static func streamRecords(
        _ body: some Collection<UInt8>, source: String, arrayKey: String, problems: inout [InputProblem],
        record: (_ path: String, _ record: JSONRecord) -> Void
    ) throws(BodyError) -> Paging? {
        let wrapper = try ResponseEnvelope.streamRecords(
            body, source: source, arrayKey: arrayKey, shape: shape(arrayKey), problems: &problems, record: record)
        return try paging(wrapper, source: source)
    }

    /// The `pagination` block, read strictly: paging that cannot be trusted makes the body untrustworthy.
    private static func paging(_ wrapper: JSONRecord, source: String) throws(BodyError) -> Paging? {
        let block: JSONRecord?
        do {
            block = try wrapper.optionalRecord("pagination")
        } catch {
            throw BodyError(shape: "\(error.description) (paging cannot be trusted)", source: source)
        }
        guard let block else { return nil }
        return Paging(
            page: try ResponseEnvelope.count(block, "page", required: true, source: source),
            pageSize: try ResponseEnvelope.count(block, "pageSize", required: true, source: source),
            pageCount: try ResponseEnvelope.count(block, "pageCount", required: true, source: source),
            totalCount: try ResponseEnvelope.count(block, "itemCount", required: true, source: source))
    }

    /// The path of the element at `offset`: `Items[3]`.
    func path(_ offset: Int) -> String { envelope.path(offset) }
}
