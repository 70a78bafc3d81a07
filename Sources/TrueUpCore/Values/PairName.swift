/// The name of a pair (one Xero tenant + one storefront). It names report folders and lock rows,
/// so it is restricted to letters, digits, `.`, `_` and `-`, starts with a letter or digit, and is
/// at most 64 characters: `../` can never escape a folder.
public struct PairName: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(TrueUpError) {
        let allowed = text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard !text.isEmpty, text.utf8.count <= 64, allowed, let first = text.utf8.first,
            first != UInt8(ascii: "."), first != UInt8(ascii: "-"), first != UInt8(ascii: "_")
        else {
            throw .usage(
                "\"\(text.prefix(80))\" is not a valid pair name: use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: PairName, rhs: PairName) -> Bool { lhs.rawValue < rhs.rawValue }

}

extension PairName {
    public var codableText: String { rawValue }

    public init(codableText: String) throws {
        try self.init(codableText)
    }
}
