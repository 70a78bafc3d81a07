import ArgumentParser
import Foundation
import TrueUpEngine
import TrueUpTestSupport

/// Measures the payments match on a seeded synthetic data set: generates it (not timed), times
/// `PaymentMatcher.match` end to end from canonical records over several runs, and scores the last
/// result against the generator's truth.
struct PaymentsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Benchmark the payments match (storefront, Xero, bank and payouts)."
    )

    @Option(help: "Storefront payments (refunds come on top).")
    var payments = 1_000_000

    @Option(help: "Timed runs (the first is also the warm-up).")
    var runs = 3

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 42

    @Flag(help: "Print the first wrongly paired rows against the truth.")
    var explain = false

    func run() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        let generating = DispatchTime.now().uptimeNanoseconds
        let data = SyntheticPayments(payments: payments, seed: seed)
        let generated = Double(DispatchTime.now().uptimeNanoseconds - generating) / 1e9
        let input = data.input
        let generatedPeak = peakResidentMiB()
        let storePayments = input.store.filter { $0.kind == .payment }.count
        print("TrueUp payments match: \(runs) runs, seed \(seed)")
        print("")
        print(
            "records: \(storePayments) storefront payments, \(input.store.count - storePayments) refunds, "
                + "\(input.payments.count) Xero payments, \(input.invoices.count) invoices, "
                + "\(input.creditNotes.count) credit notes, \(input.statement.count) statement lines, "
                + "\(input.payouts.count) payout lines (generated in \(fixed(generated, 1)) s, peak RSS \(generatedPeak) MiB)"
        )

        var seconds: [Double] = []
        var last: PaymentMatchResult?
        for _ in 0..<runs {
            last = nil
            let start = DispatchTime.now().uptimeNanoseconds
            let result = PaymentMatcher.match(input)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            last = result
        }
        guard let result = last else { return }
        let peak = peakResidentMiB()
        let sorted = seconds.sorted()
        let median = sorted[sorted.count / 2]
        let best = sorted[0]
        let records = data.recordCount
        print("")
        print(
            pad("", 30) + pad("median s", 11) + pad("best s", 9) + pad("per second (median)", 21) + "per second (best)")
        print(
            pad("storefront payments", 30) + pad(fixed(median, 3), 11) + pad(fixed(best, 3), 9)
                + pad(String(Int(Double(storePayments) / median)), 21) + String(Int(Double(storePayments) / best)))
        print(
            pad("all records (\(records))", 30) + pad("", 11) + pad("", 9)
                + pad(String(Int(Double(records) / median)), 21) + String(Int(Double(records) / best)))
        print("")
        print("runs s: " + seconds.map { fixed($0, 3) }.joined(separator: " ") + "; peak RSS \(peak) MiB")
        print(
            "rows \(result.matches.count), corrections \(result.corrections.count), conflicts \(result.conflicts.count)"
        )
        let score = PaymentMatchScore(result: result, truth: data.truth)
        for line in score.summary { print(line) }
        if explain {
            Self.explain(score.wrongXero + score.wrongBank, result: result, truth: data.truth)
            Self.explainLines(result: result, truth: data.truth)
        }
    }

    /// Statement lines a storefront record owns that came back as rows of their own, as `missing_in_store`.
    static func explainLines(result: PaymentMatchResult, truth: PaymentTruth) {
        var owners: [Int32: [Int]] = [:]
        for (store, line) in truth.bank.enumerated() where line >= 0 { owners[line, default: []].append(store) }
        var shown = 0
        for row in result.matches
        where row.store < 0 && row.payout < 0 && row.bank >= 0 && row.status == .missingInStore {
            guard let stores = owners[row.bank], shown < 5 else { continue }
            shown += 1
            print("")
            print("line \(row.bank): \(result.bank[Int(row.bank)]) row \(row)")
            for store in stores.prefix(3) {
                let own = result.matches.first { $0.store == Int32(store) }
                print(
                    "  owner \(store): \(result.input.store[store]) status \(own.map { "\($0.status) \($0.note.map(\.rawValue) ?? "")" } ?? "?")"
                )
            }
        }
    }

    /// Each wrongly paired storefront record: its record, the row, and what the truth says.
    static func explain(_ stores: [Int32], result: PaymentMatchResult, truth: PaymentTruth) {
        let input = result.input
        for store in stores {
            guard let row = result.matches.first(where: { $0.store == store }) else { continue }
            let entry = input.store[Int(store)]
            print("")
            print("store \(store): \(entry)")
            print("  row: \(row)")
            if row.payment >= 0 { print("  row payment: \(input.payments[Int(row.payment)])") }
            if row.bank >= 0 { print("  row bank: \(result.bank[Int(row.bank)])") }
            if row.payout >= 0 { print("  row payout: \(result.payoutIDs[Int(row.payout)])") }
            let line = truth.bank[Int(store)]
            print(
                "  truth: xero \(truth.xero[Int(store)]) bank \(line) payout \(truth.payout[Int(store)]) expected \(truth.expected[Int(store)])"
            )
            if line >= 0 { print("  truth bank: \(result.bank[Int(line)])") }
            let lines = input.payouts.filter { $0.orderNumber == entry.orderNumber }
            for payout in lines { print("  payout line: \(payout)") }
            let others = input.store.enumerated().filter {
                $0.element.orderNumber == entry.orderNumber && $0.offset != Int(store)
            }
            for other in others {
                print("  same order: \(other.offset) \(other.element) expected \(truth.expected[other.offset])")
            }
        }
    }
}

/// `PaymentMatcher.match` over seeded synthetic data sets of each size in storefront payments
/// (generating them is not timed): canonical records of every kind per second, against the
/// target of a million, with precision and recall on both legs against the generator's truth.
func paymentRows(sizes: [Int], runs: Int, seed: UInt64) -> [BenchRow] {
    var rows: [BenchRow] = []
    for size in sizes {
        let data = SyntheticPayments(payments: size, seed: seed)
        let input = data.input
        resetPeakResident()
        let (seconds, result) = timed(runs: runs) { PaymentMatcher.match(input) }
        let score = PaymentMatchScore(result: result, truth: data.truth)
        let legs = [
            ("Xero", score.xero.precision, score.xero.recall),
            ("bank", score.bank.precision, score.bank.reachableRecall),
        ]
        rows.append(
            BenchRow(
                figure: "payments matcher", size: "\(compact(size)) payments", seconds: seconds, work: data.recordCount,
                unit: "records/s", peakMiB: peakResidentMiB(), growthMiB: peakGrowthMiB(),
                note: "\(data.recordCount) records; "
                    + legs.map { "\($0.0) precision \(fixed($0.1, 4)) recall \(fixed($0.2, 4))" }.joined(
                        separator: ", "),
                target: 1_000_000))
    }
    return rows
}
