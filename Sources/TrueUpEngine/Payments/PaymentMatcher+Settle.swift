import TrueUpCore

/// Stage 3: statuses, corrections and conflicts.
extension MatchRun {
    mutating func settle() -> PaymentMatchResult {
        var plan = SettlePlan(pair: input.pair, settings: settings)
        for transaction in input.bankTransactions where transaction.status == .authorised {
            guard let reference = transaction.reference, !reference.isEmpty else { continue }
            if !transaction.kind.isReceipt || reference.hasPrefix(SettlePlan.roundingPrefix) {
                plan.spent.insert(reference)
            }
        }
        var remainingDue: [Int32: Int64] = [:]
        // What each refunded order took: only refunds ask.
        var paidByOrder: [String: Int64] = [:]
        for store in storeOrder where rows[Int(store)].kind == .refund {
            let order = input.store[Int(store)].orderNumber
            guard paidByOrder[order] == nil else { continue }
            var paid: Int64 = 0
            for other in storesByOrder(order) where rows[Int(other)].kind == .payment {
                paid &+= input.store[Int(other)].amount.minorUnits
            }
            paidByOrder[order] = paid
        }
        // Payments first: a refund is allocated only to what the invoice still has due after them.
        let payments = storeOrder.filter { rows[Int($0)].kind == .payment }
        let refunds = storeOrder.filter { rows[Int($0)].kind == .refund }
        for store in payments + refunds {
            settleStore(store, plan: &plan, remainingDue: &remainingDue, paidByOrder: paidByOrder)
            guard rows[Int(store)].kind == .refund else { continue }
            let entry = input.store[Int(store)]
            if entry.amount.minorUnits > paidByOrder[entry.orderNumber, default: 0] {
                if rows[Int(store)].note == nil { rows[Int(store)].note = .refundExceedsPayment }
                plan.conflict(
                    kind: .anomaly, subject: subject(store), reason: "refund_exceeds_payment",
                    message:
                        "Refund \(entry.refundNumber ?? entry.id) of order \(entry.orderNumber) is \(entry.amount), more than the \(Money(minorUnits: paidByOrder[entry.orderNumber, default: 0], currency: entry.currency)) the shop took for it: check the refund before it is paid out.",
                    store: "refund \(entry.amount)", xero: nil, suggestions: ["ignore"])
            }
        }
        settleXeroOnly(plan: &plan)
        settlePayoutFees(plan: &plan)
        markPaidOrders(plan: &plan)
        for extra in extraRows where extra.bank >= 0 && (extra.note == .subsetOverCap || extra.note == .subsetTie) {
            let line = bank[Int(extra.bank)]
            plan.conflict(
                kind: .payment, subject: .init(.record, "bank:\(line.id)"), reason: "deposit_ambiguous",
                message:
                    "Deposit \(line.reference ?? line.id) of \(line.amount) on \(line.date) could be several sets of payments (\(extra.note == .subsetTie ? "more than one set sums to it" : "too many payments in the window to tell")): choose with 'accept MATCH'.",
                store: nil, xero: nil, bank: line.amount.description, suggestions: ["accept MATCH", "ignore"])
        }
        var matches: [PaymentMatch] = []
        matches.reserveCapacity(rows.count + extraRows.count)
        for store in storeOrder { matches.append(rows[Int(store)]) }
        matches += extraRows
        // Each payout's currency: its first line's (a payout of mixed currencies is not matched).
        return PaymentMatchResult(
            input: input, bank: bank, payoutIDs: payoutIDs, payoutCurrencies: payoutCurrencyList,
            matches: matches, corrections: plan.corrections, conflicts: plan.conflicts)
    }

