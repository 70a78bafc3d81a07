import TrueUpCore
public import TrueUpEngine

/// A seeded three-way payments match (DESIGN §4) of any size whose right answer is known for every
/// storefront record: the same seed gives the same records, for tests and benchmarks alike.
///
/// Each order is given a role on the storefront ↔ Xero leg (paired by transaction id or by order
/// number, missing on one side, an invoice without a `Reference`, paid twice in the shop, recorded
/// twice in Xero, a look-alike, a one-cent rounding difference) and one on the bank leg (in a
/// gateway payout of about 50 orders, banked alone with a reference, banked alone without one,
/// reconciled in Xero, a bank look-alike, not banked yet). Some orders are refunded. Amounts that a
/// tolerance rule could reach are unique within their currency, and every deposit of several orders
/// is larger than any single payment and unique too, so that the only records that look alike are
/// the ones designed to.
public struct SyntheticPayments: Sendable {
    public var input: PaymentMatchInput
    public var truth: PaymentTruth

    /// - Parameters:
    ///   - payments: how many storefront payments (refunds come on top).
    ///   - seed: the generator's seed.
    public init(payments: Int, seed: UInt64 = 42, mix: PaymentMix = PaymentMix()) {
        var builder = PaymentBuilder(payments: payments, seed: seed, mix: mix)
        builder.build()
        input = builder.input()
        truth = builder.truth
    }

    /// Storefront records, Xero payments, bank lines and payout lines: the records the match reads
    /// row by row.
    public var recordCount: Int {
        input.store.count + input.payments.count + input.statement.count + input.payouts.count
    }
}

/// The shares of each kind of record, as fractions of orders.
public struct PaymentMix: Sendable, Hashable {
    /// Storefront payments a day: the data spans the payments over this many a day, and at least 30 days.
    public var paymentsPerDay = 2_500
    /// Currencies after the first (USD) and their shares.
    public var euroShare = 0.06
    public var poundShare = 0.04
    /// The storefront leg.
    public var missingInXero = 0.03
    public var missingInStore = 0.02
    /// The order's invoice has no `Reference` and its payment none either: only amount and date can pair them.
    public var invoiceWithoutReference = 0.02
    public var storeDuplicates = 0.002
    public var xeroDuplicates = 0.002
    /// Orders in pairs with the same amount and date and no identifier on either side.
    public var lookAlikes = 0.002
    /// The Xero payment is one cent off the storefront's (within the one-cent tolerance).
    public var rounding = 0.003
    /// Xero payments without a `Reference`, paired by order number.
    public var xeroWithoutReference = 0.2
    /// The bank leg.
    public var gateway = 0.80
    public var bankedByReference = 0.08
    public var bankedByAmount = 0.04
    public var reconciledInXero = 0.03
    /// Orders in pairs banked alone on the same day with the same amount and no reference.
    public var bankLookAlikes = 0.001
    /// Orders refunded, and how: by a credit note with the refund number and a refund payment, by a
    /// credit note allocated to the invoice, or not at all in Xero.
    public var refunds = 0.03
    public var refundsAllocated = 0.2
    public var refundsMissing = 0.1
    /// Gateway payouts: orders each (±10), the share with a payout file, and the share of those whose
    /// deposit carries the payout id.
    public var payoutSize = 50
    public var payoutFiles = 0.9
    public var payoutReferences = 0.7
    /// The most days Xero's and the bank's dates trail the storefront's.
    public var maxDriftDays = 2

    public init() {}
}

/// The right answer for a ``SyntheticPayments`` data set.
public struct PaymentTruth: Sendable {
    /// Marks a storefront record whose bank leg is Xero's `IsReconciled`, with no statement line.
    public static let reconciledInXero: Int32 = -2

    /// For each storefront record: the Xero payment (a payment) or credit note (a refund) it belongs
    /// to, or -1.
    public var xero: [Int32]
    /// For each storefront record: the statement line it belongs to, ``reconciledInXero``, or -1.
    public var bank: [Int32]
    /// For each storefront record: its payout's position in ``payoutIDs``, or -1.
    public var payout: [Int32]
    /// The payout ids of the payout file, in file order.
    public var payoutIDs: [String]
    /// The status an honest match gives each storefront record.
    public var expected: [PaymentStatus]
    /// Storefront records that are an order's second payment, and the first.
    public var storeDuplicates: [(duplicate: Int32, original: Int32)]
    /// Xero payments recorded twice: the second and the first.
    public var xeroDuplicates: [(duplicate: Int32, original: Int32)]
    /// Storefront records designed to tie on the Xero leg.
    public var lookAlikes: [Int32]
    /// Storefront records designed to tie on the bank leg.
    public var bankLookAlikes: [Int32]
    /// Statement lines the match can find: a payout's deposit needs the payout file.
    public var findableLines: [Bool]

    public init(
        xero: [Int32], bank: [Int32], payout: [Int32], payoutIDs: [String], expected: [PaymentStatus],
        storeDuplicates: [(duplicate: Int32, original: Int32)], xeroDuplicates: [(duplicate: Int32, original: Int32)],
        lookAlikes: [Int32],
        bankLookAlikes: [Int32], findableLines: [Bool]
    ) {
        self.xero = xero
        self.bank = bank
        self.payout = payout
        self.payoutIDs = payoutIDs
        self.expected = expected
        self.storeDuplicates = storeDuplicates
        self.xeroDuplicates = xeroDuplicates
        self.lookAlikes = lookAlikes
        self.bankLookAlikes = bankLookAlikes
        self.findableLines = findableLines
    }
}
