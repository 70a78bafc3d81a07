/// The one rule for a DOCTYPE in a statement: the file is refused before anything in it is used.
///
/// A bank statement never needs a DOCTYPE, and one is how XML reads local files or URLs into a
/// document (external entities) or expands a few bytes into gigabytes (nested entities). The error
/// names the file and never repeats what the DOCTYPE or its entities hold.
enum Doctype {
    static func refusal(_ file: String) -> StatementError {
        .refused(
            "\(file) is refused: it has a DOCTYPE, which a bank statement never needs (its entities could read "
                + "files or expand without bound); export the statement again from the bank"
        )
    }

    /// Whether the XML prolog at the start of `bytes` (after the XML declaration, processing
    /// instructions, comments and space) has a DOCTYPE; `nil` when the prolog runs past `bytes`.
    static func inProlog(_ bytes: ArraySlice<UInt8>) -> Bool? {
        var index = TextBytes.afterBOMAndSpace(bytes)
        while index < bytes.endIndex {
            let rest = bytes[index...]
            if TextBytes.isSpace(bytes[index]) {
                index += 1
            } else if TextBytes.hasPrefix(rest, "<?") {
                guard let end = TextBytes.firstIndex(of: "?>", in: rest) else { return nil }
                index = end + 2
            } else if TextBytes.hasPrefix(rest, "<!--") {
                guard let end = TextBytes.firstIndex(of: "-->", in: rest) else { return nil }
                index = end + 3
            } else {
                return TextBytes.hasPrefix(rest, "<!DOCTYPE", ignoringCase: true)
            }
        }
        return nil
    }
}
