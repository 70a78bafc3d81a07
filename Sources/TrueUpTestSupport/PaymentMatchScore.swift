public import TrueUpEngine

/// How a payments match did against a ``SyntheticPayments`` truth: precision and recall on the
/// storefront ↔ Xero leg and on the bank leg, rows per status, and the designed duplicates and
/// look-alikes found.
///
/// A storefront row *pairs* a record on the Xero leg when its status says the legs agree
/// (`matched`, `in_transit`, `unbanked_overdue`, `fee_write_off`): a pairing that differs from the
/// truth is a false positive, a truth the row does not pair is a false negative. The bank leg is
/// stricter: a row's bank line counts whatever its status, since `payments.csv` shows it. `ambiguous`
/// rows are counted apart on both legs: they claim nothing.
public struct PaymentMatchScore: Sendable {
    public struct Leg: Sendable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0
        public var ambiguous = 0
        /// False negatives no match could avoid: records in a payout with no payout file, whose
        /// deposit names none of them.
        public var unreachable = 0

        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }

        public var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }

        /// Recall over the pairs a match can make.
        public var reachableRecall: Double {
            let reachable = truePositives + falseNegatives - unreachable
            return reachable == 0 ? 1 : Double(truePositives) / Double(reachable)
        }
    }

    /// A storefront row whose status is not the one the truth expects.
    public struct Miss: Sendable, Hashable {
        public var expected: PaymentStatus
        public var got: PaymentStatus
    }

    public static let pairingStatuses: Set<PaymentStatus> = [.matched, .inTransit, .unbankedOverdue, .feeWriteOff]

    public var xero = Leg()
    public var bank = Leg()
    /// Rows per status: all rows, storefront rows, and the Xero and bank records nothing explains.
    public var statusCounts: [PaymentStatus: Int] = [:]
    public var storeStatusCounts: [PaymentStatus: Int] = [:]
    public var otherStatusCounts: [PaymentStatus: Int] = [:]
    /// Storefront rows whose status is not the expected one, by (expected, got).
    public var misses: [Miss: Int] = [:]
    /// Storefront records wrongly paired on the Xero leg, and on the bank leg (a few, for messages).
    public var wrongXero: [Int32] = []
    public var wrongBank: [Int32] = []
    /// Rows whose payout is not the record's payout.
    public var wrongPayouts = 0
    /// Rows given the bank line or payout of their storefront twin (the other payment of an order paid
    /// twice, which no payout line or statement line can tell apart): counted as right.
    public var twinSwaps = 0
    /// Wrong Xero pairings under a status that does not claim the legs agree (`amount_mismatch`).
    public var wrongUnderOtherStatuses = 0
    public var storeDuplicatesReported = 0
    public var storeDuplicatesDesigned = 0
    public var xeroDuplicatesReported = 0
    public var xeroDuplicatesDesigned = 0
    /// Xero payments reported `duplicate` that are not designed twins.
    public var unexpectedXeroDuplicates = 0
    public var lookAlikesReported = 0
    public var lookAlikesDesigned = 0
    public var bankLookAlikesReported = 0
    public var bankLookAlikesDesigned = 0
    /// Statement lines a storefront record owns that came back as rows of their own, by status.
    public var ownedLinesUnexplained: [PaymentStatus: Int] = [:]
    /// Xero payments a storefront record owns that came back as rows of their own, by status.
    public var ownedPaymentsUnexplained: [PaymentStatus: Int] = [:]

    public init(result: PaymentMatchResult, truth: PaymentTruth) {
        let input = result.input
        // A duplicate Xero payment stands for its original: pairing either is right.
        var original: [Int32: Int32] = [:]
        for twin in truth.xeroDuplicates { original[twin.duplicate] = twin.original }
        var lineOwned = Array(repeating: false, count: result.bank.count)
        for line in truth.bank where line >= 0 && Int(line) < lineOwned.count { lineOwned[Int(line)] = true }
        var paymentOwned = Array(repeating: false, count: input.payments.count)
        for (store, owner) in truth.xero.enumerated() where owner >= 0 && input.store[store].kind == .payment {
            paymentOwned[Int(owner)] = true
        }
        // Likewise the two payments of an order paid twice, on the bank leg.
        var storeTwin: [Int32: Int32] = [:]
        for twin in truth.storeDuplicates {
            storeTwin[twin.duplicate] = twin.original
            storeTwin[twin.original] = twin.duplicate
        }
        var duplicatePayments = Set<Int32>()
        var storeStatus = Array(repeating: PaymentStatus.missingInXero, count: input.store.count)

        for row in result.matches {
            statusCounts[row.status, default: 0] += 1
            guard row.store >= 0 else {
                otherStatusCounts[row.status, default: 0] += 1
                if row.payment >= 0, row.status == .duplicate { duplicatePayments.insert(row.payment) }
                if row.payment >= 0, row.payout < 0, paymentOwned[Int(row.payment)] {
                    ownedPaymentsUnexplained[row.status, default: 0] += 1
                }
                if row.bank >= 0, row.payout < 0, lineOwned[Int(row.bank)] {
                    ownedLinesUnexplained[row.status, default: 0] += 1
                }
                continue
            }
            let store = Int(row.store)
            storeStatus[store] = row.status
            storeStatusCounts[row.status, default: 0] += 1
            if truth.expected[store] != row.status {
                misses[Miss(expected: truth.expected[store], got: row.status), default: 0] += 1
            }
            if row.status == .ambiguous {
                xero.ambiguous += 1
                bank.ambiguous += 1
                continue
            }
            scoreXero(row, truth: truth.xero[store], original: original)
            let twin = storeTwin[row.store].map(Int.init)
            scoreBank(row, truth: truth.bank[store], twin: twin.map { truth.bank[$0] }, findable: truth.findableLines)
            if row.payout >= 0 {
                let id = result.payoutIDs[Int(row.payout)]
                func holds(_ record: Int) -> Bool {
                    truth.payout[record] >= 0 && truth.payoutIDs[Int(truth.payout[record])] == id
                }
                if !holds(store), !(twin.map(holds) ?? false) { wrongPayouts += 1 }
            }
        }

        storeDuplicatesDesigned = truth.storeDuplicates.count
        storeDuplicatesReported = truth.storeDuplicates.filter { storeStatus[Int($0.duplicate)] == .duplicate }.count
        xeroDuplicatesDesigned = truth.xeroDuplicates.count
        var twins = Set<Int32>()
        for twin in truth.xeroDuplicates {
            twins.insert(twin.duplicate)
            twins.insert(twin.original)
            if duplicatePayments.contains(twin.duplicate) != duplicatePayments.contains(twin.original) {
                xeroDuplicatesReported += 1
            }
        }
        unexpectedXeroDuplicates = duplicatePayments.subtracting(twins).count
        lookAlikesDesigned = truth.lookAlikes.count
        lookAlikesReported = truth.lookAlikes.filter { storeStatus[Int($0)] == .ambiguous }.count
        bankLookAlikesDesigned = truth.bankLookAlikes.count
        bankLookAlikesReported = truth.bankLookAlikes.filter { storeStatus[Int($0)] == .ambiguous }.count
    }

    private mutating func scoreXero(_ row: PaymentMatch, truth want: Int32, original: [Int32: Int32]) {
        var paired = row.kind == .refund ? row.creditNote : row.payment
        if row.kind == .payment, paired >= 0 { paired = original[paired] ?? paired }
        guard Self.pairingStatuses.contains(row.status) else {
            if paired >= 0, paired != want { wrongUnderOtherStatuses += 1 }
            if want >= 0 { xero.falseNegatives += 1 }
            return
        }
        if paired >= 0, paired == want {
            xero.truePositives += 1
            return
        }
        if paired >= 0 {
            xero.falsePositives += 1
            if wrongXero.count < 10 { wrongXero.append(row.store) }
        }
        if want >= 0 { xero.falseNegatives += 1 }
    }

    private mutating func scoreBank(_ row: PaymentMatch, truth want: Int32, twin: Int32?, findable: [Bool]) {
        let found: Int32 =
            row.bank >= 0 ? row.bank : row.bankRule == .xeroReconciled ? PaymentTruth.reconciledInXero : -1
        if found != -1, found == want {
            bank.truePositives += 1
            return
        }
        if found >= 0, found == twin {
            bank.truePositives += 1
            twinSwaps += 1
            return
        }
        if found != -1 {
            bank.falsePositives += 1
            if wrongBank.count < 10 { wrongBank.append(row.store) }
        }
        if want != -1 { bank.falseNegatives += 1 }
        if want >= 0, !findable[Int(want)] { bank.unreachable += 1 }
    }

    /// The figures, one per line, for a benchmark's output or a test's message.
    public var summary: [String] {
        func share(_ value: Double) -> String {
            let scaled = (value * 1_000_000).rounded() / 1_000_000
            return String(scaled)
        }
        func leg(_ name: String, _ leg: Leg) -> String {
            "\(name): precision \(share(leg.precision)) recall \(share(leg.recall)) (TP \(leg.truePositives), FP \(leg.falsePositives), FN \(leg.falseNegatives), ambiguous \(leg.ambiguous))"
        }
        func counts(_ counts: [PaymentStatus: Int]) -> String {
            PaymentStatus.allCases.compactMap { status in counts[status].map { "\(status.rawValue) \($0)" } }
                .joined(separator: ", ")
        }
        var lines = [
            leg("storefront-Xero leg", xero), leg("bank leg", bank),
            "bank leg recall over what a match can reach: \(share(bank.reachableRecall)) (\(bank.unreachable) records in payouts without a payout file)",
            "storefront rows: \(counts(storeStatusCounts))",
            "Xero and bank rows: \(counts(otherStatusCounts))",
            "designed duplicates reported: storefront \(storeDuplicatesReported)/\(storeDuplicatesDesigned), Xero \(xeroDuplicatesReported)/\(xeroDuplicatesDesigned) (other Xero payments reported duplicate: \(unexpectedXeroDuplicates))",
            "designed look-alikes reported ambiguous: Xero leg \(lookAlikesReported)/\(lookAlikesDesigned), bank leg \(bankLookAlikesReported)/\(bankLookAlikesDesigned)",
            "wrong payouts \(wrongPayouts), wrong pairs under other statuses \(wrongUnderOtherStatuses), bank legs taken from a storefront twin \(twinSwaps)",
        ]
        if !ownedLinesUnexplained.isEmpty {
            lines.append("statement lines a storefront record owns, reported alone: \(counts(ownedLinesUnexplained))")
        }
        if !ownedPaymentsUnexplained.isEmpty {
            lines.append("Xero payments a storefront record owns, reported alone: \(counts(ownedPaymentsUnexplained))")
        }
        let missed = misses.sorted { $0.value > $1.value }.map {
            "\($0.key.expected.rawValue)→\($0.key.got.rawValue) \($0.value)"
        }
        if !missed.isEmpty { lines.append("statuses not the expected ones: " + missed.joined(separator: ", ")) }
        return lines
    }
}
