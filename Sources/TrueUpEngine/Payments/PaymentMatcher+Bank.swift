import TrueUpCore

/// Stage 2: the bank leg.
extension MatchRun {
    mutating func findBankLeg() {
        loadBank()
        let lines = bank
        var byReference = TextChains(keys: lines.count, count: lines.count)
        for offset in lines.indices {
            if let reference = lines[offset].reference, !reference.isEmpty {
                byReference.add(reference, Int32(offset)) { lines[Int($0)].reference == reference }
            }
        }
        let inPayout = settlePayouts(byReference)
        var pending: [Int32] = []
        for store in storeOrder where !inPayout[Int(store)] && ledger[Int(store)] != .ambiguous {
            if findBankByIdentifier(store, byReference) { continue }
            pending.append(store)
        }
        let unbanked = findBankByAmountAndDate(pending)
        searchDepositSubsets(unbanked)
        reportUnexplainedDeposits()
    }

    /// The statement's lines when there are any, else Xero's bank transactions as lines.
    private mutating func loadBank() {
        if !input.statement.isEmpty {
            bank = input.statement
        } else {
            bank.reserveCapacity(input.bankTransactions.count)
            for transaction in input.bankTransactions where transaction.status == .authorised {
                let sign: Int64 = transaction.kind.isReceipt ? 1 : -1
                bank.append(
                    BankLine(
                        id: "xero:\(transaction.id)",
                        amount: Money(minorUnits: sign * transaction.total.minorUnits, currency: transaction.currency),
                        date: transaction.date, reference: transaction.reference, source: "xero:BankTransactions"))
            }
        }
        bankTaken = Array(repeating: false, count: bank.count)
    }

    /// Links payout lines to storefront records and finds each payout's deposit. Returns which
    /// storefront records a payout holds.
    private mutating func settlePayouts(_ byReference: TextChains) -> [Bool] {
        var inPayout = Array(repeating: false, count: input.store.count)
        guard !input.payouts.isEmpty else { return inPayout }
        var payoutIndex = TextMap(keys: input.payouts.count)
        var members: [[Int32]] = []
        var nets: [Int64] = []
        var currencies: [Currency?] = []
        var dates: [LocalDate] = []
        var mixed: [Bool] = []
        var strays: [[Int]] = []
        let payouts = input.payouts
        for lineIndex in payouts.indices {
            let payoutID = payouts[lineIndex].payoutID
            let net = payouts[lineIndex].net
            let fee = payouts[lineIndex].fee.minorUnits
            let date = payouts[lineIndex].date
            var group = Int32(payoutIDs.count)
            group = payoutIndex.insertIfAbsent(payoutID, group) { payoutIDs[Int($0)] == payoutID }
            if Int(group) == payoutIDs.count {
                payoutIDs.append(payoutID)
                members.append([])
                nets.append(0)
                currencies.append(net.currency)
                dates.append(date)
                mixed.append(false)
                strays.append([])
                payoutFees.append(0)
                payoutFeeDates.append(nil)
            }
            let g = Int(group)
            if currencies[g] != net.currency { mixed[g] = true }
            nets[g] &+= net.minorUnits
            dates[g] = max(dates[g], date)
            if fee != 0 {
                payoutFees[g] &+= fee
                payoutFeeDates[g] = max(payoutFeeDates[g] ?? date, date)
            }
            let gross = payouts[lineIndex].gross.minorUnits
            let kind: StoreLedgerEntry.Kind = gross < 0 ? .refund : .payment
            let link = storeRecord(
                reference: payouts[lineIndex].reference, order: payouts[lineIndex].orderNumber, gross: gross,
                kind: kind, taken: inPayout)
            if case .store(let store) = link {
                inPayout[Int(store)] = true
                rows[Int(store)].payout = group
                rows[Int(store)].fee = fee
                members[g].append(store)
            } else if case .tied(let stores) = link {
                for store in stores { bankTie[Int(store)] = true }
            } else {
                var row = PaymentMatch(kind: kind, status: .missingInStore)
                row.payout = group
                row.payoutLine = Int32(lineIndex)
                row.fee = fee
                strays[g].append(extraRows.count)
                extraRows.append(row)
            }
        }
        payoutCurrencyList = currencies.compactMap { $0 }
        payoutMixed = mixed
        var amountIndex: AmountDateIndex?
        for g in payoutIDs.indices {
            guard !mixed[g], let currency = currencies[g] else { continue }
            var found: Int32?
            var rule = BankRule.payoutID
            for line in bankLines(byReference, payoutIDs[g])
            where !bankTaken[Int(line)] && bank[Int(line)].currency == currency {
                found = line
                break
            }
            var tie = false
            if found == nil {
                if amountIndex == nil { amountIndex = bankIndex() }
                var candidates: [Int32] = []
                let window = Int32(settings.tolerance.dateWindowDays)
                amountIndex?.forEachCandidate(
                    currency: currencyID(currency), day: Int32(dates[g].dayNumber), window: window, amount: nets[g],
                    tolerance: 0
                ) { entry in
                    if !bankTaken[Int(entry.index)] { candidates.append(entry.index) }
                }
                if candidates.count == 1 {
                    found = candidates[0]
                    rule = .payoutAmount
                } else if candidates.count > 1 {
                    tie = true
                }
            }
            if let found {
                bankTaken[Int(found)] = true
                for row in strays[g] {
                    extraRows[row].bank = found
                    extraRows[row].bankRule = rule
                }
            }
            let difference = found.map { bank[Int($0)].amount.minorUnits &- nets[g] }
            for (position, store) in members[g].enumerated() {
                if tie {
                    bankTie[Int(store)] = true
                    continue
                }
                guard let found else { continue }
                rows[Int(store)].bank = found
                rows[Int(store)].bankRule = rule
                if position == 0, let difference, difference != 0 { bankDifference[Int(store)] = difference }
            }
        }
        return inPayout
    }

