import TrueUpCore

/// The three-way inventory diff of DESIGN §3 over a whole snapshot: mapping, in-flight units,
/// classification and guards, producing one row per SKU, the corrections and the conflicts.
/// Pure: the same input gives the same plan.
public enum InventoryEngine {
    public static func plan(_ input: InventoryInput) throws(PlanningError) -> InventoryPlan {
        try plan(input, halvingFrom: SKUPlanner.parallelFrom)
    }

    /// - Parameter halvingFrom: from how many SKUs the per-SKU work is split over two threads.
    static func plan(_ input: InventoryInput, halvingFrom: Int) throws(PlanningError) -> InventoryPlan {
        let snapshot = input.snapshot
        let settings = input.settings
        var problems = ProblemIndex(snapshot: snapshot)
        problems.attributeDocuments(orders: snapshot.orders, refunds: snapshot.refunds)
        guard problems.unknown.isEmpty else { throw PlanningError(problems: problems.unknown) }

        // Every SKU the storefront showed, numbered once, with its own quantity: the pair's
        // sources summed. Arrays by number keep a million SKUs to a few hash lookups each.
        var numbers: [String: Int] = [:]
        numbers.reserveCapacity(snapshot.stock.count)
        var names: [String] = []
        var own: [Quantity?] = []
        var overflow: [Bool] = []
        var firstSource: [String] = []
        var otherSources: [Int: [String]] = [:]
        func number(_ sku: String) -> Int {
            // One probe for a new SKU (the common case); a known one is put back.
            if let existing = numbers.updateValue(names.count, forKey: sku) {
                numbers[sku] = existing
                return existing
            }
            names.append(sku)
            own.append(nil)
            overflow.append(false)
            firstSource.append("")
            return names.count - 1
        }
        for level in snapshot.stock where input.sources?.contains(level.source) ?? true {
            let sku = number(level.sku)
            if let sum = own[sku] {
                if firstSource[sku] == level.source || otherSources[sku]?.contains(level.source) == true {
                    problems.add(sku: level.sku, "storefront source item \(level.sku) at \(level.source) appears twice")
                    continue
                }
                otherSources[sku, default: []].append(level.source)
                guard let total = sum.adding(level.quantity) else {
                    overflow[sku] = true
                    continue
                }
                own[sku] = total
            } else if !overflow[sku] {
                own[sku] = level.quantity
                firstSource[sku] = level.source
            }
        }
        for sku in problems.skus { _ = number(sku) }

        // Xero items in order; a code listed twice is not trusted. Codes of unreadable items
        // follow, so that their SKUs show the problem rather than "unmapped".
        var codes: [String] = []
        var itemAt: [Int] = []
        var positions: [String: Int] = [:]
        codes.reserveCapacity(snapshot.items.count)
        itemAt.reserveCapacity(snapshot.items.count)
        positions.reserveCapacity(snapshot.items.count)
        for (offset, item) in snapshot.items.enumerated() {
            if let first = positions.updateValue(codes.count, forKey: item.code) {
                positions[item.code] = first
                problems.add(code: item.code, "Xero item \(item.code) appears twice")
            } else {
                codes.append(item.code)
                itemAt.append(offset)
            }
        }
        let readable = codes.count
        for code in problems.codes.sorted() where positions[code] == nil {
            positions[code] = codes.count
            codes.append(code)
        }

        let inFlight = InFlightUnits(
            orders: snapshot.orders, refunds: snapshot.refunds, invoices: snapshot.invoices,
            creditNotes: snapshot.creditNotes, mode: settings.postingMode,
            agreedAt: input.bases.isEmpty ? [:] : input.bases.compactMapValues(\.agreedAt))

        let ordered = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }

        let mapper = SKUMapper(positions: positions, explicit: input.mappings)
        let mapping = mapper.mapAll(names)
        var claims = [Int32](repeating: 0, count: codes.count)
        for result in mapping {
            if case .mapped(_, let position, _) = result { claims[position] += 1 }
        }
        // The SKUs sharing a code, for the few codes that more than one SKU claims.
        var claimers: [Int: [String]] = [:]
        if claims.contains(where: { $0 > 1 }) {
            for sku in ordered {
                if case .mapped(_, let position, _) = mapping[sku], claims[position] > 1 {
                    claimers[position, default: []].append(names[sku])
                }
            }
        }

        // Order flows by SKU number: one lookup per SKU that has orders, none for the rest.
        var flows = [InFlightUnits.Flow?](repeating: nil, count: names.count)
        for (sku, flow) in inFlight.flows {
            if let number = numbers[sku] { flows[number] = flow }
        }

