import TrueUpCore

/// Stage 1: the storefront leg against the Xero leg.
extension MatchRun {
    mutating func pairLedger() {
        var deferred: [Int32] = []
        for store in storeOrder {
            switch input.store[Int(store)].kind {
            case .payment:
                if !pairPaymentByIdentifier(store) { deferred.append(store) }
            case .refund:
                pairRefund(store)
            }
        }
        pairByAmountAndDate(deferred)
    }

    /// Pairs a storefront payment by transaction id, else by order number. Returns whether the
    /// record is settled (paired, or ambiguous between candidates on its order's invoice).
    private mutating func pairPaymentByIdentifier(_ store: Int32) -> Bool {
        // Fields, not the whole record: a record copied is four strings retained and released.
        let amount = input.store[Int(store)].amount.minorUnits
        let currency = storeCurrency[Int(store)]
        if let reference = input.store[Int(store)].reference, !reference.isEmpty {
            var chosen: Int32?
            for payment in paymentsByReference(reference)
            where !paymentTaken[Int(payment)] && paymentCurrency[Int(payment)] == currency {
                if input.payments[Int(payment)].amount.minorUnits == amount {
                    chosen = payment
                    break
                }
                if chosen == nil { chosen = payment }
            }
            if let chosen {
                take(store, payment: chosen, rule: .transactionID)
                return true
            }
        }
        // The order's invoices: a payment with the amount, else the one nearest within tolerance.
        let allowance = allowance(store)
        var nearest: Int32?
        var nearestDifference = Int64.max
        var tied: [Int32] = []
        let entry = input.store[Int(store)]
        for invoice in invoicesByOrder(entry.orderNumber) where invoiceCurrency[Int(invoice)] == currency {
            for payment in paymentsByInvoice.all(invoice)
            where !paymentTaken[Int(payment)] && isFreeReference(payment, for: entry) {
                let difference = (input.payments[Int(payment)].amount.minorUnits &- amount).magnitude
                if difference == 0 {
                    take(store, payment: payment, rule: .orderNumber)
                    return true
                }
                guard difference <= allowance.magnitude else { continue }
                if Int64(difference) < nearestDifference {
                    nearest = payment
                    nearestDifference = Int64(difference)
                    tied = []
                } else if Int64(difference) == nearestDifference {
                    tied.append(payment)
                }
            }
        }
        guard let nearest else { return false }
        guard tied.isEmpty else {
            markAmbiguous(store, candidates: [nearest] + tied, note: .xeroTie)
            return true
        }
        take(store, payment: nearest, rule: .orderNumber)
        return true
    }

    /// Pairs a storefront refund with its credit note: by refund number, else a note allocated to
    /// the order's invoice for the amount. The note's refund payment comes with it.
    private mutating func pairRefund(_ store: Int32) {
        let entry = input.store[Int(store)]
        let currency = storeCurrency[Int(store)]
        if let number = entry.refundNumber, !number.isEmpty {
            var chosen: Int32?
            for note in notesByReference(number) where !noteTaken[Int(note)] && noteCurrency[Int(note)] == currency {
                if input.creditNotes[Int(note)].total?.minorUnits == entry.amount.minorUnits {
                    chosen = note
                    break
                }
                if chosen == nil { chosen = note }
            }
            if let chosen {
                take(store, note: chosen, rule: .refundNumber)
                return
            }
        }
        for invoice in invoicesByOrder(entry.orderNumber) where invoiceCurrency[Int(invoice)] == currency {
            for slot in notesByInvoice.all(invoice) {
                let note = allocationNote[Int(slot)]
                guard !noteTaken[Int(note)] else { continue }
                let record = input.creditNotes[Int(note)]
                if let reference = record.reference, !reference.isEmpty, reference != entry.refundNumber,
                    storeByRefundNumber(reference) != nil
                {
                    continue
                }
                if record.total?.minorUnits == entry.amount.minorUnits {
                    rows[Int(store)].invoice = invoice
                    take(store, note: note, rule: .orderNumber)
                    return
                }
            }
        }
    }

