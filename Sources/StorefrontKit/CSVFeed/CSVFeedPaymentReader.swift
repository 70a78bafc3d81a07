import Foundation
import TrueUpCore

/// Reads payment files: a header, then one row per capture — money taken for an order — with its
/// id, the order's id (its number unless the orders' `id` column is mapped, as for refunds), the
/// amount, the time it was taken and, where the file has them, the currency and the gateway's
/// transaction id. A row without a currency is in its order's currency.
///
/// Amounts are exact, with the feed's decimal separator, and not negative; times are read as the
/// orders' are. Every row that can be read is kept. A row that cannot — not valid CSV, more or fewer
/// cells than the header, an empty id or order, a time, currency or amount that cannot be read —
/// is a problem naming its line, and the other rows are read. A problem is about the payment's
/// transaction id when it has one (the payments match pairs captures by it), else about the
/// payment, else `.unknown`. Rows taken before `since` are passed over, problems and all, but for
/// those whose time cannot be read.
enum CSVFeedPaymentReader {
    /// The payments of one file taken at or after `since`, each with its line.
    ///
    /// - Parameter orderCurrency: the currency of the order with this id, or `nil` when it was not
    ///   read; asked only for rows without a currency.
    static func payments(
        _ table: CSVFeedTable, file: String, settings: CSVFeedSettings, since: Date?,
        orderCurrency: (String) throws(TrueUpError) -> Currency?
    ) throws(TrueUpError) -> (records: [(payment: StorePayment, line: Int)], problems: [InputProblem]) {
        let names = settings.columns.payments
        var header = CSVFeedHeader(table, file: file, section: "columns.payments")
        let idColumn = header.required(names.id)
        let orderColumn = header.required(names.order)
        let amountColumn = header.required(names.amount)
        let dateColumn = header.required(names.date)
        let currencyColumn = header.optional(names.currency, conventional: "currency")
        let referenceColumn = header.optional(names.transactionID, conventional: "transaction_id")
        let methodColumn = header.optional(names.method, conventional: "method")
        try header.check()

        let numbers = CSVFeedQuantities(settings: settings, delimiter: table.delimiter)
        let dates = CSVFeedDates(settings: settings)
        let width = table.header.count
        var payments: [(payment: StorePayment, line: Int)] = []
        var problems: [InputProblem] = []
        for record in table.records {
            let cells = record.cells
            func cell(_ column: Int?) -> String {
                guard let column, column < cells.count else { return "" }
                return cells[column]
            }
            let id = cell(idColumn)
            let reference = cell(referenceColumn)
            let subject: InputProblem.Subject =
                !reference.isEmpty ? .reference(reference) : !id.isEmpty ? .document("payment \(id)") : .unknown
            func problem(_ message: String) {
                problems.append(
                    InputProblem(
                        source: file, subject: subject,
                        message: "line \(record.line): \(message); the payment is not used"))
            }
            if let defect = record.defect {
                problem(defect)
                continue
            }
            guard cells.count == width else {
                problem(
                    "the row has \(cells.count) cells where the header has \(width) (a cell with the delimiter in it "
                        + "must be in quotes)")
                continue
            }
            let taken: Date
            switch dates.parse(cells[dateColumn]) {
            case .success(let instant): taken = instant
            case .failure(let error):
                problem("\(table.header[dateColumn]) \"\(cells[dateColumn].prefix(40))\" \(error.message)")
                continue
            }
            if let since, taken < since { continue }
            guard !id.isEmpty else {
                problem("the payment id (\(table.header[idColumn])) is empty")
                continue
            }
            let orderID = cells[orderColumn]
            guard !orderID.isEmpty else {
                problem("the order (\(table.header[orderColumn])) is empty")
                continue
            }
            let currency: Currency
            let currencyCell = cell(currencyColumn)
            if !currencyCell.isEmpty {
                do {
                    currency = try Currency(code: currencyCell)
                } catch {
                    problem(error.description)
                    continue
                }
            } else if let ordered = try orderCurrency(orderID) {
                currency = ordered
            } else {
                problem(
                    "the row has no currency, and order \(orderID) was not read from the order files to give it "
                        + "one: give the row its currency, or check the order's rows")
                continue
            }
            let amountCell = cells[amountColumn]
            let amount: Money
            switch numbers.money(amountCell, currency: currency) {
            case .success(let money) where money.minorUnits >= 0: amount = money
            case .success:
                problem(
                    "\(table.header[amountColumn]) \"\(amountCell.prefix(40))\" is negative: a payment row is money "
                        + "taken, written without a sign; refunds belong in the refund files")
                continue
            case .failure(let error):
                problem("\(table.header[amountColumn]) \"\(amountCell.prefix(40))\" \(error.message)")
                continue
            }
            payments.append(
                (
                    StorePayment(
                        id: id, number: nil, orderID: orderID, reference: reference.isEmpty ? nil : reference,
                        amount: amount, createdAt: taken, updatedAt: taken,
                        method: cell(methodColumn).isEmpty ? nil : cell(methodColumn)),
                    record.line
                ))
        }
        return (payments, problems)
    }
}
