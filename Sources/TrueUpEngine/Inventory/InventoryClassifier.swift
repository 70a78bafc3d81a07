public import TrueUpCore

/// The figures one SKU is judged on: DESIGN §3's B, X, U and the storefront's own quantity.
public struct SKUState: Sendable, Hashable {
    public var base: Base?
    /// X: Xero `QuantityOnHand`.
    public var xero: Quantity
    /// U: units in flight.
    public var inFlight: Quantity
    /// The storefront's own quantity: the sum of the pair's mapped sources, without the buffer.
    public var storeOwn: Quantity
    /// Units to hold back from the storefront.
    public var buffer: Quantity
    /// c: the movement both sides share since the base — units sold on orders placed since then
    /// (negative) and units restocked by refunds since then — which lowered (or raised) P and S
    /// alike and so is no side's own change. Zero in posting mode `none`, where sales reach Xero
    /// only as adjustments.
    public var sharedMovement: Quantity

    public init(
        base: Base?, xero: Quantity, inFlight: Quantity, storeOwn: Quantity, buffer: Quantity = .zero,
        sharedMovement: Quantity = .zero
    ) {
        self.base = base
        self.xero = xero
        self.inFlight = inFlight
        self.storeOwn = storeOwn
        self.buffer = buffer
        self.sharedMovement = sharedMovement
    }
}

/// The decision for one SKU.
public struct Classification: Sendable, Hashable {
    public var outcome: InventoryOutcome
    public var reason: ConflictReason?
    /// Why, in one sentence, for conflicts and resolutions.
    public var note: String?
    /// S: the storefront's quantity plus what the buffer held back.
    public var store: Quantity?
    /// P = X − U.
    public var projected: Quantity?
    public var deltaXero: Quantity?
    public var deltaStore: Quantity?
    /// T: the quantity both sides hold once the corrections are acknowledged.
    public var agreedTarget: Quantity?
    /// The storefront's new quantity, when it changes.
    public var storeTarget: Quantity?
    /// The change to Xero's quantity on hand, when it changes.
    public var xeroAdjustment: Quantity?
    /// T − the storefront's quantity at T: what the buffer holds back once agreed.
    public var heldBack: Quantity?
    /// What a conflict's corrections would have been, for the person deciding.
    public var proposedStoreTarget: Quantity?
    public var proposedXeroAdjustment: Quantity?

    /// The base to store once every correction is acknowledged (immediately when there are none).
    public func baseUpdate(sku: String) -> BaseUpdate? {
        guard outcome != .conflict, let agreedTarget, let heldBack else { return nil }
        return BaseUpdate(sku: sku, quantity: agreedTarget, heldBack: heldBack)
    }
}

