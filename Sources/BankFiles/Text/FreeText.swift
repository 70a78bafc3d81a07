/// Free text from a statement (a purpose, a memo) as a line's description holds it.
enum FreeText {
    /// Text with runs of white space (line breaks in indented XML or in a quoted CSV cell) made one
    /// space, ends trimmed.
    static func collapsed(_ text: String) -> String {
        guard text.contains(where: \.isWhitespace) else { return text }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
