public import Foundation
public import TrueUpCore
public import TrueUpEngine

/// Stage 4 for payments (DESIGN §1, §4): the match's input from what a run read, and the
/// conflicts its unreadable records raise.
public enum PaymentsStage {
    /// Magento order states that mean the customer has not paid yet.
    static let awaitingPayment: Set<String> = ["new", "pending_payment", "payment_review"]

    /// The match's input, or `nil` when the run read nothing the match works on (no storefront
    /// payments or refunds, no Xero payments, no statement, no payouts, no `payments:` settings).
    public static func input(
        _ loaded: LoadedScenario, asOf: Date
    ) -> (input: PaymentMatchInput, problems: [InputProblem])? {
        let settings = loaded.scenario.settings
        let snapshot = loaded.snapshot
        let ledger = StoreLedger.entries(
            orders: snapshot.orders, payments: loaded.payments.storePayments, refunds: snapshot.refunds,
            timeZone: settings.zone)
        let payments = loaded.payments
        guard
            !ledger.entries.isEmpty || !payments.payments.isEmpty || !payments.statement.isEmpty
                || !payments.payouts.isEmpty || settings.payments != nil
        else { return nil }
        var unpaid: [String: String] = [:]
        for order in snapshot.orders where awaitingPayment.contains(order.state) {
            if (order.payment?.amountPaid?.minorUnits ?? 0) == 0 { unpaid[order.number] = order.id }
        }
        let restocked = Set(
            snapshot.refunds.filter { $0.lines.contains { $0.quantityRestocked > .zero } }.map(\.number))
        let input = PaymentMatchInput(
            pair: loaded.scenario.pair.rawValue, store: ledger.entries, invoices: snapshot.invoices,
            creditNotes: snapshot.creditNotes, payments: payments.payments, bankTransactions: payments.bankTransactions,
            statement: payments.statement, payouts: payments.payouts, unpaidOrders: unpaid, restockedRefunds: restocked,
            asOf: LocalDate(asOf, in: settings.zone), settings: settings.payments ?? PaymentMatchSettings())
        return (input, payments.problems + ledger.problems)
    }

    /// The file or source, and the record in it where the problem names one: stable from run to
    /// run, so a problem seen again updates its conflict.
    static func subject(of problem: InputProblem) -> String {
        switch problem.subject {
        case .sku(let key), .itemCode(let key), .order(let key), .refund(let key), .reference(let key),
            .document(let key):
            "\(problem.source): \(key)"
        case .unknown: problem.source
        }
    }

    /// A conflict for each record or file the match could not read, so a person sees what it left out.
    static func conflicts(for problems: [InputProblem]) -> [ConflictDraft] {
        problems.map { problem in
            ConflictDraft(
                kind: .payment, subject: ConflictSubject(.record, subject(of: problem)),
                reason: "payment_input_unreadable",
                message: "\(problem.source): \(problem.message); the payments match went on without it",
                suggestions: ["dismiss once the record or file is fixed"])
        }
    }
}
