public import TrueUpCore

/// What the payments match found: one row per storefront record and per Xero or bank record that
/// nothing explains, the corrections planned, and the conflicts raised.
public struct PaymentMatchResult: Sendable {
    public var input: PaymentMatchInput
    /// The bank leg used: the statement's lines, else Xero's bank transactions as lines.
    public var bank: [BankLine]
    /// The payout ids of the payout file, indexed by ``PaymentMatch/payout``.
    public var payoutIDs: [String]
    /// Each payout's currency, indexed like ``payoutIDs``.
    public var payoutCurrencies: [Currency]
    /// Storefront records in date order, then Xero records, then bank lines nothing explains.
    public var matches: [PaymentMatch]
    public var corrections: [PaymentCorrection]
    public var conflicts: [ConflictDraft]

    /// Rows per status.
    public var statusCounts: [PaymentStatus: Int] {
        var counts: [PaymentStatus: Int] = [:]
        for match in matches { counts[match.status, default: 0] += 1 }
        return counts
    }

    /// A row's report columns.
    public func line(_ match: PaymentMatch) -> PaymentLine {
        let store = match.store >= 0 ? input.store[Int(match.store)] : nil
        let payment = match.payment >= 0 ? input.payments[Int(match.payment)] : nil
        let invoice = match.invoice >= 0 ? input.invoices[Int(match.invoice)] : nil
        let note = match.creditNote >= 0 ? input.creditNotes[Int(match.creditNote)] : nil
        let bankLine = match.bank >= 0 ? bank[Int(match.bank)] : nil
        let payoutLine = match.payoutLine >= 0 ? input.payouts[Int(match.payoutLine)] : nil
        let currency =
            store?.currency ?? payment?.currency ?? note?.currency ?? invoice?.currency ?? bankLine?.currency
            ?? (match.payout >= 0 ? payoutCurrencies[Int(match.payout)] : nil)
        var xeroDocument: String?
        var xeroReference: String?
        var xeroAmount: Money?
        if match.kind == .refund, let note {
            xeroDocument = note.number ?? note.id
            xeroReference = note.reference
            xeroAmount = note.total
        } else {
            xeroDocument = invoice?.number ?? payment?.invoiceNumber ?? payment?.creditNoteNumber
            xeroReference = payment?.reference
            xeroAmount = payment?.amount
        }
        if match.kind == .refund, note == nil, let payment {
            xeroDocument = payment.creditNoteNumber
            xeroReference = payment.reference
            xeroAmount = payment.amount
        }
        return PaymentLine(
            orderNumber: store?.orderNumber ?? invoice?.reference ?? payoutLine?.orderNumber,
            kind: match.kind,
            storeRef: store.map { $0.reference ?? $0.refundNumber ?? $0.id } ?? payoutLine?.reference,
            storeAmount: store?.amount,
            currency: currency,
            xeroInvoice: xeroDocument,
            xeroRef: xeroReference,
            xeroAmount: xeroAmount,
            bankRef: bankLine.map { $0.reference ?? $0.id },
            bankAmount: bankLine?.amount,
            payoutID: match.payout >= 0 ? payoutIDs[Int(match.payout)] : nil,
            fee: currency.flatMap { currency in match.fee.map { Money(minorUnits: $0, currency: currency) } },
            difference: currency.flatMap { currency in
                match.difference.map { Money(minorUnits: $0, currency: currency) }
            },
            status: match.status,
            rule: match.rule,
            date: store?.date ?? payment?.date ?? note?.date ?? payoutLine?.date ?? bankLine?.date
        )
    }
}
