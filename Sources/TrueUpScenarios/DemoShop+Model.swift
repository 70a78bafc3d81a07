import TrueUpCore

/// A bill in Xero: a supplier's invoice whose tracked item lines raised Xero's stock.
struct DemoBill: Sendable {
    var number: String
    var supplier: Int
    var date: LocalDate
    /// When it was entered in Xero.
    var entered: Int64
    var lines: [(product: Int, units: Int64)]
}

/// One SKU's stock as the run will see it (DESIGN §3), in units.
struct DemoStock: Sendable {
    /// S: the shop's source quantity now.
    var store: Int64 = 0
    /// U: units on shipped orders Xero has no posted invoice for.
    var inFlight: Int64 = 0
    /// c: units shipped on orders placed since the base was agreed, as a negative number.
    var sinceBase: Int64 = 0
    /// X: Xero's quantity on hand now.
    var xero: Int64 = 0
    /// B: the agreed base.
    var base: Int64 = 0
}

/// The whole demo month, built once from the seed: the catalogue, customers, orders and their
/// captures, refunds, payouts, bills, each SKU's stock on both sides, and the bank statement.
struct DemoShopModel: Sendable {
    let seed: UInt64
    var products: [DemoProduct] = []
    var customers: [DemoCustomer] = []
    var orders: [DemoOrder] = []
    var refunds: [DemoRefund] = []
    var payouts: [DemoPayout] = []
    var bills: [DemoBill] = []
    var stock: [DemoStock] = []
    var bank: [DemoBankLine] = []

    // The orders and records that carry the deliberate payment problems.
    /// Paid by bank transfer twice, without a reference.
    var ambiguousOrder = -1
    /// Paid by card and posted, with no payment in Xero.
    var missingPayments: [Int] = []
    /// Refunded with no credit note in Xero.
    var refundWithoutNoteOrder = -1
    /// How many units of the mistyped SKU the shop listed.
    var mistypedListed: Int64 = 0

    init(seed: UInt64, skus: Int, orders count: Int) {
        self.seed = seed
        var catalogue = SplitMix64(seed: seed ^ 0x0C47_A106)
        products = DemoCatalogue.products(count: skus, random: &catalogue)
        var people = SplitMix64(seed: seed ^ 0xC057_0AE5)
        customers = Self.makeCustomers(count: max(30, count * 3 / 4), random: &people)
        var shopping = SplitMix64(seed: seed ^ 0x0DE5_0001)
        makeOrders(count: count, random: &shopping)
        var fulfilment = SplitMix64(seed: seed ^ 0xF011_F111)
        settleOrders(random: &fulfilment)
        var returns = SplitMix64(seed: seed ^ 0x2EF0_4D5)
        makeRefunds(random: &returns)
        var stripe = SplitMix64(seed: seed ^ 0x5721_BE)
        makePayouts(random: &stripe)
        var purchasing = SplitMix64(seed: seed ^ 0xB111_5)
        makeBills(random: &purchasing)
        var shelves = SplitMix64(seed: seed ^ 0x5700_CC)
        makeStock(random: &shelves)
        makeStatement()
    }

    var asOfDate: LocalDate { DemoClock.date(DemoClock.asOf) }

    func product(sku: String) -> Int? { products.firstIndex { $0.sku == sku } }

    /// Bills over the month: three restocks before the base was agreed (already in it), and the
    /// two new ones of ``DemoCatalogue/newBills`` entered on the morning of the run's day.
    mutating func makeBills(random: inout SplitMix64) {
        func number(_ supplier: Int) -> String {
            DemoCatalogue.suppliers[supplier].billPrefix + String(20_000 + random.below(9000))
        }
        let first = DemoClock.date(DemoClock.start)
        for (day, supplier) in [(2, 2), (12, 3), (22, 6)] {
            let date = first.adding(days: day)
            let candidates = products.indices.filter {
                products[$0].supplier == supplier && products[$0].xeroCode != nil && !products[$0].isGiftCard
                    && !DemoCatalogue.specialSKUs.contains(products[$0].sku)
            }
            var lines: [(product: Int, units: Int64)] = []
            for candidate in candidates where lines.count < 8 && random.chance(40) {
                lines.append((candidate, Int64(6 + 2 * random.below(4))))
            }
            guard !lines.isEmpty else { continue }
            bills.append(
                DemoBill(
                    number: number(supplier), supplier: supplier, date: date,
                    entered: DemoClock.instant(date, hour: 14, minute: random.below(60)), lines: lines))
        }
        for (offset, supplier) in [1, 0].enumerated() {
            let lines = DemoCatalogue.newBills.filter { $0.supplier == supplier }.compactMap { entry in
                product(sku: entry.sku).map { (product: $0, units: entry.units) }
            }
            guard !lines.isEmpty else { continue }
            bills.append(
                DemoBill(
                    number: number(supplier), supplier: supplier, date: asOfDate,
                    entered: DemoClock.instant(asOfDate, hour: 9, minute: 30 + 25 * offset), lines: lines))
        }
    }

    /// Each SKU's stock. The shop's quantity is drawn; U and c are worked out from the orders as
    /// DESIGN §3 defines them; then Xero's quantity and the base follow, so that every SKU the
    /// deliberate problems leave alone has P = S, and the others differ by exactly their bill and
    /// stocktake.
    mutating func makeStock(random: inout SplitMix64) {
        stock = Array(repeating: DemoStock(), count: products.count)
        for order in orders {
            let posted = order.posted != nil
            for line in order.lines {
                let shipped = order.shipped == nil ? 0 : line.quantity
                let sold = order.state == .canceled ? 0 : line.quantity
                stock[line.product].inFlight += posted ? shipped - sold : shipped
                if order.created > DemoClock.agreedAt { stock[line.product].sinceBase -= shipped }
            }
        }
        var shipped = Array(repeating: Int64(0), count: products.count)
        for order in orders where order.shipped != nil {
            for line in order.lines { shipped[line.product] += line.quantity }
        }
        let stocktake = Dictionary(uniqueKeysWithValues: DemoCatalogue.stocktake.map { ($0.sku, $0.units) })
        var billed: [String: Int64] = [:]
        for entry in DemoCatalogue.newBills { billed[entry.sku, default: 0] += entry.units }
        for index in products.indices {
            let product = products[index]
            var shelf = Int64(random.below(4 + product.weight)) + (product.weight >= 16 ? 6 : 0)
            if random.chance(8) { shelf = 0 }
            if product.isGiftCard {
                stock[index].store = max(0, DemoCatalogue.giftCardsPrinted - shipped[index])
                continue
            }
            if product.sku == DemoCatalogue.mistyped {
                mistypedListed = shipped[index] + 3 + Int64(random.below(4))
                stock[index].store = mistypedListed - shipped[index]
                continue
            }
            let counted = stocktake[product.sku] ?? 0
            if counted != 0 { shelf = max(shelf, 4) + Int64(random.below(8)) }
            // Stock was running low when the new bills' goods arrived.
            if billed[product.sku] != nil { shelf = 1 + Int64(random.below(5)) }
            var entry = stock[index]
            entry.store = shelf
            entry.xero = shelf + entry.inFlight + (billed[product.sku] ?? 0) - counted
            entry.base = shelf - counted - entry.sinceBase
            stock[index] = entry
        }
    }
}