    private mutating func settleStore(
        _ store: Int32, plan: inout SettlePlan, remainingDue: inout [Int32: Int64], paidByOrder: [String: Int64]
    ) {
        // Read when needed: most rows settle without the record's text.
        var entry: StoreLedgerEntry { input.store[Int(store)] }
        let allowance = allowance(store)
        var row = rows[Int(store)]
        defer { rows[Int(store)] = row }
        switch ledger[Int(store)] {
        case .ambiguous:
            row.status = .ambiguous
            plan.conflict(
                kind: .payment, subject: subject(store), reason: "payment_ambiguous",
                message:
                    "The \(entry.kind.rawValue) \(describe(entry)) of order \(entry.orderNumber) fits more than one Xero payment equally: choose one with 'accept MATCH'.",
                store: describe(entry), xero: tiedCandidates[store]?.joined(separator: ", "),
                suggestions: ["accept MATCH", "ignore"])
            return
        case .unpaired:
            settleUnpaired(store, row: &row, plan: &plan, remainingDue: &remainingDue, paidByOrder: paidByOrder)
            return
        case .paired:
            break
        }
        if let difference = row.difference {
            if difference.magnitude > allowance.magnitude {
                row.status = .amountMismatch
                plan.conflict(
                    kind: .payment, subject: subject(store), reason: "payment_amount_mismatch",
                    message:
                        "Order \(entry.orderNumber): the shop's \(entry.kind.rawValue) is \(entry.amount) but Xero's is \(Money(minorUnits: entry.amount.minorUnits &+ difference, currency: entry.currency)). TrueUp never edits a Xero payment: correct it in Xero, or 'write-off ACCOUNT' the difference.",
                    store: describe(entry), xero: describeXero(row),
                    suggestions: ["write-off ACCOUNT", "ignore"])
            } else {
                row.status = .feeWriteOff
                plan.rounding(entry: entry, xeroExcess: entry.kind == .payment ? difference : -difference)
            }
            return
        }
        if bankTie[Int(store)] {
            row.status = .ambiguous
            row.note = row.note ?? .bankTie
            plan.conflict(
                kind: .payment, subject: subject(store), reason: "bank_ambiguous",
                message:
                    "The \(entry.kind.rawValue) \(describe(entry)) of order \(entry.orderNumber) fits more than one bank line equally: choose one with 'accept MATCH'.",
                store: describe(entry), xero: describeXero(row), suggestions: ["accept MATCH", "ignore"])
            return
        }
        if row.bank >= 0 || row.bankRule == .xeroReconciled {
            if let difference = bankDifference[Int(store)] {
                if difference.magnitude > allowance.magnitude {
                    row.status = .amountMismatch
                    row.difference = difference
                    plan.conflict(
                        kind: .payment, subject: subject(store), reason: "bank_amount_mismatch",
                        message:
                            "Order \(entry.orderNumber): the bank shows \(bank[Int(row.bank)].amount) where \(row.payout >= 0 ? "payout \(payoutIDs[Int(row.payout)])" : "the \(entry.kind.rawValue)") should bring \(Money(minorUnits: bank[Int(row.bank)].amount.minorUnits &- difference, currency: entry.currency)).",
                        store: describe(entry), xero: describeXero(row), bank: bank[Int(row.bank)].amount.description,
                        suggestions: ["write-off ACCOUNT", "ignore"])
                } else {
                    row.status = .feeWriteOff
                    row.difference = difference
                    plan.rounding(entry: entry, xeroExcess: entry.kind == .payment ? -difference : difference)
                }
            } else {
                row.status = .matched
            }
            return
        }
        if row.kind == .refund, row.payment < 0, row.creditNote >= 0,
            !input.creditNotes[Int(row.creditNote)].allocations.isEmpty
        {
            // Credited against the invoice: no money moved, so there is no bank leg to wait for.
            row.bankRule = .allocation
            row.status = .matched
            return
        }
        let age = input.asOf.dayNumber - input.store[Int(store)].date.dayNumber
        let window =
            settings.methods.isEmpty
            ? settings.settlementDays : settings.settlementDays(method: input.store[Int(store)].method)
        row.status = age <= window ? .inTransit : .unbankedOverdue
    }

