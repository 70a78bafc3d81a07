import Foundation
import TrueUpCore
import TrueUpEngine

/// `5` → 5 units, `"2.5"` → 2.5 units.
func qty(_ units: Int64) -> Quantity { Quantity(units: units) }

func qty(_ text: String) -> Quantity {
    do { return try Quantity(parsing: text) } catch { fatalError("bad quantity literal \(text)") }
}

let epoch = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-20T00:00:00Z

func order(_ number: String, _ lines: [(String, Int64)], state: String = "processing", updated: Date = epoch) -> Order {
    Order(
        id: "id-\(number)", number: number, state: state, createdAt: epoch, updatedAt: updated,
        currency: usd, lines: lines.map { OrderLine(sku: $0.0, quantityOrdered: qty($0.1)) })
}

func invoice(_ reference: String, _ status: DocumentStatus, kind: Invoice.Kind = .accrec) -> Invoice {
    Invoice(
        id: "inv-\(reference)-\(status.rawValue)", number: nil, kind: kind, status: status, reference: reference,
        date: nil,
        currency: usd, lines: [])
}

func refund(_ number: String, order: String, _ lines: [(String, Int64, restocked: Int64)]) -> Refund {
    Refund(
        id: "rf-\(number)", number: number, orderID: "id-\(order)", createdAt: epoch, updatedAt: epoch, currency: usd,
        lines: lines.map { RefundLine(sku: $0.0, quantity: qty($0.1), quantityRestocked: qty($0.restocked)) })
}

func creditNote(_ reference: String, _ status: DocumentStatus) -> CreditNote {
    CreditNote(
        id: "cn-\(reference)", number: nil, kind: .accreccredit, status: status, reference: reference, date: nil,
        currency: usd, lines: [])
}

func item(_ code: String, _ quantityOnHand: Int64?, tracked: Bool = true) -> Item {
    Item(code: code, name: code, isTracked: tracked, quantityOnHand: quantityOnHand.map(qty))
}

func stock(_ sku: String, _ quantity: Int64, source: String = "default") -> StockLevel {
    StockLevel(sku: sku, source: source, quantity: qty(quantity))
}

let usd: Currency = {
    do { return try Currency(code: "USD") } catch { fatalError("USD is ISO 4217") }
}()

/// Plans one snapshot with the given settings and state.
func plan(
    _ snapshot: InventorySnapshot, settings: InventorySettings = InventorySettings(initialPolicy: .xeroWins),
    bases: [String: Base] = [:], mappings: [String: SKUMapping] = [:], resolutions: [String: Resolution] = [:],
    history: [String: [Quantity]] = [:], sources: Set<String>? = nil
) throws -> InventoryPlan {
    try InventoryEngine.plan(
        InventoryInput(
            pair: "test", snapshot: snapshot, bases: bases, mappings: mappings, history: history,
            resolutions: resolutions, sources: sources, settings: settings))
}

extension InventoryPlan {
    func row(_ sku: String) -> InventoryRow? { rows.first { $0.sku == sku } }
}
