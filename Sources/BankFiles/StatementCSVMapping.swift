public import TrueUpCore

/// How to read a bank's CSV statement: which columns hold what, and how dates and amounts are written.
///
/// Column names are matched against the header row ignoring letter case and surrounding space. A row
/// that cannot be read becomes a problem naming its line; the rest are read.
///
/// ```swift
/// // Date;Description;Amount;Currency  /  03/11/2026;"Payout, Stripe";1.234,56;EUR
/// let mapping = StatementCSVMapping(
///     dateColumn: "Date", amount: .signed(column: "Amount"), currency: .column("Currency"),
///     descriptionColumns: ["Description"], dateFormat: "dd/MM/yyyy", decimalSeparator: .comma, delimiter: ";")
/// ```
public struct StatementCSVMapping: Sendable, Hashable {
    /// Where a row's amount is.
    public enum Amount: Sendable, Hashable {
        /// One signed column: positive for money in, negative (a leading `-`) for money out.
        case signed(column: String)
        /// Money in and money out in two columns, one of them filled (or the other zero). A debit is
        /// money out whether it is written `12.50` or `-12.50`.
        case creditDebit(credit: String, debit: String)
    }

    /// Where a row's currency comes from.
    public enum CurrencySource: Sendable, Hashable {
        /// A column holding an ISO 4217 code.
        case column(String)
        /// Every row is in this currency: the account's.
        case fixed(Currency)
    }

    /// The character between an amount's whole units and its fraction. The other of `.` and `,`, a
    /// space, a no-break space or `'` may group thousands, in groups of exactly three digits
    /// (`1.234.567,89` with a decimal comma); anything else is a problem for the row, so that a wrong
    /// separator is never misread as a different amount.
    public enum DecimalSeparator: String, Sendable, Hashable, CaseIterable {
        case point = "."
        case comma = ","
    }

    /// The booking date's column.
    public var dateColumn: String
    public var amount: Amount
    public var currency: CurrencySource
    /// The column with the payer's reference (a payout id, an end-to-end id), if there is one.
    public var referenceColumn: String?
    /// Columns of free text (payee, purpose, memo), joined with ` / ` into the line's description.
    public var descriptionColumns: [String]
    /// The column with the bank's own id for the row, if there is one; a line's id is that when it is
    /// unique in the file, else `<file name>#<line>`.
    public var idColumn: String?
    /// The value date's column, if there is one.
    public var valueDateColumn: String?
    /// How dates are written: `yyyy` the year, `MM`/`M` the month, `dd`/`d` the day (two digits or
    /// one or two), `HH`, `mm`, `ss` a time that is skipped, anything else as written. A cell may have
    /// a time after the date (after a space or `T`) that the pattern leaves out. Examples:
    /// `yyyy-MM-dd`, `dd/MM/yyyy`, `d.M.yyyy`, `MM/dd/yyyy`.
    public var dateFormat: String
    public var decimalSeparator: DecimalSeparator
    /// The character between cells: `,`, `;`, a tab or `|`.
    public var delimiter: Character

    public init(
        dateColumn: String = "date", amount: Amount = .signed(column: "amount"), currency: CurrencySource,
        referenceColumn: String? = nil, descriptionColumns: [String] = [], idColumn: String? = nil,
        valueDateColumn: String? = nil, dateFormat: String = "yyyy-MM-dd", decimalSeparator: DecimalSeparator = .point,
        delimiter: Character = ","
    ) {
        self.dateColumn = dateColumn
        self.amount = amount
        self.currency = currency
        self.referenceColumn = referenceColumn
        self.descriptionColumns = descriptionColumns
        self.idColumn = idColumn
        self.valueDateColumn = valueDateColumn
        self.dateFormat = dateFormat
        self.decimalSeparator = decimalSeparator
        self.delimiter = delimiter
    }
}