    /// A storefront record Xero lacks: a correction where the order's invoice can take it, a
    /// duplicate where the same order's same amount is already paired, else a conflict.
    private func settleUnpaired(
        _ store: Int32, row: inout PaymentMatch, plan: inout SettlePlan, remainingDue: inout [Int32: Int64],
        paidByOrder: [String: Int64]
    ) {
        let entry = input.store[Int(store)]
        row.status = .missingInXero
        var openInvoice: Int32?
        var due: Int64 = 0
        for invoice in invoicesByOrder(entry.orderNumber)
        where invoiceCurrency[Int(invoice)] == storeCurrency[Int(store)] {
            let record = input.invoices[Int(invoice)]
            guard record.status == .authorised || (entry.kind == .refund && record.status == .paid) else { continue }
            if entry.kind == .refund {
                openInvoice = invoice
                due =
                    record.status == .authorised
                    ? max(0, remainingDue[invoice] ?? record.amountDue?.minorUnits ?? 0) : 0
                remainingDue[invoice] = due - min(due, entry.amount.minorUnits)
                break
            }
            let due = remainingDue[invoice] ?? record.amountDue?.minorUnits ?? 0
            if due >= entry.amount.minorUnits {
                openInvoice = invoice
                remainingDue[invoice] = due - entry.amount.minorUnits
                break
            }
        }
        if let openInvoice { row.invoice = openInvoice }
        if entry.kind == .payment, openInvoice == nil, hasPairedTwin(store) {
            row.status = .duplicate
            row.note = .sameOrderAmount
            plan.conflict(
                kind: .payment, subject: subject(store), reason: "store_paid_twice",
                message:
                    "Order \(entry.orderNumber) was paid twice in the shop (\(describe(entry)) again) and Xero's invoice is already settled: refund the customer or record the overpayment in Xero.",
                store: describe(entry), xero: nil, suggestions: ["ignore"])
            return
        }
        guard let openInvoice else {
            row.note = .noOpenInvoice
            // An order Xero has no invoice for yet waits for its posting; one whose invoice cannot
            // take the money needs a person.
            guard firstInvoiceByOrder(entry.orderNumber) != nil else { return }
            plan.conflict(
                kind: .payment, subject: subject(store), reason: "payment_no_invoice",
                message:
                    "Order \(entry.orderNumber)'s \(entry.kind.rawValue) \(describe(entry)) is not in Xero, and the order's Xero invoice cannot take it (it is paid, voided or in another currency): check the invoice in Xero.",
                store: describe(entry), xero: nil, suggestions: ["ignore"])
            return
        }
        if entry.kind == .refund, entry.amount.minorUnits > paidByOrder[entry.orderNumber, default: 0] {
            // More than the order took: the anomaly conflict asks a person to check it first.
            return
        }
        if entry.kind == .refund, let number = entry.refundNumber, input.restockedRefunds.contains(number) {
            plan.conflict(
                kind: .payment, subject: .init(.order, "\(entry.orderNumber)/\(number)"), reason: "refund_needs_items",
                message:
                    "Refund \(number) of order \(entry.orderNumber) (\(entry.amount)) has no credit note in Xero, and its units went back on the shelf: post the credit note with its items in Xero so that stock rises with it.",
                store: describe(entry), xero: nil, suggestions: ["ignore"])
            return
        }
        plan.missing(entry: entry, invoice: input.invoices[Int(openInvoice)], due: due)
    }

    /// Whether another storefront payment of the same order and amount is paired with Xero.
    private func hasPairedTwin(_ store: Int32) -> Bool {
        let entry = input.store[Int(store)]
        for other in storesByOrder(entry.orderNumber) where other != store {
            let twin = input.store[Int(other)]
            if twin.kind == .payment, twin.amount == entry.amount, ledger[Int(other)] == .paired { return true }
        }
        return false
    }

