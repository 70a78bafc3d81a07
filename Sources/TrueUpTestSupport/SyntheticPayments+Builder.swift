import Foundation
import TrueUpCore
import TrueUpEngine

/// Builds a ``SyntheticPayments`` data set in three passes: every order's roles and dates, then the
/// amounts (those a tolerance rule can reach first, unique in their currency), then the records of
/// all three legs and the payouts, with the truth for each storefront record.
struct PaymentBuilder {
    /// An order's part on the storefront ↔ Xero leg.
    enum LedgerRole: UInt8 {
        case normal, missingInXero, missingInStore, invoiceWithoutReference, storeDuplicate, xeroDuplicate, lookAlike
        case rounding
    }

    /// How an order's money reaches the bank.
    enum BankRole: UInt8 {
        case gateway, byReference, byAmount, reconciled, lookAlike, unbanked
    }

    enum RefundRole: UInt8 {
        case none, referenced, allocated, missing
    }

    struct OrderPlan {
        var ledger: LedgerRole
        var bank: BankRole
        var refund = RefundRole.none
        var currency: Int
        var day: Int
        /// How many days Xero and the bank trail the storefront.
        var drift: Int
        /// The day of an order's second storefront payment, or of its second Xero payment.
        var secondDay: Int
        var refundDay = 0
        var amount: Int64 = 0
        var refundAmount: Int64 = 0
        var xeroReference: Bool
        /// The second order of a look-alike pair: it takes the first's amount.
        var secondOfPair = false

        /// Whether a tolerance rule could reach the order's amount: it must then be unique.
        var exposed: Bool {
            switch ledger {
            case .missingInXero, .missingInStore, .invoiceWithoutReference, .storeDuplicate, .lookAlike: true
            case .normal, .xeroDuplicate, .rounding: bank == .byAmount || bank == .lookAlike
            }
        }
    }

    /// A record a gateway pays out: a payment, or a refund taken back out.
    struct GatewayEntry {
        /// The storefront record, or -1 for an order the storefront lacks.
        var store: Int32
        var orderNumber: String
        var reference: String?
        var gross: Int64
        var day: Int
        var sequence: Int
    }

    /// The largest single payment: every deposit of several orders is larger.
    static let largestPayment: Int64 = 1_000_000
    /// 2025-01-01.
    static let firstDay = 20_089
    static let settlementDays = 5
    static let alphabet: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    let mix: PaymentMix
    let payments: Int
    var random: SplitMix64
    let currencies: [Currency]
    let lastDay: Int
    let days: Int
    var asOf: Int { lastDay + 1 }
    let dates: [LocalDate]
    var plans: [OrderPlan] = []

    var store: [StoreLedgerEntry] = []
    var storeDays: [Int] = []
    var invoices: [Invoice] = []
    var notes: [CreditNote] = []
    var xero: [Payment] = []
    var lines: [BankLine] = []
    var lineDays: [Int] = []
    var findable: [Bool] = []
    var payoutLines: [PayoutLine] = []
    var spends: [BankTransaction] = []
    var gatewayQueues: [[GatewayEntry]]
    var depositNets: [Set<Int64>]

    var truthXero: [Int32] = []
    var truthBank: [Int32] = []
    var truthPayout: [Int32] = []
    /// The status the order's roles alone decide, where they do.
    var designed: [PaymentStatus?] = []
    var payoutIDs: [String] = []
    var storeDuplicates: [(duplicate: Int32, original: Int32)] = []
    var xeroDuplicates: [(duplicate: Int32, original: Int32)] = []
    var lookAlikes: [Int32] = []
    var bankLookAlikes: [Int32] = []
    var truth = PaymentTruth(
        xero: [], bank: [], payout: [], payoutIDs: [], expected: [], storeDuplicates: [], xeroDuplicates: [],
        lookAlikes: [], bankLookAlikes: [], findableLines: [])

