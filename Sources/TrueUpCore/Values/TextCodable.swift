/// A value that JSON carries as its text: `"12.5000"`, `"2026-11"`, `"USD"`. Encoding writes the
/// text, so that no consumer ever sees a rounded float; decoding parses it, and a failure becomes a
/// `DecodingError` that quotes the text and says what is wrong with it.
public protocol TextCodable: Codable {
    /// The text the value is written as.
    var codableText: String { get }
    /// Reads the text, or throws saying why it is not a value of this type.
    init(codableText: String) throws
    /// What a decoding error says about text that did not read.
    static func describeFailure(text: String, error: any Error) -> String
}

extension TextCodable {
    public static func describeFailure(text: String, error: any Error) -> String { "\"\(text.prefix(40))\": \(error)" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(codableText)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(codableText: text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: Self.describeFailure(text: text, error: error))
        }
    }
}
