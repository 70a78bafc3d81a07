public import TrueUpCore
public import TrueUpEngine

/// The close figures of a payments match, one set per currency (DESIGN §7, `summary.csv`): a pure
/// function of the match's rows, so that the report, the CLI and the tests compute them the same way,
/// from a fresh match or from the rows the state keeps.
///
/// Each amount is added up in its own currency, so a row whose legs are in two currencies adds to
/// both. The period is the match's: the figures cover every row given, and `in_transit` is as of the
/// match's `asOf` day.
public struct PaymentSummary: Sendable, Hashable {
    /// One currency's figures; every amount is in ``currency``.
    public struct Figures: Sendable, Hashable {
        public var currency: Currency
        /// `store_sales`: the storefront's payments, the `store_amount` of every payment row.
        public var storeSales: Money
        /// `store_refunds`: the storefront's refunds, the `store_amount` of every refund row (positive).
        public var storeRefunds: Money
        /// `xero_payments`: Xero's payments on invoices, the `xero_amount` of every payment row. A Xero
        /// payment is on one row at most; payments tied for an `ambiguous` row are on none, so they are
        /// not in it.
        public var xeroPayments: Money
        /// `xero_credit_notes`: Xero's credit notes, the `xero_amount` of refund rows, each note (by its
        /// `xero_invoice` number) once, though a note and its refund payment may each have a row.
        public var xeroCreditNotes: Money
        /// `deposits`: the bank credits on the rows (`bank_amount` above zero), each once: the rows of
        /// one payout, or of one deposit found by `deposit_subset`, share one deposit.
        public var deposits: Money
        /// `fees`: the payout fees, the sum of the `fee` column.
        public var fees: Money
        /// `in_transit`: money taken and not banked, the `store_amount` of `in_transit` and
        /// `unbanked_overdue` rows, payments less refunds (a gateway nets refunds out of its payouts).
        public var inTransit: Money

        /// Every figure zero.
        public init(currency: Currency) {
            let zero = Money.zero(currency)
            self.currency = currency
            storeSales = zero
            storeRefunds = zero
            xeroPayments = zero
            xeroCreditNotes = zero
            deposits = zero
            fees = zero
            inTransit = zero
        }
    }

    /// One entry per currency that any row has an amount or its currency in, by currency code.
    public var figures: [Figures]
    /// The pair's open conflicts. Conflicts are not kept per currency, so this one total stands on
    /// every currency's row of `summary.csv`.
    public var openConflicts: Int

    public init(figures: [Figures], openConflicts: Int) {
        self.figures = figures
        self.openConflicts = openConflicts
    }

    /// The figures of the rows `lines`, in any order. Throws a ``ReportError`` when a total does not
    /// fit in 64 bits of minor units, which only corrupt records can cause.
    public init(_ lines: some Sequence<PaymentLine>, openConflicts: Int) throws {
        var builder = Builder()
        for line in lines { builder.add(line) }
        self = try builder.finish(openConflicts: openConflicts)
    }

    /// The figures of one currency, or `nil` when no row is in it.
    public func figures(for currency: Currency) -> Figures? {
        figures.first { $0.currency == currency }
    }
}

extension PaymentSummary {
    /// Adds rows up one at a time, so that the report's one pass over the rows also gives the
    /// summary. ``PaymentSummary/init(_:openConflicts:)`` is this builder over every row.
    struct Builder {
        private enum Column: Int, CaseIterable {
            case storeSales, storeRefunds, xeroPayments, xeroCreditNotes, deposits, fees, inTransit

            var name: String { ReportColumns.summary[rawValue + 1] }
        }

        /// A bank credit or a credit note already added.
        private struct Seen: Hashable {
            var currency: String
            var reference: String
            var minorUnits: Int64
        }

        private var totals: [String: [Int64]] = [:]
        private var currencies: [String: Currency] = [:]
        private var depositsSeen = Set<Seen>()
        private var notesSeen = Set<Seen>()
        /// The first total that overflowed: its column and currency.
        private var overflow: (column: String, currency: String)?

