/// One line of a payment gateway's payout (settlement) file: an order's or a transaction's share
/// of one deposit to the bank, with the gateway's fee taken off.
public struct PayoutLine: Sendable, Hashable, Codable {
    /// The gateway's payout id: a deposit's bank reference, or a Xero bank transaction's `Reference`.
    public var payoutID: String
    /// The payout's date.
    public var date: LocalDate
    /// The order the line settles, where the file names it.
    public var orderNumber: String?
    /// The gateway's transaction id, where the file names it.
    public var reference: String?
    /// What the customer paid (negative for a refund taken back out of the payout).
    public var gross: Money
    /// The gateway's fee, positive when charged.
    public var fee: Money
    /// `gross − fee`: what the line adds to the deposit.
    public var net: Money
    /// The file and line the row was read from.
    public var source: String

    public init(
        payoutID: String, date: LocalDate, orderNumber: String? = nil, reference: String? = nil, gross: Money,
        fee: Money, net: Money, source: String
    ) {
        self.payoutID = payoutID
        self.date = date
        self.orderNumber = orderNumber
        self.reference = reference
        self.gross = gross
        self.fee = fee
        self.net = net
        self.source = source
    }
}
