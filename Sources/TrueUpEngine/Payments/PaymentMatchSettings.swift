/// How near two records must be to match when no identifier ties them (DESIGN §4).
public struct MatchTolerance: Sendable, Hashable, Codable {
    /// The largest difference allowed whatever the amount, in hundredths of the currency's major
    /// unit (cents, pence): a currency with other decimals scales it, so 5 allows ¥0 (rounded
    /// down to whole yen) and 0.050 BHD.
    public var absoluteMinorUnits: Int64
    /// The largest difference allowed as a share of the amount, in basis points (1 = 0.01 %).
    public var relativeBasisPoints: Int64
    /// How many days apart two records' dates may be.
    public var dateWindowDays: Int

    public init(absoluteMinorUnits: Int64 = 0, relativeBasisPoints: Int64 = 0, dateWindowDays: Int = 3) {
        self.absoluteMinorUnits = absoluteMinorUnits
        self.relativeBasisPoints = relativeBasisPoints
        self.dateWindowDays = dateWindowDays
    }

    /// The difference allowed on `amount` (minor units of a currency with `exponent` decimals):
    /// the larger of the absolute and the relative allowance, both rounded down.
    public func allowance(for amount: Int64, exponent: Int = 2) -> Int64 {
        let magnitude = amount.magnitude > UInt64(Int64.max) ? Int64.max : Int64(amount.magnitude)
        let (product, overflow) = magnitude.multipliedReportingOverflow(by: relativeBasisPoints)
        let relative = overflow ? magnitude / 10_000 * relativeBasisPoints : product / 10_000
        var absolute = absoluteMinorUnits
        if exponent > 2 {
            for _ in 2..<exponent {
                absolute = absolute.multipliedReportingOverflow(by: 10).overflow ? .max : absolute * 10
            }
        } else if exponent < 2 {
            for _ in exponent..<2 { absolute /= 10 }
        }
        return max(absolute, relative)
    }
}

/// Settings for one payment method (`checkmo`, `stripe_payments`, a CSV feed's method column).
public struct PaymentMethodSettings: Sendable, Hashable, Codable {
    /// Replaces the pair's tolerance for this method's payments.
    public var tolerance: MatchTolerance?
    /// The Xero account (bank or clearing account code) a missing payment is recorded to.
    public var account: String?
    /// Days after which money taken but not seen in the bank is overdue.
    public var settlementDays: Int?

    public init(tolerance: MatchTolerance? = nil, account: String? = nil, settlementDays: Int? = nil) {
        self.tolerance = tolerance
        self.account = account
        self.settlementDays = settlementDays
    }
}

/// A pair's settings for the payments match.
public struct PaymentMatchSettings: Sendable, Hashable, Codable {
    /// Tolerance for every method without its own.
    public var tolerance: MatchTolerance
    public var methods: [String: PaymentMethodSettings]
    /// The Xero account a missing payment goes to when its method names none.
    public var paymentAccount: String?
    /// The Xero account gateway fees are spent to.
    public var feeAccount: String?
    /// The Xero account a rounding difference within tolerance is written off to.
    public var roundingAccount: String?
    /// The Xero bank account fee and rounding SPEND transactions come out of.
    public var bankAccount: String?
    /// The Xero account a refund's credit note line is posted to.
    public var refundAccount: String?
    /// Days money may take to reach the bank before it is overdue.
    public var settlementDays: Int
    /// The most unbanked records a deposit is tried against in the subset search.
    public var subsetCandidateCap: Int
    /// The most steps the subset search takes for one deposit.
    public var subsetStepCap: Int

    public init(
        tolerance: MatchTolerance = MatchTolerance(), methods: [String: PaymentMethodSettings] = [:],
        paymentAccount: String? = nil, feeAccount: String? = nil, roundingAccount: String? = nil,
        bankAccount: String? = nil, refundAccount: String? = nil, settlementDays: Int = 5,
        subsetCandidateCap: Int = 20, subsetStepCap: Int = 100_000
    ) {
        self.tolerance = tolerance
        self.methods = methods
        self.paymentAccount = paymentAccount
        self.feeAccount = feeAccount
        self.roundingAccount = roundingAccount
        self.bankAccount = bankAccount
        self.refundAccount = refundAccount
        self.settlementDays = settlementDays
        self.subsetCandidateCap = subsetCandidateCap
        self.subsetStepCap = subsetStepCap
    }

    /// The tolerance for a method.
    public func tolerance(method: String?) -> MatchTolerance {
        method.flatMap { methods[$0]?.tolerance } ?? tolerance
    }

    /// The account a method's missing payments go to.
    public func account(method: String?) -> String? {
        method.flatMap { methods[$0]?.account } ?? paymentAccount
    }

    /// The settlement window for a method.
    public func settlementDays(method: String?) -> Int {
        method.flatMap { methods[$0]?.settlementDays } ?? settlementDays
    }
}
