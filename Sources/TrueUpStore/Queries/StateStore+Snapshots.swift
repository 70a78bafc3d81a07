import Foundation
import GRDB
public import TrueUpCore

extension StateStore {
    /// Writes what a run fetched as canonical rows.
    static func writeSnapshot(_ snapshot: InventorySnapshot, run: Int64, in db: Database) throws {
        let run = run.databaseValue
        var item = BulkInsert(
            into: "snapshot_item",
            columns: [
                "run_id", "code", "item_id", "name", "tracked", "quantity_on_hand", "cost_pool", "cost_currency",
                "purchase_price", "purchase_currency", "updated_ms",
            ], in: db)
        for record in snapshot.items {
            try item.append(
                run, record.code.databaseValue, record.id.databaseValue, record.name.databaseValue,
                record.isTracked.databaseValue, record.quantityOnHand?.ticks.databaseValue ?? .null,
                record.totalCostPool?.minorUnits.databaseValue ?? .null,
                record.totalCostPool?.currency.code.databaseValue ?? .null,
                record.purchaseUnitPrice?.ticks.databaseValue ?? .null,
                record.purchaseUnitPrice?.currency.code.databaseValue ?? .null,
                record.updatedAt.map(StoreTime.milliseconds)?.databaseValue ?? .null)
        }
        try item.finish()
        var stock = BulkInsert(into: "snapshot_stock", columns: ["run_id", "sku", "source", "quantity"], in: db)
        for level in snapshot.stock {
            try stock.append(
                run, level.sku.databaseValue, level.source.databaseValue, level.quantity.ticks.databaseValue)
        }
        try stock.finish()
        var order = BulkInsert(
            into: "snapshot_order",
            columns: [
                "run_id", "seq", "order_id", "number", "state", "created_ms", "updated_ms", "currency", "grand_total",
                "customer_id",
            ], in: db)
        var orderLine = BulkInsert(
            into: "snapshot_order_line",
            columns: ["run_id", "seq", "line", "sku", "ordered", "canceled", "refunded", "shipped"], in: db)
        for (seq, record) in snapshot.orders.enumerated() {
            try order.append(
                run, seq.databaseValue, record.id.databaseValue, record.number.databaseValue,
                record.state.databaseValue, StoreTime.milliseconds(record.createdAt).databaseValue,
                StoreTime.milliseconds(record.updatedAt).databaseValue, record.currency.code.databaseValue,
                record.grandTotal?.minorUnits.databaseValue ?? .null, record.customerID.databaseValue)
            for (line, entry) in record.lines.enumerated() {
                try orderLine.append(
                    run, seq.databaseValue, line.databaseValue, entry.sku.databaseValue,
                    entry.quantityOrdered.ticks.databaseValue, entry.quantityCanceled.ticks.databaseValue,
                    entry.quantityRefunded.ticks.databaseValue, entry.quantityShipped?.ticks.databaseValue ?? .null)
            }
        }
        try order.finish()
        try orderLine.finish()
        var refund = BulkInsert(
            into: "snapshot_refund",
            columns: [
                "run_id", "seq", "refund_id", "number", "order_id", "created_ms", "updated_ms", "currency", "total",
            ], in: db)
        var refundLine = BulkInsert(
            into: "snapshot_refund_line", columns: ["run_id", "seq", "line", "sku", "quantity", "restocked"], in: db)
        for (seq, record) in snapshot.refunds.enumerated() {
            try refund.append(
                run, seq.databaseValue, record.id.databaseValue, record.number.databaseValue,
                record.orderID.databaseValue, StoreTime.milliseconds(record.createdAt).databaseValue,
                StoreTime.milliseconds(record.updatedAt).databaseValue, record.currency.code.databaseValue,
                record.total?.minorUnits.databaseValue ?? .null)
            for (line, entry) in record.lines.enumerated() {
                try refundLine.append(
                    run, seq.databaseValue, line.databaseValue, entry.sku.databaseValue,
                    entry.quantity.ticks.databaseValue, entry.quantityRestocked.ticks.databaseValue)
            }
        }
        try refund.finish()
        try refundLine.finish()
        var document = BulkInsert(
            into: "snapshot_document",
            columns: [
                "run_id", "seq", "family", "document_id", "type", "status", "number", "reference", "date", "currency",
                "total", "amount_due", "updated_ms",
            ], in: db)
        var documentLine = BulkInsert(
            into: "snapshot_document_line",
            columns: [
                "run_id", "seq", "line", "item_code", "description", "quantity", "unit_amount", "line_amount",
                "account_code",
            ], in: db)
        func writeLines(_ lines: [DocumentLine], seq: Int) throws {
            for (line, entry) in lines.enumerated() {
                try documentLine.append(
                    run, seq.databaseValue, line.databaseValue, entry.itemCode.databaseValue,
                    entry.description.databaseValue, entry.quantity?.ticks.databaseValue ?? .null,
                    entry.unitAmount?.ticks.databaseValue ?? .null, entry.lineAmount?.minorUnits.databaseValue ?? .null,
                    entry.accountCode.databaseValue)
            }
        }
        var seq = 0
        for invoice in snapshot.invoices {
            try document.append(
                run, seq.databaseValue, "invoice".databaseValue, invoice.id.databaseValue,
                invoice.kind.rawValue.databaseValue, invoice.status.rawValue.databaseValue,
                invoice.number.databaseValue, invoice.reference.databaseValue,
                invoice.date?.description.databaseValue ?? .null, invoice.currency.code.databaseValue,
                invoice.total?.minorUnits.databaseValue ?? .null, invoice.amountDue?.minorUnits.databaseValue ?? .null,
                invoice.updatedAt.map(StoreTime.milliseconds)?.databaseValue ?? .null)
            try writeLines(invoice.lines, seq: seq)
            seq += 1
        }
        for note in snapshot.creditNotes {
            try document.append(
                run, seq.databaseValue, "credit_note".databaseValue, note.id.databaseValue,
                note.kind.rawValue.databaseValue, note.status.rawValue.databaseValue, note.number.databaseValue,
                note.reference.databaseValue, note.date?.description.databaseValue ?? .null,
                note.currency.code.databaseValue, note.total?.minorUnits.databaseValue ?? .null, .null,
                note.updatedAt.map(StoreTime.milliseconds)?.databaseValue ?? .null)
            try writeLines(note.lines, seq: seq)
            seq += 1
        }
        try document.finish()
        try documentLine.finish()
        var problem = BulkInsert(
            into: "snapshot_problem", columns: ["run_id", "seq", "source", "subject_type", "subject", "message"],
            in: db)
        for (seq, entry) in snapshot.problems.enumerated() {
            let (type, subject) = entry.subject.columns
            try problem.append(
                run, seq.databaseValue, entry.source.databaseValue, type.databaseValue, subject.databaseValue,
                entry.message.databaseValue)
        }
        try problem.finish()
    }

