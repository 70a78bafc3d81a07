import Foundation
import GRDB
public import TrueUpCore
import TrueUpEngine

extension StateStore {
    /// A page of a pair's corrections audit trail for a period: the stock and payment corrections
    /// planned by the pair's runs in `period`, in report order (by planning run, then id), starting
    /// after `key` and at most `limit` of them. A correction belongs to the period of the run that
    /// planned it.
    ///
    /// Rows are read through a cursor, so a page costs its own rows and no more; call again with
    /// the last row's ``CorrectionReportRow/key`` until a page comes back short.
    public func correctionReportRows(
        pair: String, period: Period, after key: CorrectionReportRow.Key?, limit: Int
    ) async throws(TrueUpError) -> [CorrectionReportRow] {
        var values: StatementArguments = [pair, period.description, pair, period.description]
        var after = ""
        if let key {
            after = "WHERE (run_id, id, outbox) > (?, ?, ?)"
            values += [key.runID, key.id, key.outbox.rawValue]
        }
        values += [limit]
        let arguments = values
        let sql = """
            SELECT * FROM (
                SELECT 0 AS outbox, c.id, c.run_id, c.side, c.action, c.sku AS subject, c.item_code, c.quantity,
                    NULL AS amount, NULL AS currency, c.state, c.external_id, c.last_error, c.created_at, c.updated_at
                FROM correction AS c JOIN run AS r ON r.id = c.run_id AND r.pair = c.pair
                WHERE r.pair = ? AND r.period = ?
                UNION ALL
                SELECT 1, p.id, p.run_id, p.side, p.action, p.subject, NULL, NULL,
                    p.amount, p.currency, p.state, p.external_id, p.last_error, p.created_at, p.updated_at
                FROM payment_correction AS p JOIN run AS r ON r.id = p.run_id AND r.pair = p.pair
                WHERE r.pair = ? AND r.period = ?
            )
            \(after)
            ORDER BY run_id, id, outbox
            LIMIT ?
            """
        return try await read { db in
            var page: [CorrectionReportRow] = []
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() { page.append(try Self.correctionReportRow(row)) }
            return page
        }
    }

    static func correctionReportRow(_ row: Row) throws -> CorrectionReportRow {
        let id: String = row["id"]
        func damaged(_ what: String) -> TrueUpError {
            .state("the outbox's correction \(id) has \(what); the state file is damaged: restore it from a backup")
        }
        guard let outbox = CorrectionReportRow.Outbox(rawValue: row["outbox"]) else { throw damaged("no outbox") }
        guard let side = Side(rawValue: row["side"]) else { throw damaged("an unknown side") }
        guard let state = CorrectionState(rawValue: row["state"]) else { throw damaged("an unknown state") }
        var amount: Money?
        if let minorUnits = row["amount"] as Int64? {
            let code: String = row["currency"]
            guard let currency = try? Currency(code: code) else { throw damaged("an unknown currency \"\(code)\"") }
            amount = Money(minorUnits: minorUnits, currency: currency)
        }
        guard let createdAt = StoreTime.date(row["created_at"] as String),
            let updatedAt = StoreTime.date(row["updated_at"] as String)
        else { throw damaged("an unreadable time") }
        return CorrectionReportRow(
            outbox: outbox, id: id, runID: row["run_id"], side: side, action: row["action"], subject: row["subject"],
            itemCode: row["item_code"], quantity: (row["quantity"] as Int64?).map(Quantity.init(ticks:)),
            amount: amount, state: state, externalID: row["external_id"], error: row["last_error"],
            createdAt: createdAt, updatedAt: updatedAt)
    }
}