    init(payments: Int, seed: UInt64, mix: PaymentMix) {
        self.mix = mix
        self.payments = max(0, payments)
        random = SplitMix64(seed: seed)
        currencies = ["USD", "EUR", "GBP"].map { code in
            (try? Currency(code: code)) ?? { fatalError("\(code) is ISO 4217") }()
        }
        days = max(30, (self.payments + mix.paymentsPerDay - 1) / max(1, mix.paymentsPerDay))
        lastDay = Self.firstDay + days - 1
        dates = (0...(days + 16)).map { LocalDate(dayNumber: Self.firstDay + $0) }
        gatewayQueues = Array(repeating: [], count: currencies.count)
        depositNets = Array(repeating: [], count: currencies.count)
    }

    mutating func build() {
        planOrders()
        drawAmounts()
        let estimate = payments + payments / 10
        store.reserveCapacity(estimate)
        invoices.reserveCapacity(estimate)
        xero.reserveCapacity(estimate)
        for index in plans.indices { emit(index) }
        for currency in currencies.indices { payOut(currency) }
        sortStatement()
        var expected: [PaymentStatus] = []
        expected.reserveCapacity(store.count)
        for index in store.indices {
            if let status = designed[index] {
                expected.append(status)
                continue
            }
            let line = truthBank[index]
            if line == PaymentTruth.reconciledInXero || (line >= 0 && findable[Int(line)]) {
                expected.append(.matched)
            } else {
                expected.append(asOf - storeDays[index] <= Self.settlementDays ? .inTransit : .unbankedOverdue)
            }
        }
        truth = PaymentTruth(
            xero: truthXero, bank: truthBank, payout: truthPayout, payoutIDs: payoutIDs, expected: expected,
            storeDuplicates: storeDuplicates, xeroDuplicates: xeroDuplicates, lookAlikes: lookAlikes,
            bankLookAlikes: bankLookAlikes, findableLines: findable)
    }

    func input() -> PaymentMatchInput {
        let settings = PaymentMatchSettings(
            tolerance: MatchTolerance(absoluteMinorUnits: 1, relativeBasisPoints: 0, dateWindowDays: 3),
            methods: [
                "stripe": PaymentMethodSettings(account: "1210"),
                "banktransfer": PaymentMethodSettings(account: "090"),
                "checkmo": PaymentMethodSettings(account: "090"),
            ],
            paymentAccount: "090", feeAccount: "404", roundingAccount: "860", bankAccount: "090",
            refundAccount: "200", settlementDays: Self.settlementDays)
        return PaymentMatchInput(
            pair: "synthetic", store: store, invoices: invoices, creditNotes: notes, payments: xero,
            bankTransactions: spends, statement: lines, payouts: payoutLines, asOf: date(asOf), settings: settings)
    }

    // MARK: - Roles and dates

    private mutating func planOrders() {
        var stored = 0
        plans.reserveCapacity(payments + payments / 20)
        while stored < payments {
            let day = Self.firstDay + stored * days / payments
            let currency = pick([mix.euroShare, mix.poundShare]).map { $0 + 1 } ?? 0
            var ledger: LedgerRole =
                switch pick([
                    mix.missingInXero, mix.missingInStore, mix.invoiceWithoutReference, mix.storeDuplicates,
                    mix.xeroDuplicates, mix.lookAlikes / 2, mix.rounding,
                ]) {
                case 0: .missingInXero
                case 1: .missingInStore
                case 2: .invoiceWithoutReference
                case 3: .storeDuplicate
                case 4: .xeroDuplicate
                case 5: .lookAlike
                case 6: .rounding
                default: .normal
                }
            var bank: BankRole =
                switch pick([
                    mix.gateway, mix.bankedByReference, mix.bankedByAmount, mix.reconciledInXero,
                    mix.bankLookAlikes / 2,
                ]) {
                case 0: .gateway
                case 1: .byReference
                case 2: .byAmount
                case 3: .reconciled
                case 4: .lookAlike
                default: .unbanked
                }
            if ledger == .lookAlike { bank = .unbanked }
            if bank == .lookAlike { ledger = .normal }
            if ledger == .missingInXero, bank == .reconciled { bank = .unbanked }
            if ledger == .storeDuplicate, bank == .byAmount || bank == .reconciled { bank = .gateway }
            var paired = ledger == .lookAlike || bank == .lookAlike
            var count = paired || ledger == .storeDuplicate ? 2 : ledger == .missingInStore ? 0 : 1
            if stored + count > payments {
                ledger = .normal
                if bank == .lookAlike { bank = .gateway }
                paired = false
                count = 1
            }
            let drift = uniform(0...mix.maxDriftDays)
            let later = uniform(0...(ledger == .xeroDuplicate ? 1 : 2))
            var plan = OrderPlan(
                ledger: ledger, bank: bank, currency: currency, day: day, drift: drift,
                secondDay: min(day + later, lastDay), xeroReference: !chance(mix.xeroWithoutReference))
            if ledger == .normal || ledger == .rounding, bank != .lookAlike, chance(mix.refunds) {
                let refundDay = day + uniform(1...7)
                if refundDay <= lastDay {
                    plan.refundDay = refundDay
                    plan.refund =
                        chance(mix.refundsMissing)
                        ? .missing
                        : chance(mix.refundsAllocated / (1 - mix.refundsMissing)) ? .allocated : .referenced
                }
            }
            plans.append(plan)
            if paired {
                var second = plan
                second.secondOfPair = true
                second.refund = .none
                plans.append(second)
            }
            stored += count
        }
    }

