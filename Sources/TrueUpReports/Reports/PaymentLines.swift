public import TrueUpEngine

/// The rows of `payments.csv` in report order: by date, then order number, kind (payments before
/// refunds), storefront reference, Xero reference and bank reference, each with empty values last,
/// and rows without a date after all dated ones. Text compares byte by byte (UTF-8), so the order does
/// not depend on the locale; rows equal on every key keep the order they were given in. The same
/// rows therefore always give the same file.
///
/// Made from a match, the rows are built on demand: the collection holds the match and four bytes a
/// row, so a million rows are never a million ``PaymentLine`` values at once. Made from lines (the
/// rows the state keeps), it holds them.
public struct PaymentLines: RandomAccessCollection, Sendable {
    private enum Source: Sendable {
        case match(PaymentMatchResult)
        case lines([PaymentLine])
    }

    private let source: Source
    /// Positions in the source, in report order.
    private let order: [Int32]

    /// The rows of a match, in report order.
    public init(_ result: PaymentMatchResult) {
        source = .match(result)
        order = Self.reportOrder(result.matches.lazy.map(result.line))
    }

    /// Rows in any order (such as the state's), put in report order.
    public init(_ lines: [PaymentLine]) {
        source = .lines(lines)
        order = Self.reportOrder(lines)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }

    /// The row at `position`, in report order.
    public subscript(position: Int) -> PaymentLine {
        let index = Int(order[position])
        switch source {
        case .match(let result): return result.line(result.matches[index])
        case .lines(let lines): return lines[index]
        }
    }

    private static func reportOrder(_ lines: some Collection<PaymentLine>) -> [Int32] {
        var keys: [SortKey] = []
        keys.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            keys.append(SortKey(line, index: Int32(truncatingIfNeeded: offset)))
        }
        keys.sort(by: SortKey.precedes)
        return keys.map(\.index)
    }
}

/// What a row sorts by, taken from its line once so that sorting does not rebuild lines.
private struct SortKey {
    /// Days since 1970-01-01; `Int.max` for a row without a date, which sorts last.
    var day: Int
    var orderNumber: String?
    var kind: UInt8
    var storeRef: String?
    var xeroRef: String?
    var bankRef: String?
    var index: Int32

    init(_ line: PaymentLine, index: Int32) {
        day = line.date?.dayNumber ?? Int.max
        orderNumber = line.orderNumber
        kind = line.kind == .payment ? 0 : 1
        storeRef = line.storeRef
        xeroRef = line.xeroRef
        bankRef = line.bankRef
        self.index = index
    }

    static func precedes(_ left: SortKey, _ right: SortKey) -> Bool {
        if left.day != right.day { return left.day < right.day }
        var order = compare(left.orderNumber, right.orderNumber)
        if order == 0, left.kind != right.kind { order = left.kind < right.kind ? -1 : 1 }
        if order == 0 { order = compare(left.storeRef, right.storeRef) }
        if order == 0 { order = compare(left.xeroRef, right.xeroRef) }
        if order == 0 { order = compare(left.bankRef, right.bankRef) }
        return order == 0 ? left.index < right.index : order < 0
    }

    /// Byte order of the UTF-8, with `nil` and empty text after everything else.
    private static func compare(_ left: String?, _ right: String?) -> Int {
        switch (left.flatMap { $0.isEmpty ? nil : $0 }, right.flatMap { $0.isEmpty ? nil : $0 }) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case (let left?, let right?):
            var one = left.utf8.makeIterator()
            var two = right.utf8.makeIterator()
            while true {
                switch (one.next(), two.next()) {
                case (nil, nil): return 0
                case (nil, _): return -1
                case (_, nil): return 1
                case (let a?, let b?) where a != b: return a < b ? -1 : 1
                default: continue
                }
            }
        }
    }
}
