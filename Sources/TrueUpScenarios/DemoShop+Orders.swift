import Foundation
import TrueUpCore

struct DemoCustomer: Sendable {
    /// The Magento customer id, which the connector keeps as the Xero contact's `ContactNumber`.
    var id: Int
    var firstName: String
    var lastName: String
    var city: Int

    var name: String { "\(firstName) \(lastName)" }
    var email: String {
        "\(firstName).\(lastName)".lowercased().replacingOccurrences(of: " ", with: "") + "@example.com"
    }
    /// How a bank statement names the payer: `A NGATA`.
    var payer: String { "\(firstName.prefix(1)) \(lastName)".uppercased() }
}

struct DemoLine: Sendable {
    var product: Int
    var quantity: Int64
    /// The row's amount, GST included, in cents.
    var row: Int64
    /// The GST in ``row``.
    var tax: Int64
}

enum DemoMethod: Sendable {
    case card
    case bankTransfer

    var magento: String {
        switch self {
        case .card: "stripe_payments"
        case .bankTransfer: "banktransfer"
        }
    }
}

enum DemoState: String, Sendable {
    case complete
    case processing
    case canceled
}

struct DemoOrder: Sendable {
    var entityID: Int
    var number: String
    var created: Int64
    var customer: Int
    var lines: [DemoLine]
    /// Shipping charged, GST included.
    var shipping: Int64
    var method: DemoMethod
    var state = DemoState.complete
    /// When the money was captured: at checkout for a card, when the transfer arrived otherwise.
    var paid: Int64?
    var shipped: Int64?
    /// Stripe's charge id (`pi_…`), for a card payment.
    var charge: String?
    var cardLast4 = "4242"
    /// When the connector posted the order to Xero, if it has.
    var posted: Int64?
    /// Whether Xero has the order's payment.
    var paidInXero = false
    var invoiceNumber = ""
    /// The Magento invoice (capture) id, when paid.
    var captureID = 0
    var refunds: [Int] = []

    var total: Int64 { lines.reduce(0) { $0 + $1.row } + shipping }
    var shippingTax: Int64 { DemoAmount.gstIn(shipping) }
    var tax: Int64 { lines.reduce(0) { $0 + $1.tax } + shippingTax }
    var units: Int64 { lines.reduce(0) { $0 + $1.quantity } }
}

extension DemoShopModel {
    static let listingDay = DemoClock.date(DemoClock.start).adding(days: 22)

    /// A unique name for each customer, from a shuffled list of first and last names.
    static func makeCustomers(count: Int, random: inout SplitMix64) -> [DemoCustomer] {
        let firsts = DemoCatalogue.firstNames
        let lasts = DemoCatalogue.lastNames
        var pairs = Array(0..<(firsts.count * lasts.count))
        for index in pairs.indices.reversed() where index > 0 {
            pairs.swapAt(index, random.below(index + 1))
        }
        return pairs.prefix(min(count, pairs.count)).enumerated().map { offset, pair in
            DemoCustomer(
                id: 1001 + offset, firstName: firsts[pair / lasts.count], lastName: lasts[pair % lasts.count],
                city: random.below(DemoCatalogue.cities.count))
        }
    }

