import TrueUpCore
import TrueUpStore

extension ReportColumns {
    /// `corrections.csv` (DESIGN §7), the audit trail of writes, and the attributes of a
    /// `<corrections>` entry. `quantity` is a stock correction's (four places); `amount` and
    /// `currency` a payment correction's (the currency's scale). `external_id` is the id the side
    /// gave the write; `error` the side's last error. Times are ISO 8601 UTC.
    static let corrections = [
        "id", "run", "side", "action", "subject", "item_code", "quantity", "amount", "currency", "state",
        "external_id", "error", "created_at", "updated_at",
    ]

    /// A correction's fields in column order. Empty optional text is an empty cell and an absent
    /// attribute; `subject` is always there, as the schema requires.
    static func fields(_ row: CorrectionReportRow) -> [Field] {
        [
            .text(row.id), .integer(row.runID), .text(row.side.rawValue), .text(row.action), .text(row.subject),
            .text(present(row.itemCode)), .quantity(row.quantity), .money(row.amount), .text(row.amount?.currency.code),
            .text(row.state.rawValue), .text(present(row.externalID)), .text(present(row.error)),
            .text(ISOTimestamp.format(row.createdAt)), .text(ISOTimestamp.format(row.updatedAt)),
        ]
    }

    private static func present(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
