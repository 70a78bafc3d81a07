/// One cell of a CSV report, typed because the two kinds are written differently.
///
/// Formula-injection protection (DESIGN §7) applies to text only: a text cell that starts with `=`,
/// `+`, `-`, `@`, tab or CR gets a leading `'` so that a spreadsheet shows it instead of running it.
/// A number may legitimately start with `-`, so it is written as given, but it must be a plain decimal
/// (`12.5000`, `-3.00`, `7`) or the writer refuses the row.
public enum CSVCell: Sendable, Hashable {
    /// Free text: names, SKUs, statuses, references, ISO 8601 dates.
    case text(String)
    /// An exact decimal already formatted at its fixed scale, with `.` as the decimal point.
    case number(String)
    /// Nothing between the commas.
    case empty
}
