/// Maps storefront SKUs to Xero item codes (DESIGN §3): the explicit `sku_map` first, then an
/// exact match, then a match ignoring case and surrounding space. What does not map is
/// *unmapped*, with up to three suggested codes.
public struct SKUMapper: Sendable {
    public enum Result: Sendable, Hashable {
        case mapped(code: String, how: How)
        case ignored
        case unmapped(reason: String, suggestions: [String])
    }

    public enum How: String, Sendable, Hashable {
        case explicit, exact, normalised
    }

    private let codes: Set<String>
    private let normalised: [String: [String]]
    private let explicit: [String: SKUMapping]
    private let suggester: CodeSuggester

    public init(itemCodes: some Sequence<String>, explicit: [String: SKUMapping]) {
        var codes = Set<String>()
        var normalised: [String: [String]] = [:]
        for code in itemCodes where codes.insert(code).inserted {
            normalised[Self.normalise(code), default: []].append(code)
        }
        self.codes = codes
        self.normalised = normalised.mapValues { $0.sorted() }
        self.explicit = explicit
        self.suggester = CodeSuggester(codes: codes.sorted())
    }

    public func map(_ sku: String) -> Result {
        switch explicit[sku] {
        case .ignored?:
            return .ignored
        case .code(let code)?:
            guard codes.contains(code) else {
                return .unmapped(
                    reason: "the SKU is mapped to Xero item \(code), which Xero does not have",
                    suggestions: suggester.suggest(for: sku))
            }
            return .mapped(code: code, how: .explicit)
        case nil:
            break
        }
        if codes.contains(sku) { return .mapped(code: sku, how: .exact) }
        let candidates = normalised[Self.normalise(sku)] ?? []
        switch candidates.count {
        case 1: return .mapped(code: candidates[0], how: .normalised)
        case 0:
            return .unmapped(reason: "no Xero item has this code", suggestions: suggester.suggest(for: sku))
        default:
            return .unmapped(
                reason: "Xero items \(candidates.joined(separator: ", ")) differ from the SKU only by case or space",
                suggestions: Array(candidates.prefix(3)))
        }
    }

    /// Case and surrounding white space do not make a different code.
    public static func normalise(_ code: String) -> String {
        code.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
