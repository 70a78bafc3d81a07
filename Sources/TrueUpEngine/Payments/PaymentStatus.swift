/// Where a payment or refund stands across the three legs: the `status` column of
/// `payments.csv` (DESIGN §4).
public enum PaymentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The storefront, Xero and the bank agree.
    case matched
    /// The storefront and Xero agree; the bank has not shown the money yet, inside the settlement window.
    case inTransit = "in_transit"
    /// The storefront has it; Xero does not.
    case missingInXero = "missing_in_xero"
    /// Xero (or the bank) has it; the storefront does not.
    case missingInStore = "missing_in_store"
    /// Matched by identifier, but the amounts differ by more than the tolerance.
    case amountMismatch = "amount_mismatch"
    /// Matched, with a difference within tolerance to post to the fee or rounding account.
    case feeWriteOff = "fee_write_off"
    /// A second record of money already matched: an order paid twice, a payment recorded twice.
    case duplicate
    /// More than one candidate qualified equally; a person chooses.
    case ambiguous
    /// The storefront and Xero agree, and the bank has not shown the money past the settlement window.
    case unbankedOverdue = "unbanked_overdue"
}

/// The rule that paired the storefront leg with Xero, recorded on each row.
public enum LedgerRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The gateway transaction id is the Xero payment's `Reference`.
    case transactionID = "transaction_id"
    /// The order number is the invoice's `Reference`, and the payment is on that invoice.
    case orderNumber = "order_number"
    /// The refund number is the credit note's `Reference`.
    case refundNumber = "refund_number"
    /// No identifier: same currency, amount within tolerance, date within the window.
    case amountDate = "amount_date"
}

/// The rule that found the bank leg.
public enum BankRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Xero shows the payment reconciled (`IsReconciled`) against its bank feed.
    case xeroReconciled = "xero_reconciled"
    /// A bank line's reference is the gateway transaction id or the order number.
    case bankReference = "bank_reference"
    /// A bank line's reference is the payout id of a payout file's payout holding the record.
    case payoutID = "payout_id"
    /// A payout's net total is a bank line's amount, within the date window, and no other's.
    case payoutAmount = "payout_amount"
    /// A bank line has the record's amount within the date window, and no other does.
    case bankAmountDate = "bank_amount_date"
    /// Unbanked records inside the window sum to a deposit, and no other set of them does.
    case depositSubset = "deposit_subset"
    /// A refund settled by allocating its credit note to the invoice: no money moved.
    case allocation
}

/// Why a row is not `matched`, where more than the status says it.
public enum MatchNote: String, Sendable, Hashable, Codable, CaseIterable {
    /// Two candidates qualified equally for the Xero leg.
    case xeroTie = "xero_tie"
    /// Two candidates qualified equally for the bank leg.
    case bankTie = "bank_tie"
    /// The deposit's subset search tied, or went past its cap.
    case subsetTie = "subset_tie"
    case subsetOverCap = "subset_over_cap"
    /// Another record of the same order and amount is already matched.
    case sameOrderAmount = "same_order_amount"
    /// Another Xero payment with the same reference, or on the same invoice for the same amount, is matched.
    case sameReference = "same_reference"
    /// A refund larger than what the order's payments took.
    case refundExceedsPayment = "refund_exceeds_payment"
    /// The records are in different currencies: matched by identifier only.
    case crossCurrency = "cross_currency"
    /// The Xero invoice for the order is missing, or not open for the amount.
    case noOpenInvoice = "no_open_invoice"
    /// A bank line that neither the storefront nor Xero explains.
    case bankOnly = "bank_only"
}