    /// Amounts from 1.00 to 10,000.00: first those a tolerance rule can reach, each at least two minor
    /// units from any other in its currency, then the rest, kept as far from those.
    private mutating func drawAmounts() {
        var exposed = Array(repeating: Set<Int64>(), count: currencies.count)
        for pass in 0..<2 {
            for index in plans.indices where plans[index].exposed == (pass == 0) {
                var plan = plans[index]
                if plan.secondOfPair {
                    plan.amount = plans[index - 1].amount
                } else {
                    var amount: Int64
                    repeat {
                        amount = 100 + Int64(random.next(upTo: UInt64(Self.largestPayment - 99)))
                    } while exposed[plan.currency].contains(amount - 1) || exposed[plan.currency].contains(amount)
                        || exposed[plan.currency].contains(amount + 1)
                    if pass == 0 { exposed[plan.currency].insert(amount) }
                    plan.amount = amount
                }
                if plan.refund != .none {
                    plan.refundAmount = chance(0.5) ? plan.amount : max(1, plan.amount * Int64(uniform(10...90)) / 100)
                }
                plans[index] = plan
            }
        }
    }

    // MARK: - Records

    private mutating func emit(_ index: Int) {
        let plan = plans[index]
        let number = String(100_000_001 + index)
        let currency = currencies[plan.currency]
        let money = Money(minorUnits: plan.amount, currency: currency)
        let banksAlone = plan.bank != .unbanked && plan.ledger != .lookAlike
        let transaction = banksAlone ? token(plan.bank == .gateway ? "ch_" : "tr_") : nil
        let method =
            plan.bank == .gateway ? "stripe" : banksAlone ? "banktransfer" : "checkmo"
        let noInvoiceReference = plan.ledger == .invoiceWithoutReference || plan.ledger == .lookAlike
        let xeroReference = plan.xeroReference && !noInvoiceReference ? transaction : nil

        let invoiceID = guid()
        let invoiceNumber = "INV-\(index + 1)"
        let open = plan.ledger == .missingInXero
        invoices.append(
            Invoice(
                id: invoiceID, number: invoiceNumber, kind: .accrec, status: open ? .authorised : .paid,
                reference: noInvoiceReference ? nil : number, date: date(plan.day), currency: currency, lines: [],
                total: money, amountDue: Money(minorUnits: open ? plan.amount : 0, currency: currency)))

        var payment: Int32 = -1
        if plan.ledger != .missingInXero {
            let xeroDay = plan.ledger == .lookAlike ? plan.day : min(plan.day + plan.drift, asOf)
            let amount = plan.ledger == .rounding ? plan.amount + (plan.amount % 2 == 0 ? 1 : -1) : plan.amount
            payment = Int32(xero.count)
            xero.append(
                xeroPayment(
                    invoiceID: invoiceID, invoiceNumber: invoiceNumber, reference: xeroReference,
                    amount: Money(minorUnits: amount, currency: currency), day: xeroDay,
                    reconciled: plan.bank == .reconciled))
            if plan.ledger == .xeroDuplicate {
                xeroDuplicates.append((Int32(xero.count), payment))
                xero.append(
                    xeroPayment(
                        invoiceID: invoiceID, invoiceNumber: invoiceNumber, reference: xeroReference,
                        amount: Money(minorUnits: amount, currency: currency),
                        day: min(xeroDay + plan.secondDay - plan.day, asOf), reconciled: false))
            }
        }

        var first: Int32 = -1
        var second: Int32 = -1
        if plan.ledger != .missingInStore {
            let designed: PaymentStatus? =
                switch plan.ledger {
                case .lookAlike: .ambiguous
                case .missingInXero: .missingInXero
                case .rounding: .feeWriteOff
                default: plan.bank == .lookAlike ? .ambiguous : nil
                }
            first = addStore(
                StoreLedgerEntry(
                    id: "invoice:\(index + 1)", kind: .payment, orderNumber: number, reference: transaction,
                    amount: money, date: date(plan.day), method: method),
                day: plan.day, xero: payment, designed: designed)
            if plan.ledger == .storeDuplicate {
                // Captured twice: under the same transaction id, or a new one.
                var reference = transaction
                if transaction != nil, plan.bank == .byReference || chance(0.5) { reference = token("ch_") }
                second = addStore(
                    StoreLedgerEntry(
                        id: "invoice:\(index + 1)-2", kind: .payment, orderNumber: number, reference: reference,
                        amount: money, date: date(plan.secondDay), method: method),
                    day: plan.secondDay, xero: -1, designed: .duplicate)
                storeDuplicates.append((second, first))
            }
            if plan.ledger == .lookAlike { lookAlikes.append(first) }
            if plan.bank == .lookAlike { bankLookAlikes.append(first) }
        }

        let bankDay = min(plan.day + plan.drift, asOf)
        switch plan.bank {
        case .gateway:
            enqueue(
                first, number: number, reference: transaction, gross: plan.amount, day: plan.day,
                currency: plan.currency)
            if second >= 0 {
                enqueue(
                    second, number: number, reference: store[Int(second)].reference, gross: plan.amount,
                    day: plan.secondDay, currency: plan.currency)
            }
        case .byReference:
            let reference = plan.ledger == .storeDuplicate || chance(0.5) ? transaction : number
            addLine(money, day: bankDay, reference: reference, owner: first, findable: true)
            if second >= 0 {
                addLine(
                    money, day: min(plan.secondDay + plan.drift, asOf), reference: store[Int(second)].reference,
                    owner: second, findable: true)
            }
        case .byAmount, .lookAlike:
            addLine(money, day: bankDay, reference: nil, owner: first, findable: true)
        case .reconciled:
            if first >= 0 { truthBank[Int(first)] = PaymentTruth.reconciledInXero }
        case .unbanked:
            break
        }

        guard plan.refund != .none, first >= 0 else { return }
        let refundNumber = "R\(number)"
        let refund = Money(minorUnits: plan.refundAmount, currency: currency)
        var note: Int32 = -1
        switch plan.refund {
        case .referenced:
            note = Int32(notes.count)
            let noteID = guid()
            notes.append(
                CreditNote(
                    id: noteID, number: "CN-\(index + 1)", kind: .accreccredit, status: .paid, reference: refundNumber,
                    date: date(plan.refundDay), currency: currency, lines: [], total: refund,
                    remainingCredit: .zero(currency)))
            xero.append(
                Payment(
                    id: guid(), creditNoteID: noteID, creditNoteNumber: "CN-\(index + 1)", amount: refund,
                    date: date(min(plan.refundDay + plan.drift, asOf)), status: .authorised, kind: .arCreditPayment,
                    isReconciled: false, accountCode: "090", updatedAt: timestamp(plan.refundDay)))
        case .allocated:
            note = Int32(notes.count)
            notes.append(
                CreditNote(
                    id: guid(), number: "CN-\(index + 1)", kind: .accreccredit, status: .paid, reference: nil,
                    date: date(plan.refundDay), currency: currency, lines: [], total: refund,
                    remainingCredit: .zero(currency),
                    allocations: [
                        CreditAllocation(
                            invoiceID: invoiceID, invoiceNumber: invoiceNumber, amount: refund,
                            date: date(plan.refundDay))
                    ]))
        case .missing, .none:
            break
        }
        let designed: PaymentStatus? =
            switch plan.refund {
            case .missing: .missingInXero
            case .allocated: .matched
            default: nil
            }
        let record = addStore(
            StoreLedgerEntry(
                id: "creditmemo:\(index + 1)", kind: .refund, orderNumber: number, refundNumber: refundNumber,
                amount: refund, date: date(plan.refundDay), method: method),
            day: plan.refundDay, xero: note, designed: designed)
        // A gateway takes a refund back out of a payout; a credit allocated to the invoice moves no money.
        if plan.bank == .gateway, plan.refund != .allocated {
            enqueue(
                record, number: number, reference: nil, gross: -plan.refundAmount, day: plan.refundDay,
                currency: plan.currency)
        }
    }

