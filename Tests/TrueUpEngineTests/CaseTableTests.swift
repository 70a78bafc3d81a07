import Testing
import TrueUpCore
import TrueUpEngine

/// DESIGN §3's case table, row by row.
@Suite("The three-way case table")
struct CaseTableTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let base: Int64?
        let xero: Int64
        let inFlight: Int64
        let store: Int64
        var policy: InventorySettings.ConcurrentPolicy = .additive
        var initial: InventorySettings.InitialPolicy = .conflict
        let outcome: InventoryOutcome
        var storeTarget: Int64? = nil
        var xeroAdjustment: Int64? = nil
        var reason: ConflictReason? = nil
        var agreed: Int64? = nil

        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "P = S with a base: in sync", base: 10, xero: 10, inFlight: 0, store: 10, outcome: .inSync, agreed: 10
        ),
        Row(
            name: "P = S after sales on both sides: in sync", base: 10, xero: 10, inFlight: 3, store: 7,
            outcome: .inSync, agreed: 7),
        Row(
            name: "P = S on first sight: in sync", base: nil, xero: 4, inFlight: 0, store: 4, outcome: .inSync,
            agreed: 4),
        Row(
            name: "first sight, xero_wins: storefront := P", base: nil, xero: 12, inFlight: 2, store: 7,
            initial: .xeroWins, outcome: .initial, storeTarget: 10, agreed: 10),
        Row(
            name: "first sight, store_wins: Xero adjusted by S − P", base: nil, xero: 12, inFlight: 2, store: 7,
            initial: .storeWins, outcome: .initial, xeroAdjustment: -3, agreed: 7),
        Row(
            name: "first sight, conflict policy: conflict", base: nil, xero: 12, inFlight: 2, store: 7,
            initial: .conflict,
            outcome: .conflict, reason: .initialConflict),
        Row(
            name: "dS = 0: Xero-side movement, push_store", base: 10, xero: 15, inFlight: 0, store: 10,
            outcome: .pushStore, storeTarget: 15, agreed: 15),
        Row(
            name: "dS = 0 with units in flight: storefront := P", base: 10, xero: 25, inFlight: 5, store: 10,
            outcome: .pushStore, storeTarget: 20, agreed: 20),
        Row(
            name: "dX = 0: storefront-side change, push_xero by dS", base: 10, xero: 10, inFlight: 0, store: 6,
            outcome: .pushXero, xeroAdjustment: -4, agreed: 6),
        Row(
            name: "dX = 0 with units in flight: Xero adjusted by dS", base: 8, xero: 10, inFlight: 2, store: 11,
            outcome: .pushXero, xeroAdjustment: 3, agreed: 11),
        Row(
            name: "both moved, additive: T = B + dX + dS", base: 10, xero: 14, inFlight: 0, store: 7,
            outcome: .pushBoth, storeTarget: 11, xeroAdjustment: -3, agreed: 11),
        Row(
            name: "both moved, conflict policy: conflict", base: 10, xero: 14, inFlight: 0, store: 7, policy: .conflict,
            outcome: .conflict, reason: .concurrentChange),
    ]

    @Test(arguments: rows)
    func caseTableRow(_ row: Row) {
        let state = SKUState(
            base: row.base.map { Base(quantity: qty($0), runID: 1) }, xero: qty(row.xero), inFlight: qty(row.inFlight),
            storeOwn: qty(row.store))
        let settings = InventorySettings(policy: row.policy, initialPolicy: row.initial)
        let result = InventoryClassifier.classify(state, settings: settings)
        #expect(result.outcome == row.outcome)
        #expect(result.storeTarget == row.storeTarget.map(qty))
        #expect(result.xeroAdjustment == row.xeroAdjustment.map(qty))
        #expect(result.reason == row.reason)
        if row.outcome != .conflict {
            #expect(result.agreedTarget == row.agreed.map(qty))
        }
        #expect(result.projected == qty(row.xero - row.inFlight))
        if let base = row.base {
            #expect(result.deltaXero == qty(row.xero - row.inFlight - base))
            #expect(result.deltaStore == qty(row.store - base))
        } else {
            #expect(result.deltaXero == nil)
        }
    }

    @Test("The buffer is held back from the storefront and counted back in S")
    func buffer() {
        let settings = InventorySettings(initialPolicy: .xeroWins)
        // Xero gains 10 (a bill): the storefront gets T − buffer.
        let pushed = InventoryClassifier.classify(
            SKUState(
                base: Base(quantity: qty(10), heldBack: qty(2), runID: 1), xero: qty(20), inFlight: .zero,
                storeOwn: qty(8), buffer: qty(2)), settings: settings)
        #expect(pushed.outcome == .pushStore)
        #expect(pushed.store == qty(10))
        #expect(pushed.storeTarget == qty(18))
        #expect(pushed.heldBack == qty(2))
        // A target below the buffer leaves the storefront at zero and holds back all of it.
        let low = InventoryClassifier.classify(
            SKUState(
                base: Base(quantity: qty(10), heldBack: qty(2), runID: 1), xero: qty(1), inFlight: .zero,
                storeOwn: qty(8), buffer: qty(2)), settings: settings)
        #expect(low.storeTarget == qty(0))
        #expect(low.heldBack == qty(1))
        // Agreement with the buffer already applied needs nothing.
        let quiet = InventoryClassifier.classify(
            SKUState(
                base: Base(quantity: qty(10), heldBack: qty(2), runID: 1), xero: qty(10), inFlight: .zero,
                storeOwn: qty(8), buffer: qty(2)), settings: settings)
        #expect(quiet.outcome == .inSync)
        #expect(quiet.storeTarget == nil)
    }

    @Test("A new buffer is applied to the storefront without touching Xero")
    func newBuffer() {
        let result = InventoryClassifier.classify(
            SKUState(
                base: Base(quantity: qty(10), runID: 1), xero: qty(10), inFlight: .zero, storeOwn: qty(10),
                buffer: qty(3)), settings: InventorySettings())
        #expect(result.outcome == .pushStore)
        #expect(result.storeTarget == qty(7))
        #expect(result.xeroAdjustment == nil)
        #expect(result.heldBack == qty(3))
    }

    @Test(
        "Resolutions decide the target and skip the thresholds",
        arguments: [
            (Resolution.takeXero, Int64(14), InventoryOutcome.pushStore, Int64?(14), Int64?.none),
            (Resolution.takeStore, 7, .pushXero, nil, -7),
            (Resolution.set(qty(9)), 9, .pushBoth, 9, -5),
        ])
    func resolutions(resolution: Resolution, target: Int64, outcome: InventoryOutcome, store: Int64?, xero: Int64?) {
        let settings = InventorySettings(policy: .conflict, thresholds: Thresholds(absolute: qty(1)))
        let result = InventoryClassifier.classify(
            SKUState(base: Base(quantity: qty(10), runID: 1), xero: qty(14), inFlight: .zero, storeOwn: qty(7)),
            settings: settings, resolution: resolution)
        #expect(result.outcome == outcome)
        #expect(result.agreedTarget == qty(target))
        #expect(result.storeTarget == store.map(qty))
        #expect(result.xeroAdjustment == xero.map(qty))
    }
}
