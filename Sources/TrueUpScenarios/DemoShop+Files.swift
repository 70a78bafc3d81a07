import Foundation
import TrueUpCore

/// The scenario's settings, base and the two files the payments match reads besides the APIs:
/// the business account's CSV statement and Stripe's payout report.
extension DemoShopModel {
    var statementPath: String {
        "statements/business-account-\(DemoClock.date(DemoClock.start))-to-\(asOfDate).csv"
    }

    var payoutPath: String {
        let first = payouts.first?.date ?? asOfDate
        let last = payouts.last?.date ?? asOfDate
        return "settlements/stripe-payouts-\(first)-to-\(last).csv"
    }

    func scenarioYAML() -> String {
        """
        description: "Harbour Lane Homewares, a small NZ homewares shop, on its nightly run after a month of orders, \
        refunds and Stripe payouts, with a few things wrong on purpose (README.md lists them)."
        pair: demo
        as_of: 2026-11-20T09:00:00Z
        timezone: Pacific/Auckland
        base_currency: NZD
        storefront:
          platform: magento
          whole_units: true
          sources: [default]
          refunds_return_to_stock: false
        inventory:
          # A SKU that moved on both sides since the last agreement goes to the conflict queue.
          policy: conflict
          initial_policy: xero_wins
          posting_mode: per_order
          buffer: 0
        xero:
          adjustments:
            contact: TrueUp Stock Adjustments
            inventory_account: "630"
            adjustment_account: "318"
            reference_prefix: TRUEUP-
        payments:
          tolerance:
            absolute: "0.05"
            date_window_days: 3
          settlement_days: 5
          payment_account: "090"
          fee_account: "404"
          rounding_account: "860"
          # Stripe's fees are spent from the Stripe clearing account, where its payments land.
          bank_account: "092"
          refund_account: "200"
          methods:
            stripe_payments:
              account: "092"
            banktransfer:
              account: "090"
          statements: [\(statementPath)]
          statement_csv:
            date: Date
            amount: Amount
            fixed_currency: NZD
            reference: Reference
            description: [Payee, Particulars, Code]
            id: Unique Id
            date_format: dd/MM/yyyy
          payouts: [\(payoutPath)]

        """
    }

    /// `sku,quantity,agreed_at`: what the last nightly run agreed for every tracked SKU it could
    /// map, sorted by SKU.
    func baseCSV() -> String {
        var lines = ["sku,quantity,agreed_at"]
        let agreed = "2026-11-19T09:00:00Z"
        for index in products.indices.sorted(by: { products[$0].sku < products[$1].sku }) {
            let product = products[index]
            guard !product.isGiftCard, product.xeroCode != nil else { continue }
            lines.append("\(product.sku),\(stock[index].base),\(agreed)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The business account (090) as the bank's CSV export has it, New Zealand style: payee,
    /// particulars, code and reference, dates as `dd/MM/yyyy`, one signed amount.
    func statementCSV() -> String {
        var lines = ["Date,Unique Id,Tran Type,Payee,Particulars,Code,Reference,Amount"]
        for line in bank {
            lines.append(
                [
                    DemoClock.bankDate(line.date), line.id, line.type, line.payee, line.particulars, line.code,
                    line.reference, DemoAmount.text(line.amount),
                ].map(Self.cell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Stripe's payout reconciliation report: one line per charge or refund in each payout.
    func payoutCSV() -> String {
        var lines = ["payout_id,date,order_number,reference,gross,fee,net,currency"]
        for payout in payouts {
            for line in payout.lines {
                let order = orders[line.order]
                let reference = line.refund.map { refunds[$0].stripeID } ?? order.charge ?? ""
                lines.append(
                    [
                        payout.id, "\(payout.date)", order.number, reference, DemoAmount.text(line.gross),
                        DemoAmount.text(line.fee), DemoAmount.text(line.gross - line.fee), "NZD",
                    ].map(Self.cell).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV cell, quoted when it holds a comma, a quote or a line break.
    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