    /// The storefront record a payout line settles: by transaction id, else the first record of the
    /// order of that kind and amount not yet in a payout.
    /// Finds a payout's group in a slot inserted as -1, or claims the slot with the next group number.
    /// The bank lines whose reference is `reference`, in order.
    private func bankLines(_ byReference: TextChains, _ reference: String) -> KeyChains<Int32>.ChainSequence {
        byReference.all(reference) { bank[Int($0)].reference == reference }
    }

    private enum PayoutLink {
        case store(Int32)
        case none
        /// Several storefront records fit equally: which one the line settles is not guessed.
        case tied([Int32])
    }

    /// The storefront record a payout line settles: by transaction id, else the one record of the
    /// order of that kind and amount not yet in a payout; two such records are a tie.
    private func storeRecord(
        reference: String?, order: String?, gross: Int64, kind: StoreLedgerEntry.Kind, taken: [Bool]
    ) -> PayoutLink {
        if let reference, !reference.isEmpty, let store = storeByReference(reference),
            !taken[Int(store)], input.store[Int(store)].kind == kind
        {
            return .store(store)
        }
        guard let order, !order.isEmpty else { return .none }
        let amount = gross.magnitude
        var found: [Int32] = []
        for store in storesByOrder(order) where !taken[Int(store)] {
            if input.store[Int(store)].kind == kind, input.store[Int(store)].amount.minorUnits.magnitude == amount {
                found.append(store)
            }
        }
        switch found.count {
        case 0: return .none
        case 1: return .store(found[0])
        default: return .tied(found)
        }
    }

