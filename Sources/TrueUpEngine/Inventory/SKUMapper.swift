/// Maps storefront SKUs to Xero item codes (DESIGN §3): the explicit `sku_map` first, then an
/// exact match, then a match ignoring case and surrounding space. What does not map is
/// *unmapped*; the codes it nearly matched, when it nearly matched several, are its candidates
/// (a ``CodeSuggester`` finds similar codes for the rest).
public struct SKUMapper: Sendable {
    public enum Result: Sendable, Hashable {
        /// `position` is the code's place in the list the mapper was made from.
        case mapped(code: String, position: Int, how: How)
        case ignored
        case unmapped(reason: String, candidates: [String])
    }

    public enum How: String, Sendable, Hashable {
        case explicit, exact, normalised
    }

    private let positions: [String: Int]
    private let explicit: [String: SKUMapping]

    /// - Parameter itemCodes: the Xero item codes; a code's position is its first place in the list.
    public init(itemCodes: [String], explicit: [String: SKUMapping]) {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(itemCodes.count)
        for (position, code) in itemCodes.enumerated() where positions[code] == nil { positions[code] = position }
        self.init(positions: positions, explicit: explicit)
    }

    /// - Parameter positions: each Xero item code with its position.
    public init(positions: [String: Int], explicit: [String: SKUMapping]) {
        self.positions = positions
        self.explicit = explicit
    }

    /// Maps many SKUs. The case-insensitive step runs once for all the SKUs that need it, by
    /// scanning the codes for those SKUs' folded forms, so a catalogue where nearly every SKU
    /// matches exactly never builds a second index of its codes.
    public func mapAll(_ skus: [String]) -> [Result] {
        var results: [Result?] = Array(repeating: nil, count: skus.count)
        var misses: [Int] = []
        for (offset, sku) in skus.enumerated() {
            switch explicit.isEmpty ? nil : explicit[sku] {
            case .ignored?:
                results[offset] = .ignored
            case .code(let code)?:
                if let position = positions[code] {
                    results[offset] = .mapped(code: code, position: position, how: .explicit)
                } else {
                    results[offset] = .unmapped(
                        reason: "the SKU is mapped to Xero item \(code), which Xero does not have", candidates: [])
                }
            case nil:
                if let position = positions[sku] {
                    results[offset] = .mapped(code: sku, position: position, how: .exact)
                } else {
                    misses.append(offset)
                }
            }
        }
        if !misses.isEmpty {
            var wanted: [UInt64: [Int]] = [:]
            for offset in misses { wanted[Self.normalisedHash(skus[offset]), default: []].append(offset) }
            var found: [Int: [String]] = [:]
            for code in positions.keys {
                guard let offsets = wanted[Self.normalisedHash(code)] else { continue }
                let folded = Self.normalise(code)
                for offset in offsets where Self.normalise(skus[offset]) == folded {
                    found[offset, default: []].append(code)
                }
            }
            for offset in misses {
                let candidates = (found[offset] ?? []).sorted()
                switch candidates.count {
                case 1:
                    results[offset] = .mapped(
                        code: candidates[0], position: positions[candidates[0]] ?? 0, how: .normalised)
                case 0:
                    results[offset] = .unmapped(reason: "no Xero item has this code", candidates: [])
                default:
                    results[offset] = .unmapped(
                        reason:
                            "Xero items \(candidates.joined(separator: ", ")) differ from the SKU only by case or space",
                        candidates: Array(candidates.prefix(3)))
                }
            }
        }
        return results.map { $0 ?? .unmapped(reason: "no Xero item has this code", candidates: []) }
    }

    /// FNV-1a over the normalised form, without building it for the common ASCII code.
    static func normalisedHash(_ code: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash = (hash ^ UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)) &* 0x0000_0100_0000_01B3
            }
        }
        let bytes = code.utf8
        if let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20, bytes.allSatisfy({ $0 < 0x80 }) {
            mix(bytes)
        } else {
            mix(normalise(code).utf8)
        }
        return hash
    }

    /// Case and surrounding white space do not make a different code.
    public static func normalise(_ code: String) -> String {
        // Codes are nearly always ASCII without surrounding space: lowercase those directly.
        let bytes = code.utf8
        if let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20, bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return code.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