    private mutating func addStore(_ entry: StoreLedgerEntry, day: Int, xero: Int32, designed: PaymentStatus?) -> Int32
    {
        store.append(entry)
        storeDays.append(day)
        truthXero.append(xero)
        truthBank.append(-1)
        truthPayout.append(-1)
        self.designed.append(designed)
        return Int32(store.count - 1)
    }

    private mutating func xeroPayment(
        invoiceID: String, invoiceNumber: String, reference: String?, amount: Money, day: Int, reconciled: Bool
    ) -> Payment {
        Payment(
            id: guid(), invoiceID: invoiceID, invoiceNumber: invoiceNumber, reference: reference, amount: amount,
            date: date(day), status: .authorised, kind: .accrecPayment, isReconciled: reconciled, accountCode: "1210",
            updatedAt: timestamp(day))
    }

    @discardableResult
    private mutating func addLine(_ amount: Money, day: Int, reference: String?, owner: Int32, findable: Bool) -> Int32
    {
        let index = Int32(lines.count)
        lines.append(
            BankLine(
                id: "stmt-\(index + 1)", amount: amount, date: date(day), reference: reference,
                source: "statement.xml"))
        lineDays.append(day)
        self.findable.append(findable)
        if owner >= 0 { truthBank[Int(owner)] = index }
        return index
    }