    /// A bank line whose reference is the transaction id (whatever its amount: the id ties it) or
    /// the order number (only with the amount within tolerance: an order may be paid in parts, and
    /// two such lines alike are a tie), else Xero's `IsReconciled`.
    private mutating func findBankByIdentifier(_ store: Int32, _ byReference: TextChains) -> Bool {
        let entry = input.store[Int(store)]
        let wantsCredit = entry.kind == .payment
        let allowance = allowance(store)
        func usable(_ line: Int32) -> Bool {
            !bankTaken[Int(line)] && (bank[Int(line)].amount.minorUnits > 0) == wantsCredit
        }
        var chosen: Int32?
        if let reference = entry.reference, !reference.isEmpty {
            for line in bankLines(byReference, reference) where usable(line) {
                if bank[Int(line)].amount.minorUnits.magnitude == entry.amount.minorUnits.magnitude {
                    chosen = line
                    break
                }
                if chosen == nil { chosen = line }
            }
        }
        if chosen == nil, !entry.orderNumber.isEmpty {
            var nearest: [Int32] = []
            var nearestGap = UInt64.max
            for line in bankLines(byReference, entry.orderNumber) where usable(line) {
                let amount = bank[Int(line)].amount
                guard amount.currency == entry.currency else { continue }
                let gap = amount.minorUnits.magnitude &- entry.amount.minorUnits.magnitude
                let size = Int64(bitPattern: gap).magnitude
                guard size <= allowance.magnitude else { continue }
                if size < nearestGap {
                    nearest = [line]
                    nearestGap = size
                } else if size == nearestGap {
                    nearest.append(line)
                }
            }
            if nearest.count > 1 {
                bankTie[Int(store)] = true
                for line in nearest { bankHeld.insert(line) }
                return true
            }
            chosen = nearest.first
        }
        if let chosen {
            let amount = bank[Int(chosen)].amount
            bankTaken[Int(chosen)] = true
            rows[Int(store)].bank = chosen
            rows[Int(store)].bankRule = .bankReference
            if amount.currency != entry.currency {
                rows[Int(store)].note = rows[Int(store)].note ?? .crossCurrency
            } else {
                let difference = amount.minorUnits.magnitude &- entry.amount.minorUnits.magnitude
                if difference != 0 { bankDifference[Int(store)] = Int64(bitPattern: difference) }
            }
            return true
        }
        let row = rows[Int(store)]
        if row.payment >= 0, input.payments[Int(row.payment)].isReconciled {
            rows[Int(store)].bankRule = .xeroReconciled
            return true
        }
        return false
    }

    /// Bank lines not yet taken, indexed by (currency, date bucket) and signed amount.
    private mutating func bankIndex() -> AmountDateIndex {
        var window = settings.tolerance.dateWindowDays
        for method in settings.methods.values { window = max(window, method.tolerance?.dateWindowDays ?? 0) }
        var index = AmountDateIndex(bucketDays: max(1, window))
        for (offset, line) in bank.enumerated() where !bankTaken[offset] {
            index.add(
                currency: currencyID(line.currency), day: Int32(line.date.dayNumber), amount: line.amount.minorUnits,
                index: Int32(offset))
        }
        index.seal()
        return index
    }

    /// Pairs records with bank lines by amount and date, each only with the other's single best
    /// candidate. Returns the storefront payments still without a bank leg.
    private mutating func findBankByAmountAndDate(_ pending: [Int32]) -> [Int32] {
        guard !pending.isEmpty, bankTaken.contains(false) else { return pending }
        let index = bankIndex()
        var bestOf: [Int32: (line: Int32, gap: Int64, days: Int32, tied: [Int32])] = [:]
        var claims: [Int32: [Int32]] = [:]
        for store in pending {
            let entry = input.store[Int(store)]
            let tolerance = settings.tolerance(method: entry.method)
            let signed = entry.kind == .payment ? entry.amount.minorUnits : -entry.amount.minorUnits
            let day = storeDay[Int(store)]
            var best: (line: Int32, gap: Int64, days: Int32, tied: [Int32])?
            index.forEachCandidate(
                currency: storeCurrency[Int(store)], day: day, window: Int32(tolerance.dateWindowDays),
                amount: signed,
                tolerance: tolerance.allowance(for: entry.amount.minorUnits, exponent: entry.currency.exponent)
            ) { candidate in
                let gap = abs(candidate.amount - signed)
                let days = abs(candidate.day - day)
                if let current = best {
                    if (gap, days) < (current.gap, current.days) {
                        best = (candidate.index, gap, days, [])
                    } else if (gap, days) == (current.gap, current.days) {
                        best?.tied.append(candidate.index)
                    }
                } else {
                    best = (candidate.index, gap, days, [])
                }
            }
            guard let best else { continue }
            bestOf[store] = best
            claims[best.line, default: []].append(store)
        }
        var unbanked: [Int32] = []
        for store in pending {
            guard let best = bestOf[store] else {
                unbanked.append(store)
                continue
            }
            let rivals = claims[best.line] ?? []
            func distance(_ rival: Int32) -> Int64 {
                guard let rivalBest = bestOf[rival] else { return .max }
                return rivalBest.gap << 20 | Int64(rivalBest.days)
            }
            let nearest = rivals.map(distance).min() ?? .max
            let atNearest = rivals.filter { distance($0) == nearest }
            if !best.tied.isEmpty || (atNearest.count > 1 && atNearest.contains(store)) {
                bankTie[Int(store)] = true
                // The lines it ties between wait for a person: they are not unexplained deposits.
                for line in [best.line] + best.tied { bankHeld.insert(line) }
                continue
            }
            guard atNearest == [store] else {
                unbanked.append(store)
                continue
            }
            bankTaken[Int(best.line)] = true
            rows[Int(store)].bank = best.line
            rows[Int(store)].bankRule = .bankAmountDate
            if best.gap != 0 {
                let entry = input.store[Int(store)]
                bankDifference[Int(store)] =
                    bank[Int(best.line)].amount.minorUnits.magnitude > entry.amount.minorUnits.magnitude
                    ? best.gap : -best.gap
            }
        }
        return unbanked
    }

