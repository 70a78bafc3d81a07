import Testing
import TrueUpCore
import TrueUpEngine

/// Every guard of DESIGN §3 turns an action into a conflict with its reason.
@Suite("Guards")
struct GuardTests {
    func classify(
        base: Int64? = 10, xero: Int64, inFlight: Int64 = 0, store: String, buffer: Int64 = 0,
        settings: InventorySettings = InventorySettings(initialPolicy: .xeroWins), history: [Int64] = [],
        resolution: Resolution? = nil
    ) -> Classification {
        InventoryClassifier.classify(
            SKUState(
                base: base.map { Base(quantity: qty($0), runID: 1) }, xero: qty(xero), inFlight: qty(inFlight),
                storeOwn: qty(store), buffer: qty(buffer)),
            settings: settings, history: history.map(qty), resolution: resolution)
    }

    @Test("A target below zero")
    func negativeTarget() {
        // Base 5; Xero lost 3 (dX = −3) and the shop lost 4 (dS = −4): T = 5 − 3 − 4 = −2.
        let result = classify(base: 5, xero: 2, store: "1")
        #expect(result.outcome == .conflict)
        #expect(result.reason == .negativeTarget)
        #expect(result.storeTarget == nil && result.xeroAdjustment == nil)
    }

    @Test("A projected quantity below zero pushed to the storefront")
    func negativeProjection() {
        // More units in flight than Xero holds: P = 2 − 5 = −3.
        let result = classify(base: 4, xero: 2, inFlight: 5, store: "4")
        #expect(result.reason == .negativeTarget)
    }

    @Test("A Xero decrease larger than the quantity on hand")
    func xeroBelowZero() {
        // X + (T − P) = T + U, so with T ≥ 0 Xero can only be taken below zero while U < 0:
        // restocked refunds the storefront counted back but Xero has no credit note for yet.
        // X = 3, U = −2 → P = 5; the shop is down to 0 → T = 0 needs −5 with 3 on hand.
        let refused = classify(base: 5, xero: 3, inFlight: -2, store: "0")
        #expect(refused.outcome == .conflict)
        #expect(refused.reason == .xeroBelowZero)
        #expect(refused.note?.contains("with 3 on hand") == true)
        // The same decrease fits once the credit note is posted (U = 0, X = 5).
        let fits = classify(base: 5, xero: 5, inFlight: 0, store: "0")
        #expect(fits.outcome == .pushXero)
        #expect(fits.xeroAdjustment == qty(-5))
    }

    @Test("Absolute threshold, on either side")
    func absoluteThreshold() {
        let settings = InventorySettings(thresholds: Thresholds(absolute: qty(50)))
        #expect(classify(xero: 10, store: "80", settings: settings).reason == .absoluteThreshold)
        #expect(classify(xero: 70, store: "10", settings: settings).reason == .absoluteThreshold)
        #expect(classify(xero: 10, store: "60", settings: settings).outcome == .pushXero)
    }

    @Test("Relative threshold against the side's current quantity")
    func relativeThreshold() throws {
        let settings = InventorySettings(thresholds: Thresholds(relative: try Ratio(parsing: "50%")))
        // The shop drops from 10 to 4: Xero (10 on hand) would lose 6, 60 % of it.
        #expect(classify(xero: 10, store: "4", settings: settings).reason == .relativeThreshold)
        // Losing 5 is exactly 50 %: allowed.
        #expect(classify(xero: 10, store: "5", settings: settings).outcome == .pushXero)
        // From zero on hand the relative guard does not apply.
        #expect(classify(base: 0, xero: 0, store: "7", settings: settings).outcome == .pushXero)
    }

    @Test("Anomaly by MAD once the SKU has history")
    func anomaly() {
        let settings = InventorySettings(thresholds: Thresholds(anomaly: AnomalyRule(minimumHistory: 5)))
        let history: [Int64] = [-2, -3, -1, -2, -4, -2, -3]
        #expect(classify(xero: 10, store: "9", settings: settings, history: history).outcome == .pushXero)
        let spike = classify(xero: 10, store: "400", settings: settings, history: history)
        #expect(spike.outcome == .conflict)
        #expect(spike.reason == .anomaly)
        #expect(spike.note?.contains("median -2") == true)
        // Too little history: no judgement.
        #expect(classify(xero: 10, store: "400", settings: settings, history: [-2, -3]).outcome == .pushXero)
        // Off.
        let off = InventorySettings(thresholds: Thresholds(anomaly: nil))
        #expect(classify(xero: 10, store: "400", settings: off, history: history).outcome == .pushXero)
    }

    @Test("A fractional storefront target on a whole-unit platform")
    func fractional() {
        let result = classify(xero: 12, inFlight: 0, store: "10", settings: InventorySettings())
        #expect(result.outcome == .pushStore)
        let fractional = InventoryClassifier.classify(
            SKUState(base: Base(quantity: qty(10), runID: 1), xero: qty("12.5"), inFlight: .zero, storeOwn: qty(10)),
            settings: InventorySettings())
        #expect(fractional.reason == .fractionalQuantity)
        var decimalShop = InventorySettings()
        decimalShop.wholeUnits = false
        let allowed = InventoryClassifier.classify(
            SKUState(base: Base(quantity: qty(10), runID: 1), xero: qty("12.5"), inFlight: .zero, storeOwn: qty(10)),
            settings: decimalShop)
        #expect(allowed.storeTarget == qty("12.5"))
    }

    @Test("Negative quantities on either side")
    func negativeQuantities() {
        #expect(classify(xero: -1, store: "3").reason == .negativeQuantity)
        #expect(classify(xero: 3, store: "-1").reason == .negativeQuantity)
    }

    @Test("Values whose sums overflow are conflicts, not crashes")
    func overflow() {
        let huge = Quantity(ticks: .max - 5)
        let result = InventoryClassifier.classify(
            SKUState(base: Base(quantity: huge, heldBack: huge, runID: 1), xero: huge, inFlight: -huge, storeOwn: huge),
            settings: InventorySettings())
        #expect(result.reason == .outOfRange)
    }

    @Test("Hard guards hold against a person's resolution")
    func hardGuardsBeatResolutions() {
        #expect(classify(xero: 3, store: "3", resolution: .set(qty(-1))).reason == .negativeTarget)
        let soft = InventorySettings(thresholds: Thresholds(absolute: qty(1)))
        #expect(classify(xero: 3, store: "30", settings: soft, resolution: .takeStore).outcome == .pushXero)
    }
}