        let planner = SKUPlanner(
            input: input, names: names, own: own, overflow: overflow, flows: flows, mapping: mapping,
            claimers: claimers, codes: codes, readable: readable, claims: claims, itemAt: itemAt, problems: problems)
        var plan = planner.plan(ordered, halvingFrom: halvingFrom)
        problems.collectUnmatchedCodes { code in positions[code].map { claims[$0] > 0 } ?? false }
        plan.unattributedProblems = problems.unattributed
        return plan
    }

}

/// The per-SKU part of a plan: everything it reads is built before, and nothing it does affects
/// another SKU, so a large catalogue is planned in two halves at once, one per core.
struct SKUPlanner: Sendable {
    let input: InventoryInput
    let names: [String]
    let own: [Quantity?]
    let overflow: [Bool]
    let flows: [InFlightUnits.Flow?]
    let mapping: [SKUMapper.Result]
    let claimers: [Int: [String]]
    let codes: [String]
    let readable: Int
    let claims: [Int32]
    let itemAt: [Int]
    let problems: ProblemIndex

    /// Below this many SKUs, a second thread costs more than it saves.
    static let parallelFrom = 4096

    /// The plan for the SKUs `ordered` (by number), in that order.
    func plan(_ ordered: [Int], halvingFrom: Int) -> InventoryPlan {
        guard ordered.count >= halvingFrom else { return plan(ordered[...], rows: ordered.count) }
        let middle = ordered.count / 2
        // The first half has room for every row, so the second's are added without a copy of the first's.
        var (whole, second) = bothAtOnce(
            { plan(ordered[..<middle], rows: ordered.count) },
            { plan(ordered[middle...], rows: ordered.count - middle) })
        whole.append(second)
        return whole
    }

    /// - Parameter rows: the room to make for rows.
    private func plan(_ ordered: ArraySlice<Int>, rows: Int) -> InventoryPlan {
        let snapshot = input.snapshot
        let settings = input.settings
        // Suggestions for unmapped SKUs come from the codes no SKU has claimed, indexed only if needed.
        var suggester: CodeSuggester?
        func suggestions(for sku: String) -> [String] {
            if suggester == nil {
                suggester = CodeSuggester(
                    codes: codes.indices.filter { $0 < readable && claims[$0] == 0 }.map { codes[$0] }.sorted())
            }
            return suggester?.suggest(for: sku) ?? []
        }

        var plan = InventoryPlan()
        plan.rows.reserveCapacity(rows)
        for number in ordered {
            let sku = names[number]
            let base = input.bases.isEmpty ? nil : input.bases[sku]
            let flow = flows[number]
            var row = InventoryRow(
                sku: sku, storeQuantity: own[number].flatMap { $0.adding(base?.heldBack ?? .zero) },
                inFlight: flow?.units ?? .zero, base: base?.quantity, outcome: .conflict)
            let resolution = input.resolutions.isEmpty ? nil : input.resolutions[sku]
            if resolution != nil { plan.honouredResolutions.append(sku) }

            var code: String?
            var itemOffset: Int?
            var mappingFailure: (reason: String, suggestions: [String])?
            switch mapping[number] {
            case .ignored:
                row.outcome = .ignored
                plan.rows.append(row)
                continue
            case .unmapped(let reason, let candidates):
                mappingFailure = (
                    "SKU \(sku) is unmapped: \(reason)", candidates.isEmpty ? suggestions(for: sku) : candidates
                )
            case .mapped(let mapped, let position, _):
                code = mapped
                itemOffset = position < readable ? itemAt[position] : nil
                row.itemCode = mapped
                row.xeroQuantity = itemOffset.flatMap { snapshot.items[$0].quantityOnHand }
                if let others = claimers[position] {
                    mappingFailure = (
                        "SKUs \(others.joined(separator: ", ")) all map to Xero item \(mapped); map each SKU to its own item",
                        [mapped]
                    )
                }
            }
            if !problems.isEmpty, let problem = problems.message(sku: sku, code: code) {
                plan.raise(&row, .invalidData, problem, resolutions: ["dismiss once the record is fixed"])
                continue
            }
            if let mappingFailure {
                plan.raise(
                    &row, .unmapped, mappingFailure.reason, suggestions: mappingFailure.suggestions,
                    resolutions: ["map CODE", "ignore"])
                continue
            }
            guard let code, let itemOffset else { continue }
            guard snapshot.items[itemOffset].isTracked else {
                row.outcome = .untracked
                plan.rows.append(row)
                continue
            }
            guard let xero = snapshot.items[itemOffset].quantityOnHand else {
                plan.raise(
                    &row, .invalidData, "Xero item \(code) is tracked but has no QuantityOnHand", resolutions: [])
                continue
            }
            guard let own = own[number], !overflow[number], flow?.overflowed != true else {
                plan.raise(
                    &row, .outOfRange, "the quantities for SKU \(sku) are too large to reconcile safely",
                    resolutions: [])
                continue
            }

            let state = SKUState(
                base: base, xero: xero, inFlight: flow?.units ?? .zero, storeOwn: own,
                buffer: settings.bufferBySKU.isEmpty ? settings.buffer : settings.buffer(for: sku),
                sharedMovement: flow?.sinceBase ?? .zero)
            let history = input.history.isEmpty ? [] : input.history[sku] ?? []
            let decision = InventoryClassifier.classify(
                state, settings: settings, history: history, resolution: resolution)
            row.storeQuantity = decision.store ?? row.storeQuantity
            row.projected = decision.projected
            row.deltaXero = decision.deltaXero
            row.deltaStore = decision.deltaStore
            row.agreedTarget = decision.agreedTarget
            row.note = decision.note
            if decision.outcome == .conflict, let reason = decision.reason {
                plan.raise(
                    &row, reason, "SKU \(sku): \(decision.note ?? reason.rawValue)", decision: decision, state: state,
                    resolutions: ["take-xero", "take-store", "set N"])
                continue
            }
            row.outcome = decision.outcome
            row.storeTarget = decision.storeTarget
            row.xeroAdjustment = decision.xeroAdjustment
            plan.rows.append(row)

            guard let target = decision.agreedTarget, let heldBack = decision.heldBack else { continue }
            if let adjustment = decision.xeroAdjustment {
                plan.corrections.append(
                    PlannedCorrection(
                        pair: input.pair, side: .xero, sku: sku, itemCode: code, quantity: adjustment, observed: xero,
                        agreedTarget: target, heldBack: heldBack, basisRunID: base?.runID))
            }
            if let storeTarget = decision.storeTarget {
                plan.corrections.append(
                    PlannedCorrection(
                        pair: input.pair, side: .store, sku: sku, itemCode: code, quantity: storeTarget, observed: own,
                        agreedTarget: target, heldBack: heldBack, basisRunID: base?.runID))
            }
            if decision.xeroAdjustment == nil, decision.storeTarget == nil, let update = decision.baseUpdate(sku: sku) {
                plan.baseUpdates.append(update)
            }
        }
        return plan
    }
}