    /// Tries each deposit nothing explains against the unbanked storefront payments dated within the
    /// window before it: a unique subset summing to the deposit banks them all; a tie, or more
    /// candidates than the cap, leaves the deposit `ambiguous`.
    private mutating func searchDepositSubsets(_ unbanked: [Int32]) {
        let payments = unbanked.filter {
            input.store[Int($0)].kind == .payment && ledger[Int($0)] != .ambiguous && !bankTie[Int($0)]
        }
        guard !payments.isEmpty else { return }
        var index = AmountDateIndex(bucketDays: max(1, settings.tolerance.dateWindowDays))
        for store in payments {
            index.add(
                currency: storeCurrency[Int(store)], day: storeDay[Int(store)],
                amount: input.store[Int(store)].amount.minorUnits, index: store)
        }
        index.seal()
        var banked = Set<Int32>()
        let window = Int32(settings.tolerance.dateWindowDays)
        for (offset, line) in bank.enumerated() where !bankTaken[offset] && line.amount.minorUnits > 0 {
            let day = Int32(line.date.dayNumber)
            guard let currency = knownCurrencyID(line.currency.code) else { continue }
            let candidates = index.entries(currency: currency, from: day - window, through: day).filter {
                !banked.contains($0.index)
            }
            guard !candidates.isEmpty else { continue }
            guard candidates.count <= settings.subsetCandidateCap else {
                subsetNotes.append((Int32(offset), .subsetOverCap))
                continue
            }
            switch SubsetSearch.search(
                amounts: candidates.map(\.amount), target: line.amount.minorUnits, stepCap: settings.subsetStepCap)
            {
            case .unique(let positions):
                bankTaken[offset] = true
                for position in positions {
                    let store = candidates[position].index
                    banked.insert(store)
                    rows[Int(store)].bank = Int32(offset)
                    rows[Int(store)].bankRule = .depositSubset
                }
            case .tied: subsetNotes.append((Int32(offset), .subsetTie))
            case .overCap: subsetNotes.append((Int32(offset), .subsetOverCap))
            case .none: break
            }
        }
    }

    /// Deposits nothing explains: `ambiguous` when the subset search could not decide, else
    /// `missing_in_store`.
    private mutating func reportUnexplainedDeposits() {
        var notes: [Int32: MatchNote] = [:]
        for (line, note) in subsetNotes { notes[line] = note }
        for (offset, line) in bank.enumerated()
        where !bankTaken[offset] && !bankHeld.contains(Int32(offset)) && line.amount.minorUnits > 0 {
            let note = notes[Int32(offset)]
            var row = PaymentMatch(kind: .payment, status: note == nil ? .missingInStore : .ambiguous)
            row.bank = Int32(offset)
            row.note = note ?? .bankOnly
            extraRows.append(row)
        }
    }
}
