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
struct MatchRun: Sendable {
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
    var storeReferenceTable: TextMap
    var storeOrderTable: TextChains
    var storeRefundTable: TextMap
    /// Tied candidates of ambiguous rows, for the conflict's details.
    var tiedCandidates: [Int32: [String]] = [:]

    // The Xero leg.
    var invoiceOrderTable: TextChains
    var invoiceIDTable: TextMap
    var invoiceCurrency: [Int32]
    var paymentReferenceTable: TextChains
    var paymentsByInvoice: KeyChains<Int32>
    var paymentInvoice: [Int32]
    var paymentNote: [Int32]
    var paymentCurrency: [Int32]
    var paymentTaken: [Bool]
    /// Payments that tied for an ambiguous row: not reported as missing on the storefront.
    var paymentHeld: [Bool]
    var noteReferenceTable: TextChains
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
        // The storefront's indexes and Xero's depend on nothing of each other: each side is built
        // on its own copy of the run, both at once, and Xero's tables are then moved over.
        let unindexed = MatchRun(unindexed: input)
        var (run, xero) = bothAtOnce(
            {
                var run = unindexed
                run.indexStore()
                return run
            },
            {
                var run = unindexed
                run.indexXero()
                return run
            })
        run.adoptXeroIndexes(of: xero)
        self = run
    }

    /// The run with its arrays made and nothing indexed.
    private init(unindexed input: PaymentMatchInput) {
        self.input = input
        settings = input.settings
        let storeCount = input.store.count
        storeDay = []
        storeCurrency = []
        rows = []
        ledger = Array(repeating: .unpaired, count: storeCount)
        storeOrderTable = TextChains(keys: 0, count: 0)
        storeReferenceTable = TextMap(keys: 0)
        storeRefundTable = TextMap(keys: 0)
        bankDifference = Array(repeating: nil, count: storeCount)
        bankTie = Array(repeating: false, count: storeCount)
        invoiceOrderTable = TextChains(keys: 0, count: 0)
        invoiceIDTable = TextMap(keys: 0)
        invoiceCurrency = []
        paymentReferenceTable = TextChains(keys: 0, count: 0)
        paymentsByInvoice = KeyChains(capacity: 0, count: 0)
        paymentInvoice = []
        paymentNote = []
        paymentCurrency = []
        paymentTaken = []
        paymentHeld = Array(repeating: false, count: input.payments.count)
        noteReferenceTable = TextChains(keys: 0, count: 0)
        notesByInvoice = KeyChains(capacity: 0, count: 0)
        noteCurrency = []
        noteTaken = []
        refundPaymentsByNote = KeyChains(capacity: 0, count: 0)
    }

    /// Takes the Xero side's tables from `xero`, a copy of this run that indexed only Xero, with
    /// its currencies renumbered to this run's.
    private mutating func adoptXeroIndexes(of xero: MatchRun) {
        invoiceOrderTable = xero.invoiceOrderTable
        invoiceIDTable = xero.invoiceIDTable
        paymentReferenceTable = xero.paymentReferenceTable
        paymentsByInvoice = xero.paymentsByInvoice
        paymentInvoice = xero.paymentInvoice
        paymentNote = xero.paymentNote
        paymentTaken = xero.paymentTaken
        noteReferenceTable = xero.noteReferenceTable
        notesByInvoice = xero.notesByInvoice
        allocationNote = xero.allocationNote
        noteTaken = xero.noteTaken
        refundPaymentsByNote = xero.refundPaymentsByNote
        let renumbered = xero.currencyCodes.map { currencyID(code: $0) }
        if renumbered == Array(0..<Int32(renumbered.count)) {
            invoiceCurrency = xero.invoiceCurrency
            noteCurrency = xero.noteCurrency
            paymentCurrency = xero.paymentCurrency
        } else {
            invoiceCurrency = xero.invoiceCurrency.map { renumbered[Int($0)] }
            noteCurrency = xero.noteCurrency.map { renumbered[Int($0)] }
            paymentCurrency = xero.paymentCurrency.map { renumbered[Int($0)] }
        }
    }

    /// A currency's small number. A run sees a handful of currencies, so a scan of three-letter
    /// codes beats hashing one per record.
    mutating func currencyID(_ currency: Currency) -> Int32 {
        currencyID(code: currency.code)
    }

    mutating func currencyID(code: String) -> Int32 {
        for (id, known) in currencyCodes.enumerated() where known == code { return Int32(id) }
        currencyCodes.append(code)
        return Int32(currencyCodes.count - 1)
    }

    /// The number ``currencyID(_:)`` gave `code`, if it gave one.
    func knownCurrencyID(_ code: String) -> Int32? {
        currencyCodes.firstIndex(of: code).map { Int32($0) }
    }

    private mutating func indexStore() {
        let store = input.store
        let storeCount = store.count
        storeDay.reserveCapacity(storeCount)
        storeCurrency.reserveCapacity(storeCount)
        rows.reserveCapacity(storeCount)
        storeOrderTable = TextChains(keys: storeCount, count: storeCount)
        storeReferenceTable = TextMap(keys: storeCount)
        var refundCount = 0
        for offset in store.indices where store[offset].kind == .refund { refundCount += 1 }
        storeRefundTable = TextMap(keys: refundCount)
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
            let order = store[offset].orderNumber
            storeOrderTable.add(order, index) { store[Int($0)].orderNumber == order }
            if let reference = store[offset].reference, !reference.isEmpty {
                storeReferenceTable.insertIfAbsent(reference, index) { store[Int($0)].reference == reference }
            }
            if kind == .refund, let number = store[offset].refundNumber, !number.isEmpty {
                storeRefundTable.insertIfAbsent(number, index) { store[Int($0)].refundNumber == number }
            }
        }
        keys.sort()
        storeOrder = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    private mutating func indexXero() {
        let invoices = input.invoices
        invoiceOrderTable = TextChains(keys: invoices.count, count: invoices.count)
        invoiceIDTable = TextMap(keys: invoices.count)
        invoiceCurrency.reserveCapacity(invoices.count)
        let paymentCount = input.payments.count
        paymentReferenceTable = TextChains(keys: paymentCount, count: paymentCount)
        paymentsByInvoice = KeyChains(capacity: paymentCount, count: paymentCount)
        paymentInvoice = Array(repeating: PaymentMatch.none, count: paymentCount)
        paymentNote = Array(repeating: PaymentMatch.none, count: paymentCount)
        paymentCurrency.reserveCapacity(paymentCount)
        paymentTaken = Array(repeating: false, count: paymentCount)
        let noteCount = input.creditNotes.count
        noteReferenceTable = TextChains(keys: noteCount, count: noteCount)
        noteCurrency.reserveCapacity(noteCount)
        noteTaken = Array(repeating: false, count: noteCount)
        refundPaymentsByNote = KeyChains(capacity: noteCount, count: paymentCount)
        for offset in input.invoices.indices {
            let index = Int32(offset)
            invoiceCurrency.append(currencyID(input.invoices[offset].currency))
            let status = input.invoices[offset].status
            guard input.invoices[offset].kind == .accrec, status != .voided, status != .deleted else { continue }
            let id = invoices[offset].id
            invoiceIDTable.set(id, index) { invoices[Int($0)].id == id }
            if let reference = invoices[offset].reference, !reference.isEmpty {
                invoiceOrderTable.add(reference, index) { invoices[Int($0)].reference == reference }
            }
        }
        let notes = input.creditNotes
        var noteByID = TextMap(keys: notes.count)
        for (offset, note) in notes.enumerated() {
            let index = Int32(offset)
            noteCurrency.append(currencyID(note.currency))
            guard note.kind == .accreccredit, note.status != .voided, note.status != .deleted else {
                noteTaken[offset] = true
                continue
            }
            let id = note.id
            noteByID.set(id, index) { notes[Int($0)].id == id }
            if let reference = note.reference, !reference.isEmpty {
                noteReferenceTable.add(reference, index) { notes[Int($0)].reference == reference }
            }
        }
        // Allocations are indexed per allocation, so the links array needs a slot for each.
        var allocationCount = 0
        for note in input.creditNotes { allocationCount += note.allocations.count }
        var allocationSlot: Int32 = 0
        var notesByInvoice = KeyChains<Int32>(capacity: allocationCount, count: allocationCount)
        var allocationNote: [Int32] = []
        for (offset, note) in input.creditNotes.enumerated() where !noteTaken[offset] {
            for allocation in note.allocations {
                guard let invoice = invoiceByID(allocation.invoiceID) else { continue }
                notesByInvoice.add(invoice, allocationSlot)
                allocationNote.append(Int32(offset))
                allocationSlot += 1
            }
        }
        self.notesByInvoice = notesByInvoice
        self.allocationNote = allocationNote
        let payments = input.payments
        for offset in input.payments.indices {
            let index = Int32(offset)
            paymentCurrency.append(currencyID(input.payments[offset].amount.currency))
            guard input.payments[offset].status == .authorised else {
                paymentTaken[offset] = true
                continue
            }
            if let invoiceID = input.payments[offset].invoiceID, let invoice = invoiceByID(invoiceID) {
                paymentInvoice[offset] = invoice
                paymentsByInvoice.add(invoice, index)
                if let reference = input.payments[offset].reference, !reference.isEmpty {
                    paymentReferenceTable.add(reference, index) { payments[Int($0)].reference == reference }
                }
            } else if let noteID = input.payments[offset].creditNoteID,
                let note = noteByID.get(noteID, same: { notes[Int($0)].id == noteID })
            {
                paymentNote[offset] = note
                refundPaymentsByNote.add(note, index)
            } else {
                // Prepayments, overpayments and payments on documents outside the match.
                paymentTaken[offset] = true
            }
        }
    }

    func storesByOrder(_ order: String) -> KeyChains<Int32>.ChainSequence {
        storeOrderTable.all(order) { input.store[Int($0)].orderNumber == order }
    }

    func firstStoreByOrder(_ order: String) -> Int32? {
        storeOrderTable.first(order) { input.store[Int($0)].orderNumber == order }
    }

    func storeByReference(_ reference: String) -> Int32? {
        storeReferenceTable.get(reference) { input.store[Int($0)].reference == reference }
    }

    func storeByRefundNumber(_ number: String) -> Int32? {
        storeRefundTable.get(number) { input.store[Int($0)].refundNumber == number }
    }

    func invoicesByOrder(_ order: String) -> KeyChains<Int32>.ChainSequence {
        invoiceOrderTable.all(order) { input.invoices[Int($0)].reference == order }
    }

    func firstInvoiceByOrder(_ order: String) -> Int32? {
        invoiceOrderTable.first(order) { input.invoices[Int($0)].reference == order }
    }

    func invoiceByID(_ id: String) -> Int32? {
        invoiceIDTable.get(id) { input.invoices[Int($0)].id == id }
    }

    func paymentsByReference(_ reference: String) -> KeyChains<Int32>.ChainSequence {
        paymentReferenceTable.all(reference) { input.payments[Int($0)].reference == reference }
    }

    func notesByReference(_ reference: String) -> KeyChains<Int32>.ChainSequence {
        noteReferenceTable.all(reference) { input.creditNotes[Int($0)].reference == reference }
    }

    /// The credit note of each allocation slot in ``notesByInvoice``.
    var allocationNote: [Int32] = []

    /// Whether the Xero payment may be paired with `entry` by anything but its own reference: it has
    /// no reference, the same one, or one no storefront record claims.
    func isFreeReference(_ payment: Int32, for entry: StoreLedgerEntry?) -> Bool {
        guard let reference = input.payments[Int(payment)].reference, !reference.isEmpty else { return true }
        if let entry, entry.reference == reference { return true }
        return storeByReference(reference) == nil
    }

    /// The allowance on a storefront record's amount under its method's tolerance.
    func allowance(_ store: Int32) -> Int64 {
        let amount = input.store[Int(store)].amount
        let tolerance =
            settings.methods.isEmpty ? settings.tolerance : settings.tolerance(method: input.store[Int(store)].method)
        return tolerance.allowance(for: amount.minorUnits, exponent: amount.currency.exponent)
    }
}
