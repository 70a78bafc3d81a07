import TrueUpCore

/// The three-way payments match of DESIGN §4, as a pure function of canonical records.
///
/// 1. **Storefront ↔ Xero.** Identifiers first: a payment's gateway transaction id is a Xero
///    payment's `Reference`; else its order number is an ACCREC invoice's `Reference` and a payment
///    on that invoice has the amount (or the only one within tolerance). A refund's number is an
///    ACCRECCREDIT note's `Reference`, else a note allocated to the order's invoice has the amount.
///    What no identifier ties is tried by tolerance — same currency, amount within the method's
///    tolerance, date within its window — among Xero payments no identifier claims, and paired only
///    when each is the other's single best candidate.
/// 2. **Bank.** A payout file's payouts are found by payout id in the bank line's reference, else by
///    their net total within the window; other records by Xero's `IsReconciled`, by a bank line whose
///    reference is the transaction id or order number, by amount and date, and last by a bounded
///    subset search of a deposit against the unbanked records before it.
/// 3. **Statuses, corrections, conflicts.** Every record is consumed at most once. Two candidates that
///    qualify equally make the row `ambiguous`, never a guess. Corrections are planned only where the
///    match is certain; what a person must decide becomes a conflict with both sides' values.
public enum PaymentMatcher {
    public static func match(_ input: PaymentMatchInput) -> PaymentMatchResult {
        var run = MatchRun(input: input)
        run.pairLedger()
        run.findBankLeg()
        return run.settle()
    }
}

/// Where a storefront record stands after the storefront ↔ Xero stage.
enum LedgerOutcome: UInt8 {
    case unpaired
    case paired
    case ambiguous
}

/// One match in progress: indexes over the input, what each record is paired with, and what has
/// been consumed.
struct MatchRun {
    let input: PaymentMatchInput
    let settings: PaymentMatchSettings

    // Small integers for currencies, so that index keys hash fast.
    var currencyCodes: [String] = []

    // The storefront leg.
    var storeDay: [Int32]
    var storeCurrency: [Int32]
    var storeOrder: [Int32] = []
    var rows: [PaymentMatch]
    var ledger: [LedgerOutcome]
    var storeByReference: [TextKey: Int32] = [:]
    var storeByOrder: KeyChains<TextKey>
    var storeByRefundNumber: [TextKey: Int32] = [:]
    /// Tied candidates of ambiguous rows, for the conflict's details.
    var tiedCandidates: [Int32: [String]] = [:]

    // The Xero leg.
    var invoicesByOrder: KeyChains<TextKey>
    var invoiceByID: [TextKey: Int32] = [:]
    var invoiceCurrency: [Int32]
    var paymentsByReference: KeyChains<TextKey>
    var paymentsByInvoice: KeyChains<Int32>
    var paymentInvoice: [Int32]
    var paymentNote: [Int32]
    var paymentCurrency: [Int32]
    var paymentTaken: [Bool]
    /// Payments that tied for an ambiguous row: not reported as missing on the storefront.
    var paymentHeld: [Bool]
    var notesByReference: KeyChains<TextKey>
    var notesByInvoice: KeyChains<Int32>
    var noteCurrency: [Int32]
    var noteTaken: [Bool]
    var refundPaymentsByNote: KeyChains<Int32>

    // The bank leg.
    var bank: [BankLine] = []
    var bankTaken: [Bool] = []
    var bankDifference: [Int64?]
    var bankTie: [Bool]
    /// Bank lines that tied for an ambiguous record: not reported as unexplained.
    var bankHeld = Set<Int32>()
    var payoutIDs: [String] = []
    /// Per payout: its fees, the last date of a line with a fee, its currency, and whether its lines
    /// mix currencies.
    var payoutFees: [Int64] = []
    var payoutFeeDates: [LocalDate?] = []
    var payoutCurrencyList: [Currency] = []
    var payoutMixed: [Bool] = []
    var extraRows: [PaymentMatch] = []
    var subsetNotes: [(bank: Int32, note: MatchNote)] = []

    init(input: PaymentMatchInput) {
        self.input = input
        settings = input.settings
        let storeCount = input.store.count
        storeDay = []
        storeDay.reserveCapacity(storeCount)
        storeCurrency = []
        storeCurrency.reserveCapacity(storeCount)
        rows = []
        rows.reserveCapacity(storeCount)
        ledger = Array(repeating: .unpaired, count: storeCount)
        storeByOrder = KeyChains(capacity: storeCount, count: storeCount)
        bankDifference = Array(repeating: nil, count: storeCount)
        bankTie = Array(repeating: false, count: storeCount)
        invoicesByOrder = KeyChains(capacity: input.invoices.count, count: input.invoices.count)
        invoiceCurrency = []
        invoiceCurrency.reserveCapacity(input.invoices.count)
        let paymentCount = input.payments.count
        paymentsByReference = KeyChains(capacity: paymentCount, count: paymentCount)
        paymentsByInvoice = KeyChains(capacity: paymentCount, count: paymentCount)
        paymentInvoice = Array(repeating: PaymentMatch.none, count: paymentCount)
        paymentNote = Array(repeating: PaymentMatch.none, count: paymentCount)
        paymentCurrency = []
        paymentCurrency.reserveCapacity(paymentCount)
        paymentTaken = Array(repeating: false, count: paymentCount)
        paymentHeld = Array(repeating: false, count: paymentCount)
        let noteCount = input.creditNotes.count
        notesByReference = KeyChains(capacity: noteCount, count: noteCount)
        notesByInvoice = KeyChains(capacity: 0, count: 0)
        noteCurrency = []
        noteCurrency.reserveCapacity(noteCount)
        noteTaken = Array(repeating: false, count: noteCount)
        refundPaymentsByNote = KeyChains(capacity: noteCount, count: paymentCount)
        indexStore()
        indexXero()
    }

