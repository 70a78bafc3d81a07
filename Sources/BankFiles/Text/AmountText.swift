import TrueUpCore

/// Reads amount cells exactly, with a file's decimal separator and a leading sign.
///
/// Thousands may be grouped by the other of `.` and `,`, a space, a no-break space or `'`, in groups of
/// exactly three digits after a first group of one to three: `-1.234,56` with a decimal comma,
/// `1,234.56` or `1 234.56` with a decimal point. Any other use of a separator is refused rather than
/// guessed at, so that `12,50` read with a decimal point is a problem, not 1250.
enum AmountText {
    static func parse(
        _ raw: String, separator: StatementCSVMapping.DecimalSeparator, currency: Currency
    ) -> Result<Money, CellProblem> {
        var scalars = Array(raw.unicodeScalars)
        while let first = scalars.first, isPadding(first) { scalars.removeFirst() }
        while let last = scalars.last, isPadding(last) { scalars.removeLast() }
        guard !scalars.isEmpty else { return .failure(CellProblem("is empty")) }
        var sign = ""
        if let first = scalars.first, first == "-" || first == "+" || first == "\u{2212}" {
            sign = first == "+" ? "" : "-"
            scalars.removeFirst()
        }
        let point: Unicode.Scalar = separator == .point ? "." : ","
        let other: Unicode.Scalar = separator == .point ? "," : "."
        let parts = scalars.split(separator: point, maxSplits: 2, omittingEmptySubsequences: false)
        let example = separator == .point ? "1234.56" : "1234,56"
        let notAmount = CellProblem(
            "\"\(raw.prefix(40))\" is not an amount with \"\(point)\" as the decimal separator (such as \(example))")
        guard parts.count <= 2 else { return .failure(notAmount) }
        let fraction = parts.count == 2 ? parts[1] : []
        guard fraction.allSatisfy(isDigit) else { return .failure(notAmount) }
        guard let whole = wholeDigits(parts[0], groupers: [other, " ", "\u{A0}", "\u{202F}", "'", "\u{2019}"]) else {
            return .failure(notAmount)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return .failure(notAmount) }
        var text = sign + String(String.UnicodeScalarView(whole))
        if !fraction.isEmpty { text += "." + String(String.UnicodeScalarView(fraction)) }
        do {
            return .success(try Money(parsing: text, currency: currency))
        } catch {
            return .failure(CellProblem("\"\(raw.prefix(40))\" \(error.description)"))
        }
    }

    /// The digits of a whole part, its thousands separators (one kind, in groups of three) left out;
    /// `nil` when it is anything else.
    private static func wholeDigits(
        _ scalars: ArraySlice<Unicode.Scalar>, groupers: Set<Unicode.Scalar>
    ) -> [Unicode.Scalar]? {
        guard let grouper = scalars.first(where: { groupers.contains($0) }) else {
            return scalars.allSatisfy(isDigit) ? Array(scalars) : nil
        }
        let groups = scalars.split(separator: grouper, omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.allSatisfy({ $0.allSatisfy(isDigit) })
        else { return nil }
        return Array(groups.joined())
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isPadding(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{A0}" || scalar == "\u{202F}"
    }
}

/// What is wrong with one cell, said after the cell's name: `"abc" is not an amount ...`.
struct CellProblem: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