extension InventoryPlan {
    /// Appends a later part of the same plan.
    fileprivate mutating func append(_ part: InventoryPlan) {
        rows += part.rows
        corrections += part.corrections
        conflicts += part.conflicts
        baseUpdates += part.baseUpdates
        honouredResolutions += part.honouredResolutions
    }

    /// Turns `row` into a conflict row, appends it, and raises the conflict.
    fileprivate mutating func raise(
        _ row: inout InventoryRow, _ reason: ConflictReason, _ message: String, suggestions: [String] = [],
        decision: Classification? = nil, state: SKUState? = nil, resolutions: [String]
    ) {
        row.outcome = .conflict
        row.conflictReason = reason
        row.note = message
        row.storeTarget = nil
        row.xeroAdjustment = nil
        rows.append(row)

        var details: [ConflictDraft.Detail] = []
        func add(_ name: String, _ value: Quantity?) {
            if let value { details.append(ConflictDraft.Detail(name, value.description)) }
        }
        add("base", row.base)
        add("xero_qoh", row.xeroQuantity)
        add("in_flight", row.inFlight == .zero && row.xeroQuantity == nil ? nil : row.inFlight)
        add("projected", row.projected)
        add("store_qty", row.storeQuantity)
        add("delta_xero", row.deltaXero)
        add("delta_store", row.deltaStore)
        add("buffer", state.map(\.buffer).flatMap { $0 == .zero ? nil : $0 })
        add("proposed_target", decision?.agreedTarget)
        add("proposed_store_target", decision?.proposedStoreTarget)
        add("proposed_xero_adjustment", decision?.proposedXeroAdjustment)
        conflicts.append(
            ConflictDraft(
                kind: reason.kind, subject: .sku(row.sku), reason: reason.rawValue, message: message,
                xeroValue: row.itemCode.map { code in
                    "\(code): " + (row.xeroQuantity.map { "\($0) on hand" } ?? "no quantity")
                },
                storeValue: row.storeQuantity.map { "\($0)" }, details: details,
                suggestions: suggestions.isEmpty
                    ? resolutions : suggestions.map { "map \($0)" } + resolutions.filter { $0 != "map CODE" }))
    }
}