    /// Rows for Xero payments and credit notes that no storefront record explains. A credit note
    /// and its refund payment are one row.
    private mutating func settleXeroOnly(plan: inout SettlePlan) {
        for (offset, note) in input.creditNotes.enumerated() where !noteTaken[offset] && note.status.isPosted {
            var row = PaymentMatch(kind: .refund, status: .missingInStore)
            row.creditNote = Int32(offset)
            if let allocation = note.allocations.first {
                row.invoice = invoiceByID(allocation.invoiceID) ?? PaymentMatch.none
            }
            for payment in refundPaymentsByNote.all(Int32(offset)) where !paymentTaken[Int(payment)] {
                paymentTaken[Int(payment)] = true
                row.payment = payment
                break
            }
            plan.conflict(
                kind: .payment, subject: .init(.record, "xero-credit-note:\(note.id)"),
                reason: "refund_missing_in_store",
                message:
                    "Xero has credit note \(note.number ?? note.id) (\(note.reference ?? "no reference")) for \(note.total?.description ?? "an unknown amount") that the shop has no refund for.",
                store: nil, xero: "credit note \(note.total?.description ?? "")", suggestions: ["ignore"])
            extraRows.append(row)
        }
        for (offset, payment) in input.payments.enumerated() where !paymentTaken[offset] && !paymentHeld[offset] {
            let isRefund = paymentNote[offset] >= 0
            var row = PaymentMatch(kind: isRefund ? .refund : .payment, status: .missingInStore)
            row.payment = Int32(offset)
            row.invoice = paymentInvoice[offset]
            if isTwinOfTaken(Int32(offset)) {
                row.status = .duplicate
                row.note = .sameReference
                plan.conflict(
                    kind: .payment, subject: .init(.record, "xero-payment:\(payment.id)"),
                    reason: "xero_duplicate_payment",
                    message:
                        "Xero has payment \(payment.amount) (\(payment.reference ?? "no reference")) on \(payment.invoiceNumber ?? payment.creditNoteNumber ?? "a document") twice; the shop took it once. TrueUp never deletes a Xero payment: remove the extra one in Xero.",
                    store: nil, xero: "payment \(payment.amount) on \(payment.date)", suggestions: ["ignore"])
            } else {
                plan.conflict(
                    kind: .payment, subject: .init(.record, "xero-payment:\(payment.id)"),
                    reason: "payment_missing_in_store",
                    message:
                        "Xero has a \(isRefund ? "refund" : "payment") of \(payment.amount) on \(payment.date) (\(payment.reference ?? "no reference")) that the shop has no record of.",
                    store: nil, xero: "payment \(payment.amount) on \(payment.date)", suggestions: ["ignore"])
            }
            extraRows.append(row)
        }
    }

    /// A Xero payment left over whose reference, or whose invoice and amount, a paired payment shares.
    private func isTwinOfTaken(_ payment: Int32) -> Bool {
        let record = input.payments[Int(payment)]
        if let reference = record.reference, !reference.isEmpty {
            for other in paymentsByReference(reference) where other != payment && paymentTaken[Int(other)] {
                return true
            }
        }
        let invoice = paymentInvoice[Int(payment)]
        if invoice >= 0 {
            for other in paymentsByInvoice.all(invoice) where other != payment && paymentTaken[Int(other)] {
                if input.payments[Int(other)].amount == record.amount { return true }
            }
        }
        let note = paymentNote[Int(payment)]
        if note >= 0 {
            for other in refundPaymentsByNote.all(note) where other != payment && paymentTaken[Int(other)] {
                if input.payments[Int(other)].amount == record.amount { return true }
            }
        }
        return false
    }