    /// Pairs what no identifier tied, by amount within tolerance and date within the window,
    /// among Xero payments that no identifier claims. A pair is made only when each is the other's
    /// single best candidate (smallest amount difference, then nearest date); a tie on either side
    /// makes the storefront records `ambiguous`.
    private mutating func pairByAmountAndDate(_ deferred: [Int32]) {
        guard !deferred.isEmpty else { return }
        var window = settings.tolerance.dateWindowDays
        for method in settings.methods.values { window = max(window, method.tolerance?.dateWindowDays ?? 0) }
        var index = AmountDateIndex(bucketDays: max(1, window))
        var indexed = 0
        for (offset, payment) in input.payments.enumerated() where !paymentTaken[offset] {
            let invoice = paymentInvoice[offset]
            guard invoice >= 0, isFreeReference(Int32(offset), for: nil) else { continue }
            // A payment on an invoice for a storefront order belongs to that order's records.
            if let order = input.invoices[Int(invoice)].reference, firstStoreByOrder(order) != nil { continue }
            index.add(
                currency: paymentCurrency[offset], day: Int32(payment.date.dayNumber),
                amount: payment.amount.minorUnits, index: Int32(offset))
            indexed += 1
        }
        guard indexed > 0 else { return }
        index.seal()

        struct Best {
            var payment: Int32
            var amountGap: Int64
            var dayGap: Int32
            var tied: [Int32]
        }
        var bestOf: [Int32: Best] = [:]
        var claims: [Int32: [Int32]] = [:]
        for store in deferred {
            let entry = input.store[Int(store)]
            let tolerance = settings.tolerance(method: entry.method)
            let day = storeDay[Int(store)]
            var best: Best?
            index.forEachCandidate(
                currency: storeCurrency[Int(store)], day: day, window: Int32(tolerance.dateWindowDays),
                amount: entry.amount.minorUnits,
                tolerance: tolerance.allowance(for: entry.amount.minorUnits, exponent: entry.currency.exponent)
            ) { candidate in
                let amountGap = abs(candidate.amount - entry.amount.minorUnits)
                let dayGap = abs(candidate.day - day)
                if let current = best {
                    if (amountGap, dayGap) < (current.amountGap, current.dayGap) {
                        best = Best(payment: candidate.index, amountGap: amountGap, dayGap: dayGap, tied: [])
                    } else if (amountGap, dayGap) == (current.amountGap, current.dayGap) {
                        best?.tied.append(candidate.index)
                    }
                } else {
                    best = Best(payment: candidate.index, amountGap: amountGap, dayGap: dayGap, tied: [])
                }
            }
            guard let best else { continue }
            bestOf[store] = best
            claims[best.payment, default: []].append(store)
        }
        for store in deferred {
            guard let best = bestOf[store] else { continue }
            guard best.tied.isEmpty else {
                markAmbiguous(store, candidates: [best.payment] + best.tied, note: .xeroTie)
                continue
            }
            let rivals = claims[best.payment] ?? []
            if rivals.count == 1 {
                take(store, payment: best.payment, rule: .amountDate)
                continue
            }
            // Several records want this payment: the single nearest gets it; equals are ambiguous.
            func distance(_ rival: Int32) -> Int64 {
                guard let rivalBest = bestOf[rival] else { return .max }
                return rivalBest.amountGap << 20 | Int64(rivalBest.dayGap)
            }
            let nearest = rivals.map(distance).min() ?? .max
            let atNearest = rivals.filter { distance($0) == nearest }
            if atNearest.count == 1 {
                if atNearest[0] == store { take(store, payment: best.payment, rule: .amountDate) }
            } else if atNearest.contains(store) {
                markAmbiguous(store, candidates: [best.payment], note: .xeroTie)
            }
        }
    }

    /// Pairs a storefront record with a Xero payment.
    mutating func take(_ store: Int32, payment: Int32, rule: LedgerRule) {
        paymentTaken[Int(payment)] = true
        ledger[Int(store)] = .paired
        rows[Int(store)].payment = payment
        rows[Int(store)].invoice = paymentInvoice[Int(payment)]
        rows[Int(store)].ledgerRule = rule
        let difference = input.payments[Int(payment)].amount.minorUnits &- input.store[Int(store)].amount.minorUnits
        rows[Int(store)].difference = difference == 0 ? nil : difference
    }

    /// Pairs a storefront refund with a credit note, and with the note's refund payment if it has one.
    mutating func take(_ store: Int32, note: Int32, rule: LedgerRule) {
        noteTaken[Int(note)] = true
        ledger[Int(store)] = .paired
        rows[Int(store)].creditNote = note
        rows[Int(store)].ledgerRule = rule
        let record = input.creditNotes[Int(note)]
        if rows[Int(store)].invoice < 0, let allocation = record.allocations.first,
            let invoice = invoiceByID(allocation.invoiceID)
        {
            rows[Int(store)].invoice = invoice
        }
        if rows[Int(store)].invoice < 0 {
            rows[Int(store)].invoice = firstInvoiceByOrder(input.store[Int(store)].orderNumber) ?? PaymentMatch.none
        }
        for payment in refundPaymentsByNote.all(note) where !paymentTaken[Int(payment)] {
            paymentTaken[Int(payment)] = true
            rows[Int(store)].payment = payment
            break
        }
        let total = record.total?.minorUnits ?? input.store[Int(store)].amount.minorUnits
        let difference = total &- input.store[Int(store)].amount.minorUnits
        rows[Int(store)].difference = difference == 0 ? nil : difference
    }

    mutating func markAmbiguous(_ store: Int32, candidates: [Int32], note: MatchNote) {
        ledger[Int(store)] = .ambiguous
        rows[Int(store)].note = note
        for payment in candidates where !paymentTaken[Int(payment)] { paymentHeld[Int(payment)] = true }
        tiedCandidates[store] = candidates.map { input.payments[Int($0)].id }
    }
}
