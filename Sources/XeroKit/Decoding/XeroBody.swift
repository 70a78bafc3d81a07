import TrueUpCore

/// The wrapper every Xero list response shares: `{"Id": …, "Status": "OK", "ProviderName": …,
/// "DateTimeUTC": …, "pagination": {…}, "<Records>": [ … ]}`, read strictly, with its paging.
struct XeroBody {
    let envelope: ResponseEnvelope
    let paging: Paging?

    var elements: [JSONValue] { envelope.elements }

    init(_ body: some Collection<UInt8>, source: String, arrayKey: String) throws(BodyError) {
        envelope = try ResponseEnvelope(body, source: source, arrayKey: arrayKey, shape: "{\"\(arrayKey)\": [...]}")
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