    /// When each order was placed: evenly over the month's days, mostly in the evening, sorted.
    static func orderTimes(count: Int, random: inout SplitMix64) -> [Int64] {
        let hourWeights = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 6, 5, 5, 5, 5, 7, 8, 9, 8, 5, 3]
        let first = DemoClock.date(DemoClock.start)
        let days = DemoClock.date(DemoClock.asOf).dayNumber - first.dayNumber + 1
        var times: [Int64] = []
        times.reserveCapacity(count)
        while times.count < count {
            var pick = random.below(hourWeights.reduce(0, +))
            var hour = 0
            while pick >= hourWeights[hour] {
                pick -= hourWeights[hour]
                hour += 1
            }
            let time = DemoClock.instant(
                first.adding(days: random.below(days)), hour: hour, minute: random.below(60), second: random.below(60))
            if time < DemoClock.asOf - 600 { times.append(time) }
        }
        return times.sorted()
    }

    /// The orders of the month with their lines and customers, before their roles are given.
    mutating func makeOrders(count: Int, random: inout SplitMix64) {
        let times = Self.orderTimes(count: count, random: &random)
        let giftCard = products.firstIndex { $0.isGiftCard } ?? 0
        let mistyped = products.firstIndex { $0.sku == DemoCatalogue.mistyped } ?? 0
        let listed = DemoClock.instant(Self.listingDay, hour: 9)
        var cumulative: [Int] = []
        var total = 0
        for product in products {
            total += product.weight
            cumulative.append(total)
        }
        for (index, created) in times.enumerated() {
            var picked: [Int] = []
            // 1 line in 45 % of orders, 2 in 30 %, 3 in 15 %, 4 in 10 %.
            let roll = random.below(20)
            let wanted = roll < 9 ? 1 : roll < 15 ? 2 : roll < 18 ? 3 : 4
            var tries = 0
            while picked.count < wanted && tries < 50 {
                tries += 1
                let target = random.below(total)
                var low = 0
                var high = cumulative.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] > target { high = middle } else { low = middle + 1 }
                }
                if low == mistyped && created < listed { continue }
                if !picked.contains(low) { picked.append(low) }
            }
            var lines = picked.map { product in
                let price = products[product].price
                // Anything over $200 sells one at a time; otherwise 1 in 75 %, 2 in 20 %, 3 in 5 %.
                let quantity: Int64 = price > 20_000 ? 1 : Self.quantity(roll: random.below(20))
                return Self.line(product, quantity: quantity, price: price)
            }
            if random.chance(4) {
                lines.append(
                    DemoLine(product: giftCard, quantity: 1, row: products[giftCard].price, tax: 0))
            }
            orders.append(
                DemoOrder(
                    entityID: 4201 + index, number: Self.orderNumber(3201 + index), created: created,
                    customer: random.below(customers.count), lines: lines, shipping: 0, method: .card,
                    cardLast4: String(1000 + random.below(9000))))
        }
    }

    /// Units on a line, from a roll of 0 to 19.
    static func quantity(roll: Int) -> Int64 { roll < 15 ? 1 : roll < 19 ? 2 : 3 }

    static func line(_ product: Int, quantity: Int64, price: Int64) -> DemoLine {
        DemoLine(product: product, quantity: quantity, row: price * quantity, tax: DemoAmount.gstIn(price * quantity))
    }

    static func orderNumber(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// The first order placed on `date` at or after `hour` that no role has taken yet.
    func firstFreeOrder(on date: LocalDate, from hour: Int = 0, taken: Set<Int>) -> Int? {
        let from = DemoClock.instant(date, hour: hour)
        return orders.indices.first { index in
            orders[index].created >= from && DemoClock.date(orders[index].created) == date && !taken.contains(index)
                && orders[index].state != .canceled && orders[index].method == .card
        }
    }

    /// Gives orders their payment method, state and roles, then works out when each was paid,
    /// shipped and posted to Xero.
    mutating func settleOrders(random: inout SplitMix64) {
        let asOfDate = DemoClock.date(DemoClock.asOf)
        let transferCutoff = DemoClock.instant(asOfDate.adding(days: -4), hour: 0)
        let cancelCutoff = DemoClock.instant(asOfDate.adding(days: -3), hour: 0)
        for index in orders.indices {
            if index % 80 == 40 && orders[index].created < transferCutoff {
                orders[index].method = .bankTransfer
            } else if index % 120 == 60 && orders[index].created < cancelCutoff {
                orders[index].state = .canceled
            }
        }
        var taken = Set(orders.indices.filter { orders[$0].method == .bankTransfer })
        let ambiguousDay = asOfDate.adding(days: -9)
        if let index = firstFreeOrder(on: ambiguousDay, from: 8, taken: taken) {
            orders[index].method = .bankTransfer
            ambiguousOrder = index
            taken.insert(index)
        }
        let missingDay = asOfDate.adding(days: -14)
        for _ in 0..<2 {
            guard let index = firstFreeOrder(on: missingDay, taken: taken) else { break }
            missingPayments.append(index)
            taken.insert(index)
        }
        if let index = firstFreeOrder(on: asOfDate.adding(days: -13), taken: taken) {
            refundWithoutNoteOrder = index
            taken.insert(index)
        }
        let mistyped = products.firstIndex { $0.sku == DemoCatalogue.mistyped } ?? 0
        let listedAt = DemoClock.instant(Self.listingDay.adding(days: 1), hour: 12)
        if !orders.contains(where: { $0.lines.contains { $0.product == mistyped } }),
            let index = orders.indices.first(where: {
                orders[$0].created >= listedAt && orders[$0].state != .canceled && !taken.contains($0)
            })
        {
            orders[index].lines[0] = Self.line(mistyped, quantity: 1, price: products[mistyped].price)
        }

        for index in orders.indices {
            var order = orders[index]
            let physical = order.lines.filter { !products[$0.product].isGiftCard }.reduce(Int64(0)) { $0 + $1.row }
            order.shipping = physical > 0 && physical < DemoCatalogue.freeShippingFrom ? DemoCatalogue.shippingFee : 0
            switch (order.state, order.method) {
            case (.canceled, _):
                break
            case (_, .card):
                order.paid = order.created + 20 + Int64(random.below(40))
                order.charge = DemoID.stripe("pi_3Q", count: 22, random: &random)
            case (_, .bankTransfer):
                let next = DemoClock.date(order.created).adding(days: 1)
                order.paid = DemoClock.instant(next, hour: 10, minute: index == ambiguousOrder ? 15 : index % 50)
            }
            if order.state != .canceled {
                let ready = max(order.created, order.paid ?? order.created)
                if order.method == .card && order.created >= DemoClock.lastShipping {
                    order.state = .processing
                } else {
                    order.shipped = min(ready + 7200 + Int64(random.below(10_800)), DemoClock.asOf - 300)
                }
                if order.created < DemoClock.lastPosting { order.posted = Self.postingTime(after: order.created) }
            }
            order.paidInXero = order.posted != nil && !missingPayments.contains(index)
            orders[index] = order
        }
        var invoice = 2000
        for index in orders.indices where orders[index].posted != nil {
            invoice += 1
            orders[index].invoiceNumber = "INV-\(invoice)"
        }
        var capture = 7000
        for index in orders.indices where orders[index].paid != nil {
            capture += 1
            orders[index].captureID = capture
        }
    }

    /// The connector posts to Xero at 12:00 and 23:00 New Zealand time.
    static func postingTime(after time: Int64) -> Int64 {
        let date = DemoClock.date(time)
        let noon = DemoClock.instant(date, hour: 12)
        let night = DemoClock.instant(date, hour: 23)
        if time < noon { return noon }
        if time < night { return night }
        return DemoClock.instant(date.adding(days: 1), hour: 12)
    }

    /// The last time the Magento order changed: placed, paid, shipped or refunded.
    func updated(_ order: DemoOrder) -> Int64 {
        var latest = max(order.created, order.paid ?? 0, order.shipped ?? 0)
        for refund in order.refunds { latest = max(latest, refunds[refund].created) }
        if order.state == .canceled { latest = order.created + 5 * 3600 }
        return latest
    }
}
