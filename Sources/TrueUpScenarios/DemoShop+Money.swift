import TrueUpCore

/// A credit memo: money given back to a card, for one unit of a line or as goodwill.
struct DemoRefund: Sendable {
    var entityID: Int
    var number: String
    var order: Int
    var created: Int64
    /// GST included, in cents.
    var amount: Int64
    /// The order line one unit of which went back, or `nil` for a goodwill amount.
    var line: Int?
    /// Stripe's refund id (`re_…`).
    var stripeID: String
    /// The Xero credit note's number; `nil` when Xero has none.
    var creditNote: String?
}

/// A Stripe payout: the week's charges less their fees and less the week's refunds.
struct DemoPayout: Sendable {
    struct Line: Sendable {
        var order: Int
        var refund: Int?
        var gross: Int64
        var fee: Int64
    }

    var id: String
    var date: LocalDate
    var lines: [Line]
    /// Whether the bank line carries the payout id.
    var bankReference: Bool
    /// Whether the bookkeeper has spent the fees (and moved the payout to the bank) in Xero.
    var inXero: Bool

    var fees: Int64 { lines.reduce(0) { $0 + $1.fee } }
    var net: Int64 { lines.reduce(0) { $0 + $1.gross - $1.fee } }
    var bankDate: LocalDate { date.adding(days: 1) }
}

/// A line of the business account's statement.
struct DemoBankLine: Sendable {
    var date: LocalDate
    var id = ""
    var type: String
    var payee: String
    var particulars: String
    var code: String
    var reference: String
    /// Positive for money in.
    var amount: Int64
}

extension DemoShopModel {
    /// About one order in thirty is partly refunded two to five days after it was placed: one
    /// unit of its dearest line, or a goodwill amount. One refund never reaches Xero.
    mutating func makeRefunds(random: inout SplitMix64) {
        let count = max(3, orders.count / 30)
        let roles = Set(missingPayments + [ambiguousOrder, refundWithoutNoteOrder])
        let latest = DemoClock.lastPosting - 3600
        let span = latest - 3 * DemoClock.day - DemoClock.start
        var made: [(order: Int, created: Int64, line: Int?, amount: Int64)] = []
        var chosen = Set<Int>()
        for slot in 0..<(count - 1) {
            let target = DemoClock.start + DemoClock.day + Int64(2 * slot + 1) * span / Int64(2 * (count - 1))
            guard
                let index = orders.indices.first(where: {
                    orders[$0].created >= target && orders[$0].state == .complete && orders[$0].method == .card
                        && !roles.contains($0) && !chosen.contains($0)
                })
            else { continue }
            chosen.insert(index)
            let created = min(
                orders[index].created + Int64(2 + random.below(4)) * DemoClock.day + Int64(random.below(8 * 3600)),
                latest - Int64(random.below(7200)))
            if slot % 2 == 0 {
                let line = dearestLine(of: orders[index])
                made.append((index, created, line, products[orders[index].lines[line].product].price))
            } else {
                let amount = min([1000, 1500, 2000, 2500][slot / 2 % 4], orders[index].total / 2)
                made.append((index, created, nil, amount))
            }
        }
        if refundWithoutNoteOrder >= 0 {
            let order = orders[refundWithoutNoteOrder]
            let line = dearestLine(of: order)
            let created = DemoClock.instant(DemoClock.date(order.created).adding(days: 3), hour: 10, minute: 30)
            made.append((refundWithoutNoteOrder, created, line, products[order.lines[line].product].price))
        }
        made.sort { ($0.created, $0.order) < ($1.created, $1.order) }
        var note = 300
        for (offset, entry) in made.enumerated() {
            var creditNote: String?
            if entry.order != refundWithoutNoteOrder {
                note += 1
                creditNote = "CN-0\(note)"
            }
            orders[entry.order].refunds.append(refunds.count)
            refunds.append(
                DemoRefund(
                    entityID: 301 + offset, number: Self.orderNumber(401 + offset), order: entry.order,
                    created: entry.created, amount: entry.amount, line: entry.line,
                    stripeID: DemoID.stripe("re_3Q", count: 22, random: &random), creditNote: creditNote))
        }
    }

    private func dearestLine(of order: DemoOrder) -> Int {
        var best = 0
        for (index, line) in order.lines.enumerated()
        where !products[line.product].isGiftCard
            && products[line.product].price > products[order.lines[best].product].price
        {
            best = index
        }
        return best
    }

