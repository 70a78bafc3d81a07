/// How to read a payment gateway's payout (settlement) CSV file: which columns hold what.
///
/// The defaults read `payout_id,date,order_number,reference,gross,fee,net,currency`. Column names are
/// matched against the header row ignoring letter case and surrounding space. The file needs the
/// payout id, date and gross columns and at least one of the order number and reference columns; fee,
/// net and currency may be left out of the file (no fee, net computed as gross − fee, the reader's
/// default currency). Dates are ISO `yyyy-MM-dd`.
public struct PayoutCSVMapping: Sendable, Hashable {
    public var payoutIDColumn: String
    public var dateColumn: String
    public var orderNumberColumn: String
    public var referenceColumn: String
    public var grossColumn: String
    public var feeColumn: String
    public var netColumn: String
    public var currencyColumn: String
    public var decimalSeparator: StatementCSVMapping.DecimalSeparator
    /// The character between cells: `,`, `;`, a tab or `|`.
    public var delimiter: Character

    public init(
        payoutIDColumn: String = "payout_id", dateColumn: String = "date", orderNumberColumn: String = "order_number",
        referenceColumn: String = "reference", grossColumn: String = "gross", feeColumn: String = "fee",
        netColumn: String = "net", currencyColumn: String = "currency",
        decimalSeparator: StatementCSVMapping.DecimalSeparator = .point, delimiter: Character = ","
    ) {
        self.payoutIDColumn = payoutIDColumn
        self.dateColumn = dateColumn
        self.orderNumberColumn = orderNumberColumn
        self.referenceColumn = referenceColumn
        self.grossColumn = grossColumn
        self.feeColumn = feeColumn
        self.netColumn = netColumn
        self.currencyColumn = currencyColumn
        self.decimalSeparator = decimalSeparator
        self.delimiter = delimiter
    }
}
