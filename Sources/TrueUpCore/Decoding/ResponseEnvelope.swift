/// The object an API wraps its records in: reads a body strictly and hands back the wrapper and
/// the elements of its records array, each to be decoded on its own.
public struct ResponseEnvelope: Sendable {
    /// The whole wrapper object, for paging and other members.
    public let wrapper: JSONRecord
    /// The elements of the records array, in order; an element may be any JSON value.
    public let elements: [JSONValue]
    /// The array's name, the start of every record's path.
    public let arrayKey: String

    /// - Parameter shape: how the wrapper looks, for error messages: `{"Items": [...]}`.
    public init(_ body: some Collection<UInt8>, source: String, arrayKey: String, shape: String) throws(BodyError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(body)
        } catch {
            throw BodyError(syntax: error, source: source)
        }
        try self.init(document: document, source: source, arrayKey: arrayKey, shape: shape)
    }

    /// Reads a document already parsed, as ``init(_:source:arrayKey:shape:)`` reads the bytes it
    /// parses: for records gathered from several pages, which need not be written out and read again.
    public init(document: JSONValue, source: String, arrayKey: String, shape: String) throws(BodyError) {
        guard case .object(let object) = document else {
            throw BodyError(shape: "expected the response object \(shape), found \(document.kindName)", source: source)
        }
        guard let member = object[arrayKey] else {
            throw BodyError(shape: "the response has no \"\(arrayKey)\" array", source: source)
        }
        guard case .array(let elements) = member else {
            throw BodyError(shape: "\"\(arrayKey)\" is \(member.kindName), not an array", source: source)
        }
        self.wrapper = JSONRecord(object, path: "")
        self.elements = elements
        self.arrayKey = arrayKey
    }

    /// The path of the element at `offset`: `Items[3]`.
    public func path(_ offset: Int) -> String { "\(arrayKey)[\(offset)]" }

    /// Each element that is an object, with its path. An element that is not an object is a
    /// problem about what cannot be known (`.unknown`), kept in `problems`.
    public func records(source: String, problems: inout [InputProblem]) -> [(path: String, record: JSONRecord)] {
        var records: [(path: String, record: JSONRecord)] = []
        records.reserveCapacity(elements.count)
        for (offset, element) in elements.enumerated() {
            let path = path(offset)
            do {
                records.append((path, try JSONRecord(element, path: path)))
            } catch {
                problems.append(InputProblem(source: source, subject: .unknown, message: error.description))
            }
        }
        return records
    }

    /// A non-negative count from the wrapper (a page number, a total), or a body error: paging
    /// that cannot be trusted makes the whole body untrustworthy.
    public func count(_ record: JSONRecord, _ key: String, required: Bool, source: String) throws(BodyError) -> Int? {
        do throws(RecordError) {
            let read = try record.optionalInt64(key)
            if read == nil, required { throw record.missing(key) }
            guard let value = read else { return nil }
            guard value >= 0, value <= Int64(Int32.max) else { throw record.invalid(key, "\(value) is not a count") }
            return Int(value)
        } catch {
            throw BodyError(shape: "\(error.description) (paging cannot be trusted)", source: source)
        }
    }
}
