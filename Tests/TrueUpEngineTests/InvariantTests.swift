import PropertyBased
import Testing
import TrueUpCore
import TrueUpEngine

/// DESIGN §3's invariants over random (B, X, U, S), including zero, fractional and huge values.
@Suite("Inventory invariants")
struct InvariantTests {
    /// Quantities that matter: zero, small whole numbers, fractions of a unit, and values near the limit.
    static let quantity = zip(
        Gen.int(in: 0...9), Gen.int64(in: -50_000...50_000), Gen.int64(in: 0...Quantity.limit.ticks)
    )
    .map { (kind: Int, small: Int64, large: Int64) -> Quantity in
        switch kind {
        case 0: .zero
        case 1, 2, 3: Quantity(units: small / 100)
        case 4, 5: Quantity(ticks: small)
        case 6: Quantity(ticks: large)
        case 7: Quantity(ticks: -large)
        default: Quantity(units: abs(small) / 10)
        }
    }

    static let settings = zip(Gen.int(in: 0...1), Gen.int(in: 0...2), Gen.int(in: 0...3), Gen.bool)
        .map { (policy: Int, initial: Int, buffer: Int, whole: Bool) -> InventorySettings in
            InventorySettings(
                policy: policy == 0 ? .additive : .conflict,
                initialPolicy: [.xeroWins, .storeWins, .conflict][initial], buffer: Quantity(units: Int64(buffer)),
                thresholds: Thresholds(anomaly: nil), wholeUnits: whole)
        }

    /// Applies a classification's corrections to both sides, as acknowledged writes would.
    static func applied(_ state: SKUState, _ result: Classification) -> SKUState? {
        guard result.outcome != .conflict, let target = result.agreedTarget, let heldBack = result.heldBack else {
            return nil
        }
        var next = state
        next.sharedMovement = .zero
        next.xero = state.xero + (result.xeroAdjustment ?? .zero)
        next.storeOwn = result.storeTarget ?? state.storeOwn
        next.base = Base(quantity: target, heldBack: heldBack, runID: (state.base?.runID ?? 0) + 1)
        return next
    }

    @Test("Applying a plan leaves both sides projecting the agreed quantity; planning again changes nothing")
    func applyThenReplan() async {
        await propertyCheck(
            count: 2_000, input: Self.quantity.optional, Self.quantity, Self.quantity, Self.quantity, Self.settings,
            Self.quantity
        ) { base, xero, inFlight, store, settings, shared in
            let state = SKUState(
                base: base.map { Base(quantity: $0, runID: 1) }, xero: xero, inFlight: inFlight, storeOwn: store,
                buffer: settings.buffer, sharedMovement: shared)
            let result = InventoryClassifier.classify(state, settings: settings)
            guard let next = Self.applied(state, result), let target = result.agreedTarget else { return }
            // Both sides now project T.
            #expect(next.xero - next.inFlight == target)
            #expect(next.storeOwn + (next.base?.heldBack ?? .zero) == target)
            // No correction makes a quantity negative.
            #expect(next.xero >= .zero)
            #expect(next.storeOwn >= .zero)
            #expect(target >= .zero)
            // Planning again on the result gives no corrections.
            let again = InventoryClassifier.classify(next, settings: settings)
            #expect(again.outcome == .inSync)
            #expect(again.storeTarget == nil && again.xeroAdjustment == nil)
        }
    }

    @Test("The outcome depends only on (B, X, U, S, policy, thresholds)")
    func outcomeIsAFunctionOfItsInputs() async throws {
        await propertyCheck(
            count: 500, input: Self.quantity.optional, Self.quantity, Self.quantity, Self.quantity, Self.settings
        ) {
            base, xero, inFlight, store, settings in
            func planned(sku: String, pair: String, runID: Int64) throws -> InventoryRow? {
                let snapshot = InventorySnapshot(
                    items: [Item(code: sku, name: "n", isTracked: true, quantityOnHand: xero)],
                    stock: [StockLevel(sku: sku, source: "s", quantity: store)],
                    orders: inFlight == .zero
                        ? []
                        : [
                            Order(
                                id: "1", number: "1", state: "new", createdAt: epoch, updatedAt: epoch, currency: usd,
                                lines: [OrderLine(sku: sku, quantityOrdered: inFlight)])
                        ])
                let plan = try InventoryEngine.plan(
                    InventoryInput(
                        pair: pair, snapshot: snapshot,
                        bases: base.map { [sku: Base(quantity: $0, runID: runID)] } ?? [:],
                        settings: settings))
                return plan.rows.first
            }
            let one = try planned(sku: "SKU-1", pair: "p1", runID: 1)
            let other = try planned(sku: "другой", pair: "p2", runID: 7)
            #expect(one?.outcome == other?.outcome)
            #expect(one?.conflictReason == other?.conflictReason)
            #expect(one?.storeTarget == other?.storeTarget)
            #expect(one?.xeroAdjustment == other?.xeroAdjustment)
            // And the classification itself is deterministic.
            let state = SKUState(
                base: base.map { Base(quantity: $0, runID: 1) }, xero: xero, inFlight: inFlight, storeOwn: store)
            #expect(
                InventoryClassifier.classify(state, settings: settings)
                    == InventoryClassifier.classify(state, settings: settings))
        }
    }

    @Test("Whole plans: applying every correction and re-planning yields no corrections")
    func wholePlanConverges() async throws {
        await propertyCheck(count: 200, input: Self.quantity.array(of: 1...12), Self.settings) { quantities, settings in
            // Pair up quantities as (X, S) per SKU; every SKU starts from the same agreed base.
            var items: [Item] = []
            var stock: [StockLevel] = []
            var bases: [String: Base] = [:]
            for (offset, quantity) in quantities.enumerated() {
                let sku = "S\(offset)"
                items.append(Item(code: sku, name: sku, isTracked: true, quantityOnHand: quantity.magnitude))
                stock.append(StockLevel(sku: sku, source: "d", quantity: Quantity(units: Int64(offset))))
                if offset % 2 == 0 { bases[sku] = Base(quantity: Quantity(units: 3), runID: 1) }
            }
            let input = InventoryInput(
                pair: "p", snapshot: InventorySnapshot(items: items, stock: stock), bases: bases, settings: settings)
            let first = try InventoryEngine.plan(input)
            // Acknowledge everything: write each side, advance bases of non-conflicting SKUs.
            var next = input
            let conflicting = Set(first.rows.filter { $0.outcome == .conflict }.map(\.sku))
            for correction in first.corrections {
                switch correction.side {
                case .xero:
                    if let index = next.snapshot.items.firstIndex(where: { $0.code == correction.itemCode }) {
                        next.snapshot.items[index].quantityOnHand =
                            (next.snapshot.items[index].quantityOnHand ?? .zero) + correction.quantity
                    }
                case .store:
                    if let index = next.snapshot.stock.firstIndex(where: { $0.sku == correction.sku }) {
                        next.snapshot.stock[index].quantity = correction.quantity
                    }
                }
                next.bases[correction.sku] = Base(
                    quantity: correction.agreedTarget, heldBack: correction.heldBack, runID: 2)
            }
            for update in first.baseUpdates {
                next.bases[update.sku] = Base(quantity: update.quantity, heldBack: update.heldBack, runID: 2)
            }
            let second = try InventoryEngine.plan(next)
            #expect(second.corrections.isEmpty)
            for row in second.rows where !conflicting.contains(row.sku) {
                #expect(row.outcome == .inSync)
            }
        }
    }
}