    // MARK: - Payouts

    private mutating func enqueue(
        _ store: Int32, number: String, reference: String?, gross: Int64, day: Int, currency: Int
    ) {
        gatewayQueues[currency].append(
            GatewayEntry(
                store: store, orderNumber: number, reference: reference, gross: gross, day: day,
                sequence: gatewayQueues[currency].count))
    }

    static func fee(_ gross: Int64) -> Int64 { gross > 0 ? gross * 29 / 1000 + 30 : 0 }

    /// Groups a currency's gateway records, in date order, into payouts of about ``PaymentMix/payoutSize``
    /// worth more than any single payment, paid out two days after their last record. Records too
    /// recent for a payout before the last day stay in transit.
    private mutating func payOut(_ currency: Int) {
        var queue = gatewayQueues[currency]
        gatewayQueues[currency] = []
        queue.sort { ($0.day, $0.sequence) < ($1.day, $1.sequence) }
        var members: [GatewayEntry] = []
        var net: Int64 = 0
        var target = payoutTarget()
        for entry in queue {
            guard entry.day + 2 <= lastDay else { break }
            members.append(entry)
            net += entry.gross - Self.fee(entry.gross)
            if members.count >= target, net > Self.largestPayment + 2 {
                closePayout(members, currency: currency, net: net)
                members.removeAll(keepingCapacity: true)
                net = 0
                target = payoutTarget()
            }
        }
    }

    private mutating func payoutTarget() -> Int {
        max(1, mix.payoutSize - 10 + uniform(0...20))
    }