    /// A currency's small number. A run sees a handful of currencies, so a scan of three-letter
    /// codes beats hashing one per record.
    mutating func currencyID(_ currency: Currency) -> Int32 {
        for (id, code) in currencyCodes.enumerated() where code == currency.code { return Int32(id) }
        currencyCodes.append(currency.code)
        return Int32(currencyCodes.count - 1)
    }

    /// The number ``currencyID(_:)`` gave `code`, if it gave one.
    func knownCurrencyID(_ code: String) -> Int32? {
        currencyCodes.firstIndex(of: code).map { Int32($0) }
    }

    private mutating func indexStore() {
        storeByReference.reserveCapacity(input.store.count)
        var keys: [Int64] = []
        keys.reserveCapacity(input.store.count)
        for offset in input.store.indices {
            let index = Int32(offset)
            let day = Int32(input.store[offset].date.dayNumber)
            let kind = input.store[offset].kind
            storeDay.append(day)
            storeCurrency.append(currencyID(input.store[offset].amount.currency))
            var row = PaymentMatch(kind: kind, status: .missingInXero)
            row.store = index
            rows.append(row)
            keys.append(Int64(day) << 32 | Int64(offset))
            storeByOrder.add(input.store[offset].orderNumber, index)
            if let reference = input.store[offset].reference, !reference.isEmpty {
                Self.keepFirst(&storeByReference[TextKey(reference), default: -1], index)
            }
            if kind == .refund, let number = input.store[offset].refundNumber, !number.isEmpty {
                Self.keepFirst(&storeByRefundNumber[TextKey(number), default: -1], index)
            }
        }
        keys.sort()
        storeOrder = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// Sets a slot inserted as -1 to `index`, and leaves one already set: an insert-if-absent in one probe.
    private static func keepFirst(_ slot: inout Int32, _ index: Int32) {
        if slot < 0 { slot = index }
    }

    private mutating func indexXero() {
        invoiceByID.reserveCapacity(input.invoices.count)
        for offset in input.invoices.indices {
            let index = Int32(offset)
            invoiceCurrency.append(currencyID(input.invoices[offset].currency))
            let status = input.invoices[offset].status
            guard input.invoices[offset].kind == .accrec, status != .voided, status != .deleted else { continue }
            invoiceByID[TextKey(input.invoices[offset].id)] = index
            if let reference = input.invoices[offset].reference, !reference.isEmpty {
                invoicesByOrder.add(reference, index)
            }
        }
        var noteByID: [TextKey: Int32] = [:]
        noteByID.reserveCapacity(input.creditNotes.count)
        for (offset, note) in input.creditNotes.enumerated() {
            let index = Int32(offset)
            noteCurrency.append(currencyID(note.currency))
            guard note.kind == .accreccredit, note.status != .voided, note.status != .deleted else {
                noteTaken[offset] = true
                continue
            }
            noteByID[TextKey(note.id)] = index
            if let reference = note.reference, !reference.isEmpty { notesByReference.add(reference, index) }
        }
        // Allocations are indexed per allocation, so the links array needs a slot for each.
        var allocationCount = 0
        for note in input.creditNotes { allocationCount += note.allocations.count }
        var allocationSlot: Int32 = 0
        var notesByInvoice = KeyChains<Int32>(capacity: allocationCount, count: allocationCount)
        var allocationNote: [Int32] = []
        for (offset, note) in input.creditNotes.enumerated() where !noteTaken[offset] {
            for allocation in note.allocations {
                guard let invoice = invoiceByID[TextKey(allocation.invoiceID)] else { continue }
                notesByInvoice.add(invoice, allocationSlot)
                allocationNote.append(Int32(offset))
                allocationSlot += 1
            }
        }
        self.notesByInvoice = notesByInvoice
        self.allocationNote = allocationNote
        for offset in input.payments.indices {
            let index = Int32(offset)
            paymentCurrency.append(currencyID(input.payments[offset].amount.currency))
            guard input.payments[offset].status == .authorised else {
                paymentTaken[offset] = true
                continue
            }
            if let invoiceID = input.payments[offset].invoiceID, let invoice = invoiceByID[TextKey(invoiceID)] {
                paymentInvoice[offset] = invoice
                paymentsByInvoice.add(invoice, index)
                if let reference = input.payments[offset].reference, !reference.isEmpty {
                    paymentsByReference.add(reference, index)
                }
            } else if let noteID = input.payments[offset].creditNoteID, let note = noteByID[TextKey(noteID)] {
                paymentNote[offset] = note
                refundPaymentsByNote.add(note, index)
            } else {
                // Prepayments, overpayments and payments on documents outside the match.
                paymentTaken[offset] = true
            }
        }
    }

    /// The credit note of each allocation slot in ``notesByInvoice``.
    var allocationNote: [Int32] = []

    /// Whether the Xero payment may be paired with `entry` by anything but its own reference: it has
    /// no reference, the same one, or one no storefront record claims.
    func isFreeReference(_ payment: Int32, for entry: StoreLedgerEntry?) -> Bool {
        guard let reference = input.payments[Int(payment)].reference, !reference.isEmpty else { return true }
        if let entry, entry.reference == reference { return true }
        return storeByReference[TextKey(reference)] == nil
    }

    /// The allowance on a storefront record's amount under its method's tolerance.
    func allowance(_ store: Int32) -> Int64 {
        let entry = input.store[Int(store)]
        return settings.tolerance(method: entry.method).allowance(
            for: entry.amount.minorUnits, exponent: entry.currency.exponent)
    }
}