/// Unreadable records, indexed by what they make uncertain.
struct ProblemIndex {
    /// Problems that could affect any SKU: no plan is safe while they stand.
    private(set) var unknown: [InputProblem] = []
    /// Problems no SKU of the plan depends on (a bad record for an order the snapshot does not hold).
    private(set) var unattributed: [InputProblem] = []
    private var bySKU: [String: [String]] = [:]
    private var byCode: [String: [InputProblem]] = [:]
    private let byOrder: [String: [InputProblem]]
    private let byRefund: [String: [InputProblem]]
    private let byReference: [String: [InputProblem]]

    init(snapshot: InventorySnapshot) {
        var byOrder: [String: [InputProblem]] = [:]
        var byRefund: [String: [InputProblem]] = [:]
        var byReference: [String: [InputProblem]] = [:]
        for problem in snapshot.problems {
            switch problem.subject {
            case .sku(let sku): bySKU[sku, default: []].append(problem.description)
            case .itemCode(let code): byCode[code, default: []].append(problem)
            case .order(let number): byOrder[number, default: []].append(problem)
            case .refund(let number): byRefund[number, default: []].append(problem)
            case .reference(let reference): byReference[reference, default: []].append(problem)
            case .document: unattributed.append(problem)
            case .unknown: unknown.append(problem)
            }
        }
        self.byOrder = byOrder
        self.byRefund = byRefund
        self.byReference = byReference
    }

    /// SKUs named by a problem: they get a row even if their record could not be read.
    var skus: Set<String> { Set(bySKU.keys) }

    /// Xero item codes named by a problem.
    var codes: Set<String> { Set(byCode.keys) }

    /// Whether no record had a problem: the common case, with nothing to look up.
    var isEmpty: Bool { bySKU.isEmpty && byCode.isEmpty }

    mutating func add(sku: String, _ message: String) { bySKU[sku, default: []].append(message) }

    mutating func add(code: String, _ message: String) {
        byCode[code, default: []].append(InputProblem(source: "xero", subject: .itemCode(code), message: message))
    }

    /// Carries order, refund and reference problems to the SKUs on those orders and refunds.
    ///
    /// A problem naming an order or refund that the snapshot does not hold means the record itself
    /// could not be read: its units are unknown, so no SKU can be trusted. A problem with a Xero
    /// document whose reference matches no order or refund of the snapshot affects no SKU here.
    mutating func attributeDocuments(orders: [Order], refunds: [Refund]) {
        guard !byOrder.isEmpty || !byRefund.isEmpty || !byReference.isEmpty else { return }
        var matchedReferences = Set<String>()
        var matchedOrders = Set<String>()
        var matchedRefunds = Set<String>()
        for order in orders {
            let problems = (byOrder[order.number] ?? []) + (byReference[order.number] ?? [])
            guard !problems.isEmpty else { continue }
            matchedOrders.insert(order.number)
            matchedReferences.insert(order.number)
            for line in order.lines { bySKU[line.sku, default: []].append(contentsOf: problems.map(\.description)) }
        }
        for refund in refunds {
            let problems = (byRefund[refund.number] ?? []) + (byReference[refund.number] ?? [])
            guard !problems.isEmpty else { continue }
            matchedRefunds.insert(refund.number)
            matchedReferences.insert(refund.number)
            for line in refund.lines { bySKU[line.sku, default: []].append(contentsOf: problems.map(\.description)) }
        }
        for (number, problems) in byOrder where !matchedOrders.contains(number) { unknown.append(contentsOf: problems) }
        for (number, problems) in byRefund where !matchedRefunds.contains(number) {
            unknown.append(contentsOf: problems)
        }
        for (reference, problems) in byReference where !matchedReferences.contains(reference) {
            unattributed.append(contentsOf: problems)
        }
        unknown.sort { $0.description < $1.description }
    }

    /// Item-code problems for codes no SKU maps to.
    mutating func collectUnmatchedCodes(isMapped: (String) -> Bool) {
        for (code, problems) in byCode where !isMapped(code) { unattributed.append(contentsOf: problems) }
        unattributed.sort { $0.description < $1.description }
    }

    /// The problems that make this SKU uncertain, as one sentence.
    func message(sku: String, code: String?) -> String? {
        let messages = (bySKU[sku] ?? []) + (code.flatMap { byCode[$0] }?.map(\.description) ?? [])
        guard let first = messages.first else { return nil }
        return messages.count > 1 ? "\(first) (and \(messages.count - 1) more)" : first
    }
}
