public import Foundation
public import StorefrontKit
public import TrueUpCore

/// What a run read for the payments match, besides the orders, refunds, invoices and credit notes
/// the inventory snapshot already holds.
public struct PaymentsSnapshot: Sendable {
    /// Xero `GET /Payments`.
    public var payments: [Payment] = []
    /// Xero `GET /BankTransactions`.
    public var bankTransactions: [BankTransaction] = []
    /// The storefront's captures (Magento invoices).
    public var storePayments: [StorePayment] = []
    /// Bank statement lines from the pair's statement files.
    public var statement: [BankLine] = []
    /// Payout lines from the pair's payout files.
    public var payouts: [PayoutLine] = []
    public var problems: [InputProblem] = []

    public init() {}
}

/// Builds the storefront leg of the payments match from orders, captures and refunds.
public enum StoreLedger {
    /// One entry per capture (a Magento invoice); for an order with no capture read but an amount
    /// paid, one entry for that amount; one entry per refund with a total. Business dates are in
    /// `timeZone`. A capture or refund whose order was not read cannot be tied to an order number:
    /// it becomes a problem.
    public static func entries(
        orders: [Order], payments: [StorePayment], refunds: [Refund], timeZone: TimeZone
    ) -> (entries: [StoreLedgerEntry], problems: [InputProblem]) {
        var ordersByID: [String: Order] = [:]
        ordersByID.reserveCapacity(orders.count)
        for order in orders { ordersByID[order.id] = order }
        var entries: [StoreLedgerEntry] = []
        var problems: [InputProblem] = []
        var captured = Set<String>()
        for payment in payments {
            guard let order = ordersByID[payment.orderID] else {
                problems.append(
                    InputProblem(
                        source: "storefront payments", subject: .document("invoice \(payment.number ?? payment.id)"),
                        message:
                            "names order id \(payment.orderID), which was not read; the capture is left out of the payments match"
                    ))
                continue
            }
            captured.insert(order.id)
            entries.append(
                StoreLedgerEntry(
                    id: "invoice:\(payment.id)", kind: .payment, orderNumber: order.number,
                    reference: payment.reference ?? order.payment?.lastTransactionID, amount: payment.amount,
                    date: LocalDate(payment.createdAt, in: timeZone), method: payment.method ?? order.payment?.method))
        }
        for order in orders where !captured.contains(order.id) {
            guard let paid = order.payment?.amountPaid, paid.minorUnits > 0 else { continue }
            entries.append(
                StoreLedgerEntry(
                    id: "order:\(order.id)", kind: .payment, orderNumber: order.number,
                    reference: order.payment?.lastTransactionID, amount: paid,
                    date: LocalDate(order.createdAt, in: timeZone), method: order.payment?.method))
        }
        for refund in refunds {
            guard let total = refund.total, total.minorUnits > 0 else { continue }
            guard let order = ordersByID[refund.orderID] else {
                problems.append(
                    InputProblem(
                        source: "storefront refunds", subject: .document("credit memo \(refund.number)"),
                        message:
                            "names order id \(refund.orderID), which was not read; the refund is left out of the payments match"
                    ))
                continue
            }
            entries.append(
                StoreLedgerEntry(
                    id: "creditmemo:\(refund.id)", kind: .refund, orderNumber: order.number,
                    reference: refund.reference,
                    refundNumber: refund.number, amount: total, date: LocalDate(refund.createdAt, in: timeZone),
                    method: order.payment?.method))
        }
        return (entries, problems)
    }
}