    /// The pair's latest run that snapshotted storefront stock: what the shop held when last read.
    public func latestStockRun(pair: String) async throws(TrueUpError) -> Int64? {
        try await read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM run WHERE pair = ? AND EXISTS (SELECT 1 FROM snapshot_stock WHERE run_id = run.id)
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [pair])
        }
    }

    /// The stock levels a run's snapshot holds for these SKUs, every source.
    public func snapshotStock(run: Int64, skus: Set<String>) async throws(TrueUpError) -> [StockLevel] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT sku, source, quantity FROM snapshot_stock WHERE run_id = ? ORDER BY rowid",
                arguments: [run]
            ).compactMap { row in
                let sku: String = row["sku"]
                guard skus.contains(sku) else { return nil }
                return StockLevel(sku: sku, source: row["source"], quantity: Quantity(ticks: row["quantity"]))
            }
        }
    }

    /// Reads a run's snapshot back.
    public func snapshot(run: Int64) async throws(TrueUpError) -> InventorySnapshot {
        try await read { db in try Self.readSnapshot(run: run, in: db) }
    }

    static func readSnapshot(run: Int64, in db: Database) throws -> InventorySnapshot {
        var snapshot = InventorySnapshot()
        func currency(_ code: String?) -> Currency? { code.flatMap { try? Currency(code: $0) } }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_item WHERE run_id = ? ORDER BY rowid", arguments: [run])
        {
            let costCurrency = currency(row["cost_currency"])
            let priceCurrency = currency(row["purchase_currency"])
            snapshot.items.append(
                Item(
                    id: row["item_id"], code: row["code"], name: row["name"], isTracked: row["tracked"],
                    quantityOnHand: (row["quantity_on_hand"] as Int64?).map(Quantity.init(ticks:)),
                    totalCostPool: costCurrency.flatMap { c in
                        (row["cost_pool"] as Int64?).map { Money(minorUnits: $0, currency: c) }
                    },
                    purchaseUnitPrice: priceCurrency.flatMap { c in
                        (row["purchase_price"] as Int64?).map { UnitPrice(ticks: $0, currency: c) }
                    },
                    updatedAt: (row["updated_ms"] as Int64?).map(StoreTime.date(milliseconds:))))
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_stock WHERE run_id = ? ORDER BY rowid", arguments: [run])
        {
            snapshot.stock.append(
                StockLevel(sku: row["sku"], source: row["source"], quantity: Quantity(ticks: row["quantity"])))
        }
        var orderLines: [Int: [OrderLine]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_order_line WHERE run_id = ? ORDER BY seq, line", arguments: [run])
        {
            orderLines[row["seq"], default: []].append(
                OrderLine(
                    sku: row["sku"], quantityOrdered: Quantity(ticks: row["ordered"]),
                    quantityCanceled: Quantity(ticks: row["canceled"]),
                    quantityRefunded: Quantity(ticks: row["refunded"]),
                    quantityShipped: (row["shipped"] as Int64?).map(Quantity.init(ticks:))))
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_order WHERE run_id = ? ORDER BY seq", arguments: [run])
        {
            guard let code = currency(row["currency"]) else { continue }
            snapshot.orders.append(
                Order(
                    id: row["order_id"], number: row["number"], state: row["state"],
                    createdAt: StoreTime.date(milliseconds: row["created_ms"]),
                    updatedAt: StoreTime.date(milliseconds: row["updated_ms"]), currency: code,
                    grandTotal: (row["grand_total"] as Int64?).map { Money(minorUnits: $0, currency: code) },
                    customerID: row["customer_id"], lines: orderLines[row["seq"]] ?? []))
        }
        var refundLines: [Int: [RefundLine]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_refund_line WHERE run_id = ? ORDER BY seq, line", arguments: [run])
        {
            refundLines[row["seq"], default: []].append(
                RefundLine(
                    sku: row["sku"], quantity: Quantity(ticks: row["quantity"]),
                    quantityRestocked: Quantity(ticks: row["restocked"])))
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_refund WHERE run_id = ? ORDER BY seq", arguments: [run])
        {
            guard let code = currency(row["currency"]) else { continue }
            snapshot.refunds.append(
                Refund(
                    id: row["refund_id"], number: row["number"], orderID: row["order_id"],
                    createdAt: StoreTime.date(milliseconds: row["created_ms"]),
                    updatedAt: StoreTime.date(milliseconds: row["updated_ms"]), currency: code,
                    total: (row["total"] as Int64?).map { Money(minorUnits: $0, currency: code) },
                    lines: refundLines[row["seq"]] ?? []))
        }
        var documentLines: [Int: [Row]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_document_line WHERE run_id = ? ORDER BY seq, line", arguments: [run])
        {
            documentLines[row["seq"], default: []].append(row)
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_document WHERE run_id = ? ORDER BY seq", arguments: [run])
        {
            guard let code = currency(row["currency"]), let status = DocumentStatus(rawValue: row["status"]) else {
                continue
            }
            let lines = (documentLines[row["seq"]] ?? []).map { line in
                DocumentLine(
                    itemCode: line["item_code"], description: line["description"],
                    quantity: (line["quantity"] as Int64?).map(Quantity.init(ticks:)),
                    unitAmount: (line["unit_amount"] as Int64?).map { UnitPrice(ticks: $0, currency: code) },
                    lineAmount: (line["line_amount"] as Int64?).map { Money(minorUnits: $0, currency: code) },
                    accountCode: line["account_code"])
            }
            let date = (row["date"] as String?).flatMap { try? LocalDate(iso: $0) }
            let updated = (row["updated_ms"] as Int64?).map(StoreTime.date(milliseconds:))
            let total = (row["total"] as Int64?).map { Money(minorUnits: $0, currency: code) }
            if (row["family"] as String) == "invoice", let kind = Invoice.Kind(rawValue: row["type"]) {
                snapshot.invoices.append(
                    Invoice(
                        id: row["document_id"], number: row["number"], kind: kind, status: status,
                        reference: row["reference"],
                        date: date, currency: code, lines: lines, total: total,
                        amountDue: (row["amount_due"] as Int64?).map { Money(minorUnits: $0, currency: code) },
                        updatedAt: updated))
            } else if let kind = CreditNote.Kind(rawValue: row["type"]) {
                snapshot.creditNotes.append(
                    CreditNote(
                        id: row["document_id"], number: row["number"], kind: kind, status: status,
                        reference: row["reference"],
                        date: date, currency: code, lines: lines, total: total, updatedAt: updated))
            }
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT * FROM snapshot_problem WHERE run_id = ? ORDER BY seq", arguments: [run])
        {
            snapshot.problems.append(
                InputProblem(
                    source: row["source"],
                    subject: InputProblem.Subject(type: row["subject_type"], key: row["subject"]),
                    message: row["message"]))
        }
        return snapshot
    }

    /// Deletes snapshots and plan rows of runs that are neither among the pair's latest `keep`
    /// runs nor the last planned run of their period, which `trueup report --period` reads.
    static func pruneSnapshots(pair: String, keep: Int, in db: Database) throws {
        // A run's plan rows are found by one probe of plan_row's key each, not by reading all of
        // them: this runs once per table, in the transaction that has just written the plan.
        let stale = """
            SELECT id FROM run WHERE pair = :pair
              AND id NOT IN (SELECT id FROM run WHERE pair = :pair ORDER BY id DESC LIMIT :keep)
              AND id NOT IN (SELECT MAX(id) FROM run WHERE pair = :pair
                             AND EXISTS (SELECT 1 FROM plan_row WHERE plan_row.run_id = run.id) GROUP BY period)
            """
        for table in [
            "snapshot_item", "snapshot_stock", "snapshot_order", "snapshot_order_line", "snapshot_refund",
            "snapshot_refund_line", "snapshot_document", "snapshot_document_line", "snapshot_problem", "plan_row",
        ] {
            try db.execute(
                sql: "DELETE FROM \(table) WHERE run_id IN (\(stale))", arguments: ["pair": pair, "keep": keep])
        }
    }
}

extension InputProblem.Subject {
    var columns: (String, String?) {
        switch self {
        case .sku(let key): ("sku", key)
        case .itemCode(let key): ("item_code", key)
        case .order(let key): ("order", key)
        case .refund(let key): ("refund", key)
        case .reference(let key): ("reference", key)
        case .document(let key): ("document", key)
        case .unknown: ("unknown", nil)
        }
    }

    init(type: String, key: String?) {
        let key = key ?? ""
        switch type {
        case "sku": self = .sku(key)
        case "item_code": self = .itemCode(key)
        case "order": self = .order(key)
        case "refund": self = .refund(key)
        case "reference": self = .reference(key)
        case "document": self = .document(key)
        default: self = .unknown
        }
    }
}
