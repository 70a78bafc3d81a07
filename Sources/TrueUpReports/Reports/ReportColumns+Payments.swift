import TrueUpCore
import TrueUpEngine

extension ReportColumns {
    /// `payments.csv` (DESIGN §7), and the attributes of a `<payments>` row.
    static let payments = [
        "order_number", "kind", "store_ref", "store_amount", "currency", "xero_invoice", "xero_ref", "xero_amount",
        "bank_ref", "bank_amount", "payout_id", "fee", "difference", "status", "rule",
    ]

    /// `summary.csv`: the close figures of one currency. `open_conflicts` is the pair's count of open
    /// conflicts, which are not kept per currency: every currency's row shows the same total.
    /// `generated_at` is the one cell allowed to differ between two writes of the same state, and is
    /// not an attribute of the XML's `<summary>` rows (the header's `generated-at` says it there).
    static let summary = [
        "currency", "store_sales", "store_refunds", "xero_payments", "xero_credit_notes", "deposits", "fees",
        "in_transit", "open_conflicts", "generated_at",
    ]

    /// A payments row's fields in column order. Empty text is an empty cell and an absent attribute.
    static func fields(_ line: PaymentLine) -> [Field] {
        [
            .text(nonEmpty(line.orderNumber)), .text(line.kind.rawValue), .text(nonEmpty(line.storeRef)),
            .money(line.storeAmount), .text(line.currency?.code), .text(nonEmpty(line.xeroInvoice)),
            .text(nonEmpty(line.xeroRef)), .money(line.xeroAmount), .text(nonEmpty(line.bankRef)),
            .money(line.bankAmount), .text(nonEmpty(line.payoutID)), .money(line.fee), .money(line.difference),
            .text(line.status.rawValue), .text(nonEmpty(line.rule)),
        ]
    }

    /// A currency's summary fields in column order; `generatedAt` is ISO 8601 UTC.
    static func fields(_ figures: PaymentSummary.Figures, openConflicts: Int, generatedAt: String) -> [Field] {
        [
            .text(figures.currency.code), .money(figures.storeSales), .money(figures.storeRefunds),
            .money(figures.xeroPayments), .money(figures.xeroCreditNotes), .money(figures.deposits),
            .money(figures.fees), .money(figures.inTransit), .integer(Int64(openConflicts)), .text(generatedAt),
        ]
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