    /// Stripe pays out every Wednesday the charges and refunds of the week to the Sunday before,
    /// into the bank the next day. The charges of the last few days wait for next week's payout.
    /// The first payout's bank line has no reference; the last payout is not yet in Xero.
    mutating func makePayouts(random: inout SplitMix64) {
        let first = DemoClock.date(DemoClock.start)
        var dates: [LocalDate] = []
        var date = asOfDate.adding(days: -2)
        while date.adding(days: -3) >= first {
            dates.insert(date, at: 0)
            date = date.adding(days: -7)
        }
        for (offset, date) in dates.enumerated() {
            let from = date.adding(days: -9)
            let through = date.adding(days: -3)
            var entries: [(time: Int64, line: DemoPayout.Line)] = []
            for (index, order) in orders.enumerated() where order.method == .card {
                guard let paid = order.paid, DemoClock.date(paid) >= from, DemoClock.date(paid) <= through else {
                    continue
                }
                entries.append(
                    (paid, .init(order: index, refund: nil, gross: order.total, fee: DemoAmount.stripeFee(order.total)))
                )
            }
            for (index, refund) in refunds.enumerated()
            where DemoClock.date(refund.created) >= from && DemoClock.date(refund.created) <= through {
                entries.append(
                    (refund.created, .init(order: refund.order, refund: index, gross: -refund.amount, fee: 0)))
            }
            entries.sort {
                ($0.time, $0.line.order, $0.line.refund ?? -1) < ($1.time, $1.line.order, $1.line.refund ?? -1)
            }
            payouts.append(
                DemoPayout(
                    id: DemoID.stripe("po_1Q", count: 22, random: &random), date: date, lines: entries.map(\.line),
                    bankReference: offset > 0, inXero: offset < dates.count - 1))
        }
    }

    /// The business account's statement for the month: the payouts, customers' bank transfers
    /// (with the order number as their reference, but for one customer who paid twice without
    /// one), one credit nobody can explain, and the shop's own bills.
    mutating func makeStatement() {
        var lines: [DemoBankLine] = []
        for payout in payouts {
            lines.append(
                DemoBankLine(
                    date: payout.bankDate, type: "D/C", payee: "STRIPE PAYMENTS", particulars: "STRIPE",
                    code: "PAYOUT", reference: payout.bankReference ? payout.id : "", amount: payout.net))
        }
        for (index, order) in orders.enumerated() where order.method == .bankTransfer {
            guard let paid = order.paid else { continue }
            let payer = customers[order.customer].payer
            if index == ambiguousOrder {
                for _ in 0..<2 {
                    lines.append(
                        DemoBankLine(
                            date: DemoClock.date(paid), type: "D/C", payee: payer, particulars: "", code: "",
                            reference: "", amount: order.total))
                }
            } else {
                lines.append(
                    DemoBankLine(
                        date: DemoClock.date(paid), type: "D/C", payee: payer, particulars: "HARBOURLANE", code: "",
                        reference: order.number, amount: order.total))
            }
        }
        lines.append(
            DemoBankLine(
                date: asOfDate.adding(days: -14), type: "D/C", payee: "K PARATA", particulars: "GIFT", code: "VOUCHERS",
                reference: "", amount: 18_000))
        let first = DemoClock.date(DemoClock.start)
        let expenses: [(Int, String, String, Int64)] = [
            (3, "NZ POST", "POSTAGE", -18_640), (5, "XERO LIMITED", "SUBSCRIPTION", -9_500),
            (11, "DEVONPORT PROPERTY LTD", "RENT NOV", -345_000), (13, "GENESIS ENERGY", "POWER", -21_240),
            (19, "NZ POST", "POSTAGE", -21_575), (22, "SPARK NZ", "BROADBAND", -11_999),
        ]
        // The shop's own payments go out before the last week, whose refunds still wait for their
        // bank leg: none of them could be mistaken for a refund paid back.
        for (day, payee, particulars, amount) in expenses where first.adding(days: day) < asOfDate.adding(days: -6) {
            lines.append(
                DemoBankLine(
                    date: first.adding(days: day), type: "A/P", payee: payee, particulars: particulars, code: "",
                    reference: "HARBOUR LANE", amount: amount))
        }
        lines = lines.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        var perDay: [LocalDate: Int] = [:]
        for index in lines.indices {
            let date = lines[index].date
            perDay[date, default: 0] += 1
            let sequence = perDay[date] ?? 1
            lines[index].id =
                "\(date.year)\(date.month < 10 ? "0" : "")\(date.month)\(date.day < 10 ? "0" : "")\(date.day)"
                + (sequence < 10 ? "0" : "") + String(sequence)
        }
        bank = lines
    }
}