    private mutating func closePayout(_ members: [GatewayEntry], currency: Int, net total: Int64) {
        var fees = members.map { Self.fee($0.gross) }
        var net = total
        // A deposit's net is unique in its currency: a cent more fee on one line where it is not.
        let nudged = members.firstIndex { $0.gross > 0 } ?? 0
        while depositNets[currency].contains(net - 1) || depositNets[currency].contains(net)
            || depositNets[currency].contains(net + 1)
        {
            fees[nudged] += 1
            net -= 1
        }
        depositNets[currency].insert(net)
        let money = currencies[currency]
        let day = members[members.count - 1].day + 2
        let id = token("po_")
        let hasFile = chance(mix.payoutFiles)
        let reference = chance(hasFile ? mix.payoutReferences : 0.5) ? id : nil
        let line = addLine(
            Money(minorUnits: net, currency: money), day: min(day + uniform(0...mix.maxDriftDays), asOf),
            reference: reference, owner: -1, findable: hasFile)
        var payout: Int32 = -1
        if hasFile {
            payout = Int32(payoutIDs.count)
            payoutIDs.append(id)
        }
        for (position, member) in members.enumerated() {
            if hasFile {
                let fee = fees[position]
                payoutLines.append(
                    PayoutLine(
                        payoutID: id, date: date(day), orderNumber: member.orderNumber,
                        reference: chance(0.7) ? member.reference : nil,
                        gross: Money(minorUnits: member.gross, currency: money),
                        fee: Money(minorUnits: fee, currency: money),
                        net: Money(minorUnits: member.gross - fee, currency: money),
                        source: "payouts.csv:\(payoutLines.count + 2)"))
            }
            if member.store >= 0 {
                truthBank[Int(member.store)] = line
                truthPayout[Int(member.store)] = payout
            }
        }
        if hasFile, chance(0.5) {
            spends.append(
                BankTransaction(
                    id: guid(), kind: .spend, status: .authorised, reference: id,
                    total: Money(minorUnits: fees.reduce(0, +), currency: money), date: date(day),
                    bankAccountCode: "090", isReconciled: true, updatedAt: timestamp(day)))
        }
    }

    /// A statement lists its lines by date.
    private mutating func sortStatement() {
        let order = lines.indices.sorted { (lineDays[$0], $0) < (lineDays[$1], $1) }
        var position = Array(repeating: Int32(0), count: lines.count)
        for (new, old) in order.enumerated() { position[old] = Int32(new) }
        lines = order.map { lines[$0] }
        findable = order.map { findable[$0] }
        lineDays = order.map { lineDays[$0] }
        for index in truthBank.indices where truthBank[index] >= 0 {
            truthBank[index] = position[Int(truthBank[index])]
        }
    }

    // MARK: - Draws

    private func date(_ day: Int) -> LocalDate { dates[day - Self.firstDay] }

    private func timestamp(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400 + 43_200) }

    private mutating func chance(_ share: Double) -> Bool { Double(random.next() >> 11) * 0x1p-53 < share }

    private mutating func uniform(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next(upTo: UInt64(range.count)))
    }

    /// Which of the shares one draw falls in, or nil past them all.
    private mutating func pick(_ shares: [Double]) -> Int? {
        var draw = Double(random.next() >> 11) * 0x1p-53
        for (index, share) in shares.enumerated() {
            if draw < share { return index }
            draw -= share
        }
        return nil
    }

    /// A gateway-style id: the prefix and 24 letters and digits.
    private mutating func token(_ prefix: String) -> String {
        let head = Array(prefix.utf8)
        var bytes = head
        bytes.reserveCapacity(head.count + 24)
        for _ in 0..<24 { bytes.append(Self.alphabet[Int(random.next(upTo: UInt64(Self.alphabet.count)))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A Xero-style GUID.
    private mutating func guid() -> String {
        let high = random.next()
        let low = random.next()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for nibble in 0..<32 {
            if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 { bytes.append(UInt8(ascii: "-")) }
            let word = nibble < 16 ? high : low
            bytes.append(Self.hex[Int((word >> UInt64(60 - 4 * (nibble % 16))) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
