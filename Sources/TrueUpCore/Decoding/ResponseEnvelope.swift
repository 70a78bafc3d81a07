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

    /// Reads a body as ``init(_:source:arrayKey:shape:)`` does, with the same errors, but hands
    /// each element of the records array that is an object to `record` as soon as it is read, and
    /// holds no tree of the whole body: for bodies too large to hold as one, such as Xero's
    /// unpaged `GET /Items`. An element that is not an object is a problem, as in
    /// ``records(source:problems:)``. Returns the wrapper without the records array.
    ///
    /// A body found bad after some records were handed over still throws: what was handed over
    /// must be let go of by the caller.
    public static func streamRecords(
        _ body: some Collection<UInt8>, source: String, arrayKey: String, shape: String,
        problems: inout [InputProblem], record: (_ path: String, _ record: JSONRecord) -> Void
    ) throws(BodyError) -> JSONRecord {
        var wrapper = JSONObject()
        var documentKind = JSONReader.Kind.object
        var arrayKind: JSONReader.Kind?
        var offset = 0
        do {
            try JSONReader.read(body) { reader throws(JSONSyntaxError) in
                documentKind = try reader.peek()
                guard documentKind == .object else {
                    _ = try JSONParser.parseValue(&reader)
                    return
                }
                try reader.enterObject()
                var first = true
                var duplicate: (key: String, at: Int)?
                while let key = try reader.nextMember(first: &first) {
                    let at = reader.memberStart
                    if key == arrayKey, arrayKind == nil {
                        arrayKind = try reader.peek()
                        if arrayKind == .array {
                            try reader.array { reader throws(JSONSyntaxError) in
                                let path = "\(arrayKey)[\(offset)]"
                                offset += 1
                                let value = try JSONParser.parseValue(&reader)
                                do throws(RecordError) {
                                    record(path, try JSONRecord(value, path: path))
                                } catch {
                                    problems.append(
                                        InputProblem(source: source, subject: .unknown, message: error.description))
                                }
                            }
                        } else {
                            _ = try JSONParser.parseValue(&reader)
                        }
                        continue
                    }
                    let value = try JSONParser.parseValue(&reader)
                    if duplicate == nil, key == arrayKey || !wrapper.insertNew(key, value) { duplicate = (key, at) }
                }
                if let duplicate {
                    throw reader.error(
                        "member \"\(duplicate.key.prefix(40))\" appears twice in one object", at: duplicate.at)
                }
            }
        } catch {
            throw BodyError(syntax: error, source: source)
        }
        guard documentKind == .object else {
            throw BodyError(shape: "expected the response object \(shape), found \(documentKind.name)", source: source)
        }
        guard let arrayKind else { throw BodyError(shape: "the response has no \"\(arrayKey)\" array", source: source) }
        guard arrayKind == .array else {
            throw BodyError(shape: "\"\(arrayKey)\" is \(arrayKind.name), not an array", source: source)
        }
        return JSONRecord(wrapper, path: "")
    }

    /// A non-negative count from the wrapper (a page number, a total), or a body error: paging
    /// that cannot be trusted makes the whole body untrustworthy.
    public static func count(
        _ record: JSONRecord, _ key: String, required: Bool, source: String
    ) throws(BodyError) -> Int? {
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