    /// A SPEND for each payout's fees, unless Xero already has one with the payout's id.
    private func settlePayoutFees(plan: inout SettlePlan) {
        guard !input.payouts.isEmpty else { return }
        // The fees were summed per payout as its lines were read (settlePayouts).
        for (group, payout) in payoutIDs.enumerated() where !payoutMixed[group] && payoutFees[group] > 0 {
            guard let date = payoutFeeDates[group], !plan.spent.contains(payout) else { continue }
            plan.fee(
                payout: payout, amount: Money(minorUnits: payoutFees[group], currency: payoutCurrencyList[group]),
                date: date)
        }
    }

    /// Orders the shop still shows unpaid whose invoices Xero shows PAID.
    private func markPaidOrders(plan: inout SettlePlan) {
        for (order, orderID) in input.unpaidOrders.sorted(by: { $0.key < $1.key }) {
            var paid: Invoice?
            var open = false
            for invoice in invoicesByOrder(order) {
                let record = input.invoices[Int(invoice)]
                if record.status == .paid { paid = record } else if record.status == .authorised { open = true }
            }
            guard let paid, !open else { continue }
            plan.markPaid(order: order, orderID: orderID, invoice: paid, date: input.asOf)
        }
    }

    /// The conflict subject of a storefront record: its order number for the order's first
    /// payment, else the order number and the record's own reference, so that each record of an
    /// order has its own conflict.
    func subject(_ store: Int32) -> ConflictSubject {
        let entry = input.store[Int(store)]
        if entry.kind == .payment,
            storesByOrder(entry.orderNumber).first(where: { input.store[Int($0)].kind == .payment }) == store
        {
            return ConflictSubject(.order, entry.orderNumber)
        }
        return ConflictSubject(.order, "\(entry.orderNumber)/\(entry.refundNumber ?? entry.reference ?? entry.id)")
    }

    func describe(_ entry: StoreLedgerEntry) -> String {
        var text = "\(entry.amount) on \(entry.date)"
        if let reference = entry.reference { text += " (\(reference))" }
        return text
    }

    func describeXero(_ row: PaymentMatch) -> String? {
        if row.creditNote >= 0 {
            let note = input.creditNotes[Int(row.creditNote)]
            return "credit note \(note.number ?? note.id) \(note.total?.description ?? "")"
        }
        guard row.payment >= 0 else { return nil }
        let payment = input.payments[Int(row.payment)]
        return "payment \(payment.amount) on \(payment.date)" + (payment.reference.map { " (\($0))" } ?? "")
    }
}

/// The corrections and conflicts a match plans, with the settings they need.
struct SettlePlan {
    let pair: String
    let settings: PaymentMatchSettings
    var corrections: [PaymentCorrection] = []
    var conflicts: [ConflictDraft] = []
    /// References of the SPEND transactions Xero already has: a fee or rounding spend made by an
    /// earlier run is not planned again.
    var spent = Set<String>()
    /// Settings a correction needed and did not find: one conflict per setting.
    private var missingSettings = Set<String>()

    init(pair: String, settings: PaymentMatchSettings) {
        self.pair = pair
        self.settings = settings
    }

    mutating func conflict(
        kind: ConflictKind, subject: ConflictSubject, reason: String, message: String, store: String?, xero: String?,
        bank: String? = nil, suggestions: [String]
    ) {
        var details: [ConflictDraft.Detail] = []
        if let bank { details.append(.init("bank", bank)) }
        conflicts.append(
            ConflictDraft(
                kind: kind, subject: subject, reason: reason, message: message, xeroValue: xero, storeValue: store,
                details: details, suggestions: suggestions))
    }

    /// A setting a correction needs is not set: one conflict says which.
    private mutating func needSetting(_ key: String, for what: String) {
        guard missingSettings.insert(key).inserted else { return }
        conflict(
            kind: .payment, subject: .init(.record, "setting:\(key)"), reason: "payment_setting_missing",
            message:
                "TrueUp cannot plan \(what) because payments.\(key) is not set in the pair's settings: set it and run again.",
            store: nil, xero: nil, suggestions: ["ignore"])
    }

