import Foundation
import TrueUpCore

/// Reads order files and refund files: one row per line, grouped by number (see
/// ``CSVFeedDocuments``). Quantities are read as the stock file's are; an empty canceled,
/// refunded or restocked cell is zero. An order's payment columns (method, amount paid,
/// transaction id) and a refund's total and transaction id are read when the file has them; an
/// amount is exact, in the document's currency, and not negative.
enum CSVFeedOrderReader {
    /// The orders of one file changed at or after `since`, each with the line of its first row.
    static func orders(
        _ table: CSVFeedTable, file: String, settings: CSVFeedSettings, since: Date?
    ) throws(TrueUpError) -> (records: [(order: Order, line: Int)], problems: [InputProblem]) {
        let names = settings.columns.orders
        var header = CSVFeedHeader(table, file: file, section: "columns.orders")
        let columns = CSVFeedDocuments<OrderLine>.Columns(
            number: header.required(names.number), id: names.id.map { header.required($0) },
            createdAt: header.required(names.createdAt),
            updatedAt: header.optional(names.updatedAt, conventional: "updated_at"),
            currency: header.required(names.currency), status: header.optional(names.status, conventional: "status"),
            amount: header.optional(names.amountPaid, conventional: "amount_paid"),
            method: header.optional(names.paymentMethod, conventional: "payment_method"),
            reference: header.optional(names.transactionID, conventional: "transaction_id"))
        let sku = header.required(names.sku)
        let ordered = header.required(names.quantity)
        let canceled = header.optional(names.canceled, conventional: "quantity_canceled")
        let refunded = header.optional(names.refunded, conventional: "quantity_refunded")
        try header.check()

        let quantities = CSVFeedQuantities(settings: settings, delimiter: table.delimiter)
        let reader = CSVFeedDocuments<OrderLine>(kind: "order") { .order($0) }
        let (documents, problems) = reader.read(
            table, file: file, columns: columns, dates: CSVFeedDates(settings: settings), numbers: quantities,
            since: since
        ) { record in
            let cells = record.cells
            guard !cells[sku].isEmpty else { return .failure("the sku is empty") }
            do throws(CSVFeedCellError) {
                return .line(
                    OrderLine(
                        sku: cells[sku],
                        quantityOrdered: try quantity(cells, ordered, table, quantities),
                        quantityCanceled: try canceled.map { column throws(CSVFeedCellError) in
                            try quantity(cells, column, table, quantities, emptyIsZero: true)
                        } ?? .zero,
                        quantityRefunded: try refunded.map { column throws(CSVFeedCellError) in
                            try quantity(cells, column, table, quantities, emptyIsZero: true)
                        } ?? .zero))
            } catch {
                return .skuProblem(sku: cells[sku], message: error.message)
            }
        }
        let orders = documents.map { document in
            let settlement = document.settlement
            let payment =
                settlement.isEmpty
                ? nil
                : OrderPayment(
                    method: settlement.method, amountPaid: settlement.amount, lastTransactionID: settlement.reference)
            return (
                Order(
                    id: document.head.id, number: document.number, state: document.head.status,
                    createdAt: document.head.createdAt, updatedAt: document.updatedAt,
                    currency: document.head.currency, lines: document.lines, payment: payment),
                document.line
            )
        }
        return (orders, problems)
    }

    /// The refunds of one file changed at or after `since`, each with the line of its first row.
    static func refunds(
        _ table: CSVFeedTable, file: String, settings: CSVFeedSettings, since: Date?
    ) throws(TrueUpError) -> (records: [(refund: Refund, line: Int)], problems: [InputProblem]) {
        let names = settings.columns.refunds
        var header = CSVFeedHeader(table, file: file, section: "columns.refunds")
        let columns = CSVFeedDocuments<RefundLine>.Columns(
            number: header.required(names.number), id: names.id.map { header.required($0) },
            createdAt: header.required(names.createdAt),
            updatedAt: header.optional(names.updatedAt, conventional: "updated_at"),
            currency: header.required(names.currency), status: nil, order: header.required(names.order),
            amount: header.optional(names.total, conventional: "refund_total"),
            reference: header.optional(names.transactionID, conventional: "transaction_id"))
        let sku = header.required(names.sku)
        let refunded = header.required(names.quantity)
        let restocked = header.optional(names.restocked, conventional: "quantity_restocked")
        try header.check()

        let quantities = CSVFeedQuantities(settings: settings, delimiter: table.delimiter)
        let reader = CSVFeedDocuments<RefundLine>(kind: "refund") { .refund($0) }
        let (documents, problems) = reader.read(
            table, file: file, columns: columns, dates: CSVFeedDates(settings: settings), numbers: quantities,
            since: since
        ) { record in
            let cells = record.cells
            guard !cells[sku].isEmpty else { return .failure("the sku is empty") }
            do throws(CSVFeedCellError) {
                return .line(
                    RefundLine(
                        sku: cells[sku], quantity: try quantity(cells, refunded, table, quantities),
                        quantityRestocked: try restocked.map { column throws(CSVFeedCellError) in
                            try quantity(cells, column, table, quantities, emptyIsZero: true)
                        } ?? .zero))
            } catch {
                return .skuProblem(sku: cells[sku], message: error.message)
            }
        }
        let refunds = documents.map { document in
            (
                Refund(
                    id: document.head.id, number: document.number, orderID: document.head.order,
                    createdAt: document.head.createdAt, updatedAt: document.updatedAt,
                    currency: document.head.currency, total: document.settlement.amount, lines: document.lines,
                    reference: document.settlement.reference),
                document.line
            )
        }
        return (refunds, problems)
    }

    /// The quantity in one cell, or a message naming the column and the cell.
    private static func quantity(
        _ cells: [String], _ column: Int, _ table: CSVFeedTable, _ quantities: CSVFeedQuantities,
        emptyIsZero: Bool = false
    ) throws(CSVFeedCellError) -> Quantity {
        let text = cells[column]
        if emptyIsZero, text.isEmpty { return .zero }
        switch quantities.parse(text) {
        case .success(let quantity): return quantity
        case .failure(let error):
            throw CSVFeedCellError("\(table.header[column]) \"\(text.prefix(40))\" \(error.message)")
        }
    }
}
