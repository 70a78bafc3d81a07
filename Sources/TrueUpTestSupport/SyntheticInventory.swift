import Foundation
public import TrueUpCore
public import TrueUpEngine

/// A seeded inventory of any size whose correct outcome is known for every SKU: the same seed
/// gives the same data, for tests and benchmarks alike.
public struct SyntheticInventory: Sendable {
    public var snapshot: InventorySnapshot
    public var bases: [String: Base]
    /// The outcome the engine must give each SKU.
    public var truth: [String: InventoryOutcome]
    public var settings: InventorySettings

    /// - Parameters:
    ///   - skus: how many storefront SKUs.
    ///   - seed: the generator's seed.
    public init(skus: Int, seed: UInt64 = 42) {
        var random = SplitMix64(seed: seed)
        settings = InventorySettings(policy: .additive, initialPolicy: .xeroWins, thresholds: Thresholds(anomaly: nil))
        var items: [Item] = []
        var stock: [StockLevel] = []
        var orders: [Order] = []
        var invoices: [Invoice] = []
        var bases: [String: Base] = [:]
        var truth: [String: InventoryOutcome] = [:]
        items.reserveCapacity(skus)
        stock.reserveCapacity(skus)
        bases.reserveCapacity(skus)
        truth.reserveCapacity(skus)
        let currency = (try? Currency(code: "NZD")) ?? { fatalError("NZD is ISO 4217") }()
        let start = Date(timeIntervalSince1970: 1_763_596_800)
        for index in 0..<skus {
            let sku = "SKU-\(index)"
            let base = Int64(random.next(upTo: 500) + 20)
            var xero = base
            var store = base
            var inFlight: Int64 = 0
            var hasBase = true
            var tracked = true
            var mapped = true
            let outcome: InventoryOutcome
            switch random.next(upTo: 100) {
            case 0..<70:
                // Sales on both sides, some not yet posted.
                let sold = Int64(random.next(upTo: 10))
                let unposted = Int64(random.next(upTo: UInt64(sold) + 1))
                store -= sold
                xero -= sold - unposted
                inFlight = unposted
                outcome = .inSync
            case 70..<78:
                xero += Int64(random.next(upTo: 50) + 1)
                outcome = .pushStore
            case 78..<86:
                store -= Int64(random.next(upTo: 15) + 1)
                outcome = .pushXero
            case 86..<91:
                xero += Int64(random.next(upTo: 40) + 1)
                store -= Int64(random.next(upTo: 15) + 1)
                outcome = .pushBoth
            case 91..<96:
                hasBase = false
                xero += Int64(random.next(upTo: 9) + 1)
                outcome = .initial
            case 96..<98:
                mapped = false
                outcome = .conflict
            case 98..<99:
                tracked = false
                outcome = .untracked
            default:
                // Sold out on both sides.
                xero = 0
                store = 0
                outcome = .inSync
            }
            if mapped {
                items.append(
                    Item(
                        code: sku, name: sku, isTracked: tracked, quantityOnHand: tracked ? Quantity(units: xero) : nil)
                )
            } else {
                items.append(
                    Item(code: "XERO-\(index)", name: sku, isTracked: true, quantityOnHand: Quantity(units: xero)))
            }
            stock.append(StockLevel(sku: sku, source: "default", quantity: Quantity(units: store)))
            if hasBase { bases[sku] = Base(quantity: Quantity(units: base), runID: 1) }
            if inFlight > 0 {
                let number = String(format: "%09d", orders.count + 1)
                orders.append(
                    Order(
                        id: "\(orders.count + 1)", number: number, state: "processing", createdAt: start,
                        updatedAt: start,
                        currency: currency, lines: [OrderLine(sku: sku, quantityOrdered: Quantity(units: inFlight))]))
                if random.next(upTo: 4) == 0 {
                    invoices.append(
                        Invoice(
                            id: "inv-\(number)", number: nil, kind: .accrec, status: .draft, reference: number,
                            date: nil,
                            currency: currency, lines: []))
                }
            }
            truth[sku] = outcome
        }
        snapshot = InventorySnapshot(items: items, stock: stock, orders: orders, invoices: invoices)
        self.bases = bases
        self.truth = truth
    }

    public var input: InventoryInput {
        InventoryInput(pair: "synthetic", snapshot: snapshot, bases: bases, settings: settings)
    }
}