/// DESIGN §3 for one SKU: the case table, the buffer, and every guard. A pure function of
/// (B, X, U, S, the movement shared since B, buffer, settings, history, resolution).
///
/// The case table asks which side moved *unexplained*. Sales since the base lower P and S
/// alike, so they are taken out of dX and dS first: uX = dX − c, uS = dS − c. Without this a
/// SKU that sold 2 and received a bill of 5 would look like a concurrent change and be set to
/// B + dX + dS, two units short.
public enum InventoryClassifier {
    public static func classify(
        _ state: SKUState, settings: InventorySettings, history: [Quantity] = [], resolution: Resolution? = nil
    ) -> Classification {
        var result = Classification(outcome: .conflict)
        let heldBack = state.base?.heldBack ?? .zero
        guard let store = state.storeOwn.adding(heldBack), let projected = state.xero.subtracting(state.inFlight) else {
            return conflict(result, .outOfRange, "the quantities are too large to reconcile safely")
        }
        result.store = store
        result.projected = projected
        let base = state.base?.quantity
        if let base {
            guard let deltaXero = projected.subtracting(base), let deltaStore = store.subtracting(base) else {
                return conflict(result, .outOfRange, "the quantities are too large to reconcile safely")
            }
            result.deltaXero = deltaXero
            result.deltaStore = deltaStore
        }
        guard state.xero >= .zero else {
            return conflict(
                result, .negativeQuantity, "Xero shows QuantityOnHand \(state.xero), which it should never allow")
        }
        guard state.storeOwn >= .zero else {
            return conflict(
                result, .negativeQuantity, "the storefront shows \(state.storeOwn) across the pair's sources")
        }
        guard state.buffer >= .zero else {
            return conflict(result, .negativeQuantity, "the configured buffer \(state.buffer) is negative")
        }

        // The case table: which quantity both sides should hold.
        let target: Quantity
        var outcome: InventoryOutcome
        if let resolution {
            switch resolution {
            case .takeXero: target = projected
            case .takeStore: target = store
            case .set(let quantity): target = quantity
            case .map, .ignore: return classify(state, settings: settings, history: history, resolution: nil)
            }
            outcome = .inSync  // settled below by which sides change
        } else if projected == store {
            target = projected
            outcome = .inSync
        } else if let base, let deltaXero = result.deltaXero, let deltaStore = result.deltaStore {
            let shared = state.sharedMovement
            guard let ownXero = deltaXero.subtracting(shared), let ownStore = deltaStore.subtracting(shared) else {
                return conflict(result, .outOfRange, "the quantities are too large to reconcile safely")
            }
            if shared != .zero {
                result.note = "\(signed(shared)) since the agreed \(base) on orders and refunds, on both sides"
            }
            if ownStore == .zero {
                target = projected
                outcome = .pushStore
            } else if ownXero == .zero {
                target = store
                outcome = .pushXero
            } else {
                guard settings.policy == .additive else {
                    return conflict(
                        result, .concurrentChange,
                        "both sides moved since the agreed \(base): Xero by \(signed(ownXero)), the storefront by \(signed(ownStore)) (policy conflict)"
                    )
                }
                // T = B + c + uX + uS = B + dX + dS − c
                guard let sum = base.adding(shared).flatMap({ $0.adding(ownXero) }).flatMap({ $0.adding(ownStore) })
                else {
                    return conflict(result, .outOfRange, "the quantities are too large to reconcile safely")
                }
                target = sum
                outcome = .pushBoth
            }
        } else {
            switch settings.initialPolicy {
            case .xeroWins: target = projected
            case .storeWins: target = store
            case .conflict:
                return conflict(
                    result, .initialConflict,
                    "first sight: Xero projects \(projected), the storefront has \(store) (initial policy conflict)")
            }
            outcome = .initial
        }

        // What each side must do to hold the target.
        guard let targetLessBuffer = target.subtracting(state.buffer), let adjustment = target.subtracting(projected)
        else {
            return conflict(result, .outOfRange, "the quantities are too large to reconcile safely")
        }
        let storeTarget = max(.zero, targetLessBuffer)
        let storeChanges = storeTarget != state.storeOwn
        let xeroChanges = adjustment != .zero
        result.agreedTarget = target
        result.proposedStoreTarget = storeChanges ? storeTarget : nil
        result.proposedXeroAdjustment = xeroChanges ? adjustment : nil
        if resolution != nil {
            outcome =
                switch (xeroChanges, storeChanges) {
                case (true, true): .pushBoth
                case (true, false): .pushXero
                case (false, true): .pushStore
                case (false, false): .inSync
                }
            result.note = "resolved by a person: \(resolution?.description ?? "")"
        } else if outcome == .inSync, storeChanges {
            // The sides agree, but the storefront does not show the buffer the pair holds back now.
            outcome = .pushStore
            result.note = "the storefront is set to hold back a buffer of \(state.buffer)"
        }

        // Guards that no decision can override.
        if target < .zero {
            return conflict(result, .negativeTarget, "the agreed quantity would be \(target), below zero")
        }
        if xeroChanges, state.xero.adding(adjustment).map({ $0 < .zero }) ?? true {
            return conflict(
                result, .xeroBelowZero,
                "Xero would go below zero: an adjustment of \(adjustment) with \(state.xero) on hand")
        }
        if storeChanges, settings.wholeUnits, !storeTarget.isWhole {
            return conflict(
                result, .fractionalQuantity, "the storefront stores whole units, but its target would be \(storeTarget)"
            )
        }

        // Guards a person's resolution overrides.
        if resolution == nil {
            let changes = [
                xeroChanges ? (change: adjustment, current: state.xero) : nil,
                storeChanges ? (change: storeTarget - state.storeOwn, current: state.storeOwn) : nil,
            ].compactMap { $0 }
            for (change, current) in changes {
                if let limit = settings.thresholds.absolute, change.magnitude > limit {
                    return conflict(
                        result, .absoluteThreshold,
                        "a change of \(signed(change)) exceeds the absolute threshold of \(limit)")
                }
                if let ratio = settings.thresholds.relative, current > .zero,
                    Int128(change.magnitude.ticks) * 10_000 > Int128(ratio.tenThousandths) * Int128(current.ticks)
                {
                    return conflict(
                        result, .relativeThreshold,
                        "a change of \(signed(change)) is more than \(ratio) of the \(current) on hand")
                }
                if let rule = settings.thresholds.anomaly,
                    let finding = AnomalyDetector.assess(change: change, history: history, rule: rule)
                {
                    return conflict(result, .anomaly, finding)
                }
            }
        }

        result.outcome = outcome
        result.heldBack = target - storeTarget
        result.storeTarget = storeChanges ? storeTarget : nil
        result.xeroAdjustment = xeroChanges ? adjustment : nil
        return result
    }

    private static func conflict(_ partial: Classification, _ reason: ConflictReason, _ note: String) -> Classification
    {
        var result = partial
        result.outcome = .conflict
        result.reason = reason
        result.note = note
        result.storeTarget = nil
        result.xeroAdjustment = nil
        result.heldBack = nil
        return result
    }
}

/// `+5`, `-3`, `0`: a change with its sign.
func signed(_ quantity: Quantity) -> String {
    quantity > .zero ? "+\(quantity)" : "\(quantity)"
}
