import TrueUpCore

/// Reads quantity and amount cells exactly, with the feed's decimal separator, refusing thousands
/// separators (`1,234`, `1.234,5`, `1 234`): in a file they are too easily a decimal separator
/// misread. Nothing goes through a floating-point number.
struct CSVFeedQuantities {
    /// Whether `,` is the decimal separator.
    let decimalComma: Bool

    init(settings: CSVFeedSettings, delimiter: UInt8) {
        switch settings.decimalSeparator {
        case .point: decimalComma = false
        case .comma: decimalComma = true
        case .auto: decimalComma = delimiter == UInt8(ascii: ";")
        }
    }

    /// The quantity in `text`, or what is wrong with it: `is not a decimal number`.
    func parse(_ text: String) -> Result<Quantity, CSVFeedCellError> {
        decimal(text).flatMap { decimal in
            do throws(ScaledDecimal.Failure) {
                return .success(try Quantity(parsing: decimal))
            } catch {
                return .failure(CSVFeedCellError(error.description))
            }
        }
    }

    /// The amount of money in `text`, in `currency`, or what is wrong with it: `is not a decimal
    /// number`, `has more than 2 decimal places`.
    func money(_ text: String, currency: Currency) -> Result<Money, CSVFeedCellError> {
        decimal(text).flatMap { decimal in
            do throws(ScaledDecimal.Failure) {
                return .success(try Money(parsing: decimal, currency: currency))
            } catch {
                return .failure(CSVFeedCellError(error.description))
            }
        }
    }

    /// `text` with a decimal comma made a point, once it is clear that its one separator, if any,
    /// is the decimal separator.
    private func decimal(_ text: String) -> Result<String, CSVFeedCellError> {
        guard !text.isEmpty else { return .failure(CSVFeedCellError("is empty")) }
        var commas = 0
        var points = 0
        var spaced = false
        var nonASCII = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: "."): points += 1
            case UInt8(ascii: " "), UInt8(ascii: "'"): spaced = true
            case 0x80...: nonASCII = true
            default: break
            }
        }
        if nonASCII, text.unicodeScalars.contains(where: { ["\u{A0}", "\u{202F}", "\u{2019}"].contains($0) }) {
            spaced = true
        }
        if spaced || commas + points > 1 || (commas > 0 && points > 0) {
            let example = decimalComma ? "1234,5" : "1234.5"
            return .failure(CSVFeedCellError("has a thousands separator, which TrueUp does not read: write \(example)"))
        }
        var decimal = text
        if decimalComma {
            if points > 0 {
                return .failure(
                    CSVFeedCellError(
                        "has a point, but the decimal separator is a comma: write 1234 without a thousands separator, "
                            + "or set decimal_separator: \".\" if the point is the decimal point"))
            }
            if commas > 0 { decimal = text.replacingComma() }
        } else if commas > 0 {
            return .failure(
                CSVFeedCellError(
                    "has a comma, but the decimal separator is a point: write 1234 without a thousands separator, "
                        + "or set decimal_separator: \",\" if the comma is the decimal point"))
        }
        return .success(decimal)
    }
}

/// What is wrong with one cell, said after the cell: `quantity "abc" is not a decimal number`.
struct CSVFeedCellError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}

extension String {
    fileprivate func replacingComma() -> String {
        String(decoding: utf8.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }, as: UTF8.self)
    }
}
