import Foundation
import TrueUpCore

/// One filter of a search (`searchCriteria[filter_groups][i][filters][j]`), ready to test
/// records: the condition types of Magento's SQL condition builder, with MySQL's comparisons.
///
/// Values compare as the column's type: numbers exactly (text that is not a number counts as
/// its leading digits, or 0, as MySQL casts it), timestamps as instants (a date alone is its
/// midnight; `T` and `Z` forms are read too), text ignoring the case of ASCII letters. A record
/// whose member is NULL (or absent) matches only `null`; `in` and `nin` take a comma list;
/// `like` and `nlike` take `%` (any run) and `_` (one character), with `\` escaping; `finset`
/// and `nfinset` look for the value in the member's comma list.
struct MagentoFilter {
    enum Condition: String, CaseIterable {
        case eq, neq, gt, gteq, lt, lteq, moreq, from, to, like, nlike
        case `in`, nin, null, notnull, finset, nfinset
    }

    let member: String
    let condition: Condition
    private let operands: [Operand]
    private let pattern: LikePattern?

    /// `value` may be `nil` only for `null` and `notnull`.
    init(member: String, condition: Condition, value: String?) {
        self.member = member
        self.condition = condition
        let text = value ?? ""
        switch condition {
        case .in, .nin:
            operands = text.split(separator: ",", omittingEmptySubsequences: false).map { Operand(String($0)) }
        default: operands = [Operand(text)]
        }
        pattern = condition == .like || condition == .nlike ? LikePattern(text) : nil
    }

    /// Whether the condition reads the member's text (`like`, `finset`) rather than its value:
    /// then ``matches(text:)`` decides, else ``matches(_:)``.
    var readsText: Bool { [.like, .nlike, .finset, .nfinset].contains(condition) }

    /// Whether a member's value (from the collection's column) passes.
    func matches(_ value: MagentoValue) -> Bool {
        if case .null = value { return condition == .null }
        switch condition {
        case .null: return false
        case .notnull: return true
        case .eq: return compare(value, operands[0]) == .orderedSame
        case .neq: return compare(value, operands[0]) != .orderedSame
        case .gt: return compare(value, operands[0]) == .orderedDescending
        case .gteq, .moreq, .from: return compare(value, operands[0]) != .orderedAscending
        case .lt: return compare(value, operands[0]) == .orderedAscending
        case .lteq, .to: return compare(value, operands[0]) != .orderedDescending
        case .in: return operands.contains { compare(value, $0) == .orderedSame }
        case .nin: return !operands.contains { compare(value, $0) == .orderedSame }
        case .like, .nlike, .finset, .nfinset: return false
        }
    }

    /// Whether a member passes a condition on its text (see ``readsText``).
    func matches(text value: JSONValue?) -> Bool {
        let text: String
        switch value {
        case .string(let string)?, .number(let string)?: text = string
        case .bool(let flag)?: text = flag ? "1" : "0"
        default: return false
        }
        switch condition {
        case .like: return pattern?.matches(text) == true
        case .nlike: return pattern?.matches(text) == false
        case .finset: return Self.setContains(text, operands[0].text)
        case .nfinset: return !Self.setContains(text, operands[0].text)
        default: return false
        }
    }

    private static func setContains(_ list: String, _ wanted: String) -> Bool {
        list.split(separator: ",", omittingEmptySubsequences: false).contains {
            MagentoValue.folded(String($0), wanted) == .orderedSame
        }
    }

    private func compare(_ value: MagentoValue, _ operand: Operand) -> ComparisonResult {
        switch value {
        case .null: .orderedAscending
        case .number(let number): MagentoValue.compare(number, operand.number)
        case .timestamp(let seconds):
            if let wanted = operand.seconds {
                MagentoValue.compare(seconds, wanted)
            } else {
                MagentoValue.folded(MagentoJSON.timestamp(Date(timeIntervalSince1970: Double(seconds))), operand.text)
            }
        case .text(let text): MagentoValue.folded(text, operand.text)
        }
    }

    /// A filter value read once: as text, as the number MySQL casts it to, and as an instant
    /// when it reads as a date.
    private struct Operand {
        let text: String
        let number: Int64
        let seconds: Int64?

        init(_ text: String) {
            self.text = text
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            number = ExactDecimal.parse(trimmed, scale: MagentoValue.scale) ?? Self.leadingNumber(trimmed)
            seconds = Self.instant(trimmed).map { Int64($0.timeIntervalSince1970) }
        }

        /// `2026-11-20` is its midnight; `2026-11-20 18:40:00`, `2026-11-20T18:40:00Z` read as given (UTC).
        private static func instant(_ text: String) -> Date? {
            if text.utf8.count == 10, let date = try? LocalDate(iso: text) {
                return ISOTimestamp.parse("\(date)T00:00:00")
            }
            guard text.utf8.count >= 19 else { return nil }
            return ISOTimestamp.parse(text)
        }

        /// What MySQL makes of text compared with a number: its leading number, else 0.
        private static func leadingNumber(_ text: String) -> Int64 {
            var prefix = ""
            for character in text {
                guard character.isASCII, character.isNumber || (prefix.isEmpty && character == "-") || character == "."
                else { break }
                prefix.append(character)
            }
            return ExactDecimal.parse(prefix, scale: MagentoValue.scale) ?? 0
        }
    }
}

/// A SQL `LIKE` pattern: `%` matches any run of characters, `_` one character, `\` makes the
/// next character literal; ASCII letters match either case.
struct LikePattern {
    private enum Token: Equatable {
        case anyRun
        case anyOne
        case literal(UInt32)
    }

    private let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                tokens.append(.literal(Self.fold(scalar.value)))
                escaped = false
                continue
            }
            switch scalar {
            case "\\": escaped = true
            case "%": if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "_": tokens.append(.anyOne)
            default: tokens.append(.literal(Self.fold(scalar.value)))
            }
        }
        if escaped { tokens.append(.literal(UInt32(UInt8(ascii: "\\")))) }
        self.tokens = tokens
    }

    func matches(_ text: String) -> Bool {
        let characters = text.unicodeScalars.map { Self.fold($0.value) }
        var t = 0
        var p = 0
        var star: (pattern: Int, text: Int)? = nil
        while t < characters.count {
            if p < tokens.count, tokens[p] == .anyRun {
                star = (p, t)
                p += 1
            } else if p < tokens.count, tokens[p] == .anyOne || tokens[p] == .literal(characters[t]) {
                p += 1
                t += 1
            } else if let last = star {
                star = (last.pattern, last.text + 1)
                p = last.pattern + 1
                t = last.text + 1
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    private static func fold(_ value: UInt32) -> UInt32 {
        value >= 65 && value <= 90 ? value + 32 : value
    }
}