    /// A missing Xero payment or credit note for `entry`, on `invoice`.
    /// - Parameter due: for a refund, what the invoice still has due after this plan's payments.
    mutating func missing(entry: StoreLedgerEntry, invoice: Invoice, due: Int64) {
        switch entry.kind {
        case .payment:
            guard let account = settings.account(method: entry.method) else {
                needSetting(entry.method.map { "methods.\($0).account" } ?? "payment_account", for: "Xero payments")
                return
            }
            corrections.append(
                PaymentCorrection(
                    pair: pair, action: .xeroPayment, subject: entry.orderNumber, orderNumber: entry.orderNumber,
                    invoiceID: invoice.id, amount: entry.amount, date: entry.date, account: account,
                    reference: entry.reference ?? entry.id, storeRecord: entry.id))
        case .refund:
            guard let refundAccount = settings.refundAccount else {
                needSetting("refund_account", for: "credit notes for refunds")
                return
            }
            let allocate = min(due, entry.amount.minorUnits)
            let account = settings.account(method: entry.method)
            if allocate < entry.amount.minorUnits, account == nil {
                needSetting(entry.method.map { "methods.\($0).account" } ?? "payment_account", for: "refund payments")
                return
            }
            corrections.append(
                PaymentCorrection(
                    pair: pair, action: .xeroCreditNote, subject: entry.refundNumber ?? entry.id,
                    orderNumber: entry.orderNumber, invoiceID: invoice.id, amount: entry.amount,
                    allocate: Money(minorUnits: allocate, currency: entry.currency), date: entry.date, account: account,
                    bankAccount: refundAccount, reference: entry.refundNumber ?? entry.id, storeRecord: entry.id,
                    contactID: invoice.contactID))
        }
    }

    /// A difference within tolerance, written off to the rounding account: spent when Xero's bank
    /// account shows more than the money that really moved (`xeroExcess` > 0), received when less.
    mutating func rounding(entry: StoreLedgerEntry, xeroExcess: Int64) {
        guard !spent.contains(Self.roundingReference(entry)) else { return }
        guard let account = settings.roundingAccount, let bankAccount = settings.bankAccount else {
            needSetting(
                settings.roundingAccount == nil ? "rounding_account" : "bank_account", for: "rounding write-offs")
            return
        }
        corrections.append(
            PaymentCorrection(
                pair: pair, action: xeroExcess > 0 ? .xeroSpend : .xeroReceive, subject: entry.orderNumber,
                orderNumber: entry.orderNumber,
                amount: Money(minorUnits: Int64(xeroExcess.magnitude), currency: entry.currency), date: entry.date,
                account: account, bankAccount: bankAccount, reference: Self.roundingReference(entry),
                storeRecord: entry.id))
    }

    /// The `Reference` of a rounding spend: the order and, for a second record of it, the record.
    static func roundingReference(_ entry: StoreLedgerEntry) -> String {
        "\(roundingPrefix)\(entry.orderNumber) \(entry.reference ?? entry.id)"
    }

    static let roundingPrefix = "Rounding "

    /// A payout's gateway fees, spent to the fee account.
    mutating func fee(payout: String, amount: Money, date: LocalDate) {
        guard let account = settings.feeAccount, let bankAccount = settings.bankAccount else {
            needSetting(settings.feeAccount == nil ? "fee_account" : "bank_account", for: "gateway fee spends")
            return
        }
        corrections.append(
            PaymentCorrection(
                pair: pair, action: .xeroSpend, subject: payout, amount: amount, date: date, account: account,
                bankAccount: bankAccount, reference: payout))
    }

    /// The storefront order to mark paid; its platform id is the correction's store record.
    mutating func markPaid(order: String, orderID: String, invoice: Invoice, date: LocalDate) {
        corrections.append(
            PaymentCorrection(
                pair: pair, action: .storeMarkPaid, subject: order, orderNumber: order, invoiceID: invoice.id,
                amount: invoice.total ?? Money.zero(invoice.currency), date: date, storeRecord: orderID))
    }
}
