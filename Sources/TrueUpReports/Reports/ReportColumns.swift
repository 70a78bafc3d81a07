import TrueUpCore
import TrueUpEngine
import TrueUpStore

/// The columns of each report, and how a record becomes cells. CSV columns and XML attributes
/// share names and values (DESIGN §7).
enum ReportColumns {
    static let inventory = [
        "sku", "item_code", "xero_qoh", "store_qty", "in_flight", "projected", "base", "delta_xero", "delta_store",
        "outcome", "store_target", "xero_adjustment", "conflict_reason",
    ]

    static let conflicts = [
        "id", "kind", "subject_type", "subject", "reason", "status", "message", "xero_value", "store_value",
        "suggestions", "resolution", "resolved_by", "resolved_at", "raised_in_run", "last_seen_run", "times_seen",
    ]

    /// A row's fields in column order; `nil` is an empty cell (or an absent attribute).
    static func fields(_ row: InventoryRow) -> [Field] {
        [
            .text(row.sku), .text(row.itemCode), .quantity(row.xeroQuantity), .quantity(row.storeQuantity),
            .quantity(row.inFlight), .quantity(row.projected), .quantity(row.base), .quantity(row.deltaXero),
            .quantity(row.deltaStore), .text(row.outcome.rawValue), .quantity(row.storeTarget),
            .quantity(row.xeroAdjustment), .text(row.conflictReason?.rawValue),
        ]
    }

    static func fields(_ conflict: Conflict) -> [Field] {
        [
            .integer(conflict.id), .text(conflict.kind.rawValue), .text(conflict.subject.type.rawValue),
            .text(conflict.subject.key), .text(conflict.reason), .text(conflict.status.rawValue),
            .text(conflict.message),
            .text(conflict.xeroValue), .text(conflict.storeValue),
            .text(conflict.suggestions.isEmpty ? nil : conflict.suggestions.joined(separator: "; ")),
            .text(conflict.resolution), .text(conflict.resolvedBy),
            .text(conflict.resolvedAt.map(ISOTimestamp.format)), .integer(conflict.raisedInRun),
            .integer(conflict.lastSeenRun), .integer(Int64(conflict.timesSeen)),
        ]
    }

    /// One value of a report, typed so that numbers are never mistaken for formula text.
    enum Field {
        case text(String?)
        case quantity(Quantity?)
        case integer(Int64)
        /// An amount at its currency's fixed scale (`12.50`, `1250`, `1.250`).
        case money(Money?)

        var cell: CSVCell { cell(attribute) }

        /// The CSV cell of `value`, this field's ``attribute``: made once, it serves both files.
        func cell(_ value: String?) -> CSVCell {
            guard let value else { return .empty }
            if case .text = self { return .text(value) }
            return .number(value)
        }

        /// The attribute value, or `nil` to leave the attribute out.
        var attribute: String? {
            switch self {
            case .text(let text): text
            case .quantity(let quantity): quantity?.fixed
            case .integer(let value): String(value)
            case .money(let money): money?.amount
            }
        }
    }
}