        mutating func add(_ line: PaymentLine) {
            if let currency = line.currency { note(currency) }
            if let amount = line.storeAmount {
                add(amount, to: line.kind == .payment ? .storeSales : .storeRefunds)
                if line.status == .inTransit || line.status == .unbankedOverdue {
                    add(amount, to: .inTransit, subtracting: line.kind == .refund)
                }
            }
            if let amount = line.xeroAmount {
                switch line.kind {
                case .payment:
                    add(amount, to: .xeroPayments)
                case .refund:
                    // The note's number names it; a row without one is counted as it stands.
                    let key = line.xeroInvoice.map {
                        Seen(currency: amount.currency.code, reference: $0, minorUnits: 0)
                    }
                    if key.map({ notesSeen.insert($0).inserted }) ?? true { add(amount, to: .xeroCreditNotes) }
                }
            }
            if let amount = line.bankAmount, amount.minorUnits > 0 {
                if let key = Self.sharedDeposit(line, amount: amount) {
                    if depositsSeen.insert(key).inserted { add(amount, to: .deposits) }
                } else {
                    add(amount, to: .deposits)
                }
            }
            if let fee = line.fee { add(fee, to: .fees) }
        }

        func finish(openConflicts: Int) throws -> PaymentSummary {
            if let overflow {
                throw ReportError.output(
                    "cannot sum the \(overflow.column) of \(overflow.currency): the total does not fit in 64 bits "
                        + "(check the amounts of the records the match read)")
            }
            let figures = currencies.keys.sorted().compactMap { code -> Figures? in
                guard let currency = currencies[code] else { return nil }
                let sums = totals[code] ?? Array(repeating: 0, count: Column.allCases.count)
                func money(_ column: Column) -> Money { Money(minorUnits: sums[column.rawValue], currency: currency) }
                var figures = Figures(currency: currency)
                figures.storeSales = money(.storeSales)
                figures.storeRefunds = money(.storeRefunds)
                figures.xeroPayments = money(.xeroPayments)
                figures.xeroCreditNotes = money(.xeroCreditNotes)
                figures.deposits = money(.deposits)
                figures.fees = money(.fees)
                figures.inTransit = money(.inTransit)
                return figures
            }
            return PaymentSummary(figures: figures, openConflicts: openConflicts)
        }

        /// The deposit a row shares with other rows: one payout's deposit, found by its id or its
        /// amount, or a deposit the subset search split over several payments. Every other bank rule
        /// gives a row a bank line of its own, which is counted as it stands (`nil`): two such lines
        /// with the same reference and amount are still two deposits.
        private static func sharedDeposit(_ line: PaymentLine, amount: Money) -> Seen? {
            let shared = line.rule.split(whereSeparator: { $0 == "+" || $0 == ";" }).contains { part in
                part == BankRule.payoutID.rawValue || part == BankRule.payoutAmount.rawValue
                    || part == BankRule.depositSubset.rawValue
            }
            guard shared else { return nil }
            return Seen(currency: amount.currency.code, reference: line.bankRef ?? "", minorUnits: amount.minorUnits)
        }

        private mutating func note(_ currency: Currency) {
            if currencies[currency.code] == nil { currencies[currency.code] = currency }
        }

        private mutating func add(_ amount: Money, to column: Column, subtracting: Bool = false) {
            let code = amount.currency.code
            note(amount.currency)
            let zeros = [Int64](repeating: 0, count: Column.allCases.count)
            let total = totals[code, default: zeros][column.rawValue]
            let (sum, overflowed) =
                subtracting
                ? total.subtractingReportingOverflow(amount.minorUnits)
                : total.addingReportingOverflow(amount.minorUnits)
            totals[code, default: zeros][column.rawValue] = sum
            if overflowed, overflow == nil { overflow = (column.name, code) }
        }
    }
}
