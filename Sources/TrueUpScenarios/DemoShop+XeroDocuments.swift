import TrueUpCore

/// Xero's documents: the orders the connector posted (GST-inclusive ACCREC invoices with the
/// order number as `Reference`), suppliers' bills, credit notes for refunds, the payments on
/// them, and the Stripe fee spends and payout transfers the bookkeeper entered.
extension DemoShopModel {
    func invoiceID(_ order: Int) -> String { guid("invoice:\(orders[order].number)") }
    func paymentID(order: Int) -> String { guid("payment:\(orders[order].number)") }
    func creditNoteID(_ refund: Int) -> String { guid("creditnote:\(refunds[refund].number)") }
    func paymentID(refund: Int) -> String { guid("payment:refund:\(refunds[refund].number)") }

    /// When the bookkeeper recorded a bank transfer in Xero: the afternoon it arrived.
    func recorded(_ order: DemoOrder) -> Int64 {
        guard let paid = order.paid, let posted = order.posted else { return order.posted ?? 0 }
        if order.method == .card { return posted }
        return max(posted, DemoClock.instant(DemoClock.date(paid), hour: 16, minute: order.entityID % 60))
    }

    /// When the connector posted a refund's credit note.
    func posted(_ refund: DemoRefund) -> Int64 { Self.postingTime(after: refund.created) }

    private func line(
        _ id: String, code: String?, description: String, quantity: Int64, unit: Int64, account: String,
        tax: String, taxAmount: Int64, amount: Int64
    ) -> JSONValue {
        var line = JSONObject(["LineItemID": .string(guid(id))])
        if let code { line["ItemCode"] = .string(code) }
        line["Description"] = .string(description)
        line["Quantity"] = DemoAmount.xeroQuantity(quantity)
        line["UnitAmount"] = DemoAmount.money(unit)
        line["AccountCode"] = .string(account)
        line["TaxType"] = .string(tax)
        line["TaxAmount"] = DemoAmount.money(taxAmount)
        line["LineAmount"] = DemoAmount.money(amount)
        line["Tracking"] = .array([])
        return .object(line)
    }

    private func paymentSummary(_ id: String, date: LocalDate, amount: Int64, reference: String) -> JSONValue {
        .object(
            JSONObject([
                "PaymentID": .string(id), "Date": .string(DemoClock.xero(date)), "Amount": DemoAmount.money(amount),
                "Reference": .string(reference), "CurrencyRate": .number("1.000000"), "HasAccount": .bool(true),
                "HasValidationErrors": .bool(false),
            ]))
    }

    /// The reference the bookkeeper typed for a bank transfer: the order number the customer
    /// gave, or nothing to go on for the customer who gave none.
    func transferReference(_ index: Int) -> String {
        index == ambiguousOrder ? "Bank transfer" : orders[index].number
    }

    func invoices() -> [JSONValue] {
        var records: [(time: Int64, key: String, record: JSONObject)] = []
        for (index, order) in orders.enumerated() {
            guard let posted = order.posted else { continue }
            let number = order.invoiceNumber
            var lines: [JSONValue] = []
            for (position, line) in order.lines.enumerated() {
                let product = products[line.product]
                let unit = product.price
                let id = "line:\(number):\(position)"
                if product.isGiftCard {
                    lines.append(
                        self.line(
                            id, code: product.xeroCode, description: product.name, quantity: line.quantity, unit: unit,
                            account: "835", tax: "NONE", taxAmount: 0, amount: line.row))
                } else {
                    lines.append(
                        self.line(
                            id, code: product.xeroCode,
                            description: product.xeroCode == nil ? "\(product.name) (\(product.sku))" : product.name,
                            quantity: line.quantity, unit: unit, account: "200", tax: "OUTPUT2", taxAmount: line.tax,
                            amount: line.row))
                }
            }
            if order.shipping > 0 {
                lines.append(
                    line(
                        "line:\(number):shipping", code: DemoCatalogue.freight, description: "Shipping - NZ Post",
                        quantity: 1, unit: order.shipping, account: "200", tax: "OUTPUT2", taxAmount: order.shippingTax,
                        amount: order.shipping))
            }
            let date = DemoClock.date(order.created)
            let due = order.method == .card ? date : date.adding(days: 7)
            let paid = order.paidInXero ? order.total : 0
            let updated = order.paidInXero ? recorded(order) : posted
            var record = JSONObject([
                "Type": .string("ACCREC"), "InvoiceID": .string(invoiceID(index)), "InvoiceNumber": .string(number),
                "Reference": .string(order.number),
                "Contact": contact(contactID(customer: order.customer), name: customers[order.customer].name),
                "Date": .string(DemoClock.xero(date)), "DateString": .string(DemoClock.xeroDateString(date)),
                "DueDate": .string(DemoClock.xero(due)), "DueDateString": .string(DemoClock.xeroDateString(due)),
                "Status": .string(order.paidInXero ? "PAID" : "AUTHORISED"), "LineAmountTypes": .string("Inclusive"),
                "LineItems": .array(lines), "SubTotal": DemoAmount.money(order.total - order.tax),
                "TotalTax": DemoAmount.money(order.tax), "Total": DemoAmount.money(order.total),
                "AmountDue": DemoAmount.money(order.total - paid), "AmountPaid": DemoAmount.money(paid),
                "AmountCredited": DemoAmount.money(0), "CurrencyCode": .string("NZD"),
                "CurrencyRate": .number("1.000000"), "UpdatedDateUTC": .string(DemoClock.xero(updated)),
                "HasAttachments": .bool(false),
            ])
            var payments: [JSONValue] = []
            if order.paidInXero, let capture = order.paid {
                payments.append(
                    paymentSummary(
                        paymentID(order: index), date: DemoClock.date(capture), amount: order.total,
                        reference: order.charge ?? transferReference(index)))
            }
            record["Payments"] = .array(payments)
            record["CreditNotes"] = .array([])
            records.append((updated, invoiceID(index), record))
        }
        for bill in bills {
            var lines: [JSONValue] = []
            var subtotal: Int64 = 0
            var tax: Int64 = 0
            for (position, entry) in bill.lines.enumerated() {
                let product = products[entry.product]
                let amount = product.cost * entry.units
                let gst = DemoAmount.gstOn(amount)
                subtotal += amount
                tax += gst
                lines.append(
                    line(
                        "line:\(bill.number):\(position)", code: product.xeroCode, description: product.name,
                        quantity: entry.units, unit: product.cost, account: "630", tax: "INPUT2", taxAmount: gst,
                        amount: amount))
            }
            let due =
                (try? LocalDate(
                    year: bill.date.year + (bill.date.month == 12 ? 1 : 0), month: bill.date.month % 12 + 1, day: 20))
                ?? bill.date
            let id = guid("bill:\(bill.number)")
            let record = JSONObject([
                "Type": .string("ACCPAY"), "InvoiceID": .string(id), "InvoiceNumber": .string(bill.number),
                "Contact": contact(
                    contactID(supplier: bill.supplier), name: DemoCatalogue.suppliers[bill.supplier].name),
                "Date": .string(DemoClock.xero(bill.date)), "DateString": .string(DemoClock.xeroDateString(bill.date)),
                "DueDate": .string(DemoClock.xero(due)), "DueDateString": .string(DemoClock.xeroDateString(due)),
                "Status": .string("AUTHORISED"), "LineAmountTypes": .string("Exclusive"), "LineItems": .array(lines),
                "SubTotal": DemoAmount.money(subtotal), "TotalTax": DemoAmount.money(tax),
                "Total": DemoAmount.money(subtotal + tax), "AmountDue": DemoAmount.money(subtotal + tax),
                "AmountPaid": DemoAmount.money(0), "AmountCredited": DemoAmount.money(0),
                "CurrencyCode": .string("NZD"),
                "CurrencyRate": .number("1.000000"), "UpdatedDateUTC": .string(DemoClock.xero(bill.entered)),
                "HasAttachments": .bool(false), "Payments": .array([]), "CreditNotes": .array([]),
            ])
            records.append((bill.entered, id, record))
        }
        return orderedDocuments(records)
    }

    func creditNotes() -> [JSONValue] {
        var records: [(time: Int64, key: String, record: JSONObject)] = []
        for (index, refund) in refunds.enumerated() {
            guard let number = refund.creditNote else { continue }
            let order = orders[refund.order]
            let date = DemoClock.date(refund.created)
            let description =
                refund.line.map { "Refund: \(products[order.lines[$0].product].name), order \(order.number)" }
                ?? "Goodwill refund, order \(order.number)"
            let tax = DemoAmount.gstIn(refund.amount)
            let time = posted(refund)
            let record = JSONObject([
                "Type": .string("ACCRECCREDIT"), "CreditNoteID": .string(creditNoteID(index)),
                "CreditNoteNumber": .string(number), "Reference": .string(refund.number),
                "Contact": contact(contactID(customer: order.customer), name: customers[order.customer].name),
                "Date": .string(DemoClock.xero(date)), "DateString": .string(DemoClock.xeroDateString(date)),
                "Status": .string("PAID"), "LineAmountTypes": .string("Inclusive"),
                "LineItems": .array([
                    line(
                        "line:\(number):0", code: nil, description: description, quantity: 1, unit: refund.amount,
                        account: "200", tax: "OUTPUT2", taxAmount: tax, amount: refund.amount)
                ]),
                "SubTotal": DemoAmount.money(refund.amount - tax), "TotalTax": DemoAmount.money(tax),
                "Total": DemoAmount.money(refund.amount), "RemainingCredit": DemoAmount.money(0),
                "Allocations": .array([]),
                "Payments": .array([
                    paymentSummary(
                        paymentID(refund: index), date: date, amount: refund.amount, reference: refund.stripeID)
                ]),
                "CurrencyCode": .string("NZD"), "CurrencyRate": .number("1.000000"),
                "UpdatedDateUTC": .string(DemoClock.xero(time)), "HasAttachments": .bool(false),
            ])
            records.append((time, creditNoteID(index), record))
        }
        return orderedDocuments(records)
    }

    func payments() -> [JSONValue] {
        var records: [(time: Int64, key: String, record: JSONObject)] = []
        for (index, order) in orders.enumerated() {
            guard order.paidInXero, let paid = order.paid else { continue }
            let account = order.method == .card ? "092" : "090"
            let time = recorded(order)
            let document = JSONObject([
                "Type": .string("ACCREC"), "InvoiceID": .string(invoiceID(index)),
                "InvoiceNumber": .string(order.invoiceNumber), "Payments": .array([]), "CreditNotes": .array([]),
                "Prepayments": .array([]), "Overpayments": .array([]), "HasErrors": .bool(false),
                "IsDiscounted": .bool(false),
                "Contact": contact(contactID(customer: order.customer), name: customers[order.customer].name),
                "LineItems": .array([]), "CurrencyCode": .string("NZD"),
            ])
            records.append(
                (
                    time, paymentID(order: index),
                    payment(
                        paymentID(order: index), date: DemoClock.date(paid), amount: order.total,
                        reference: order.charge ?? transferReference(index), type: "ACCRECPAYMENT", account: account,
                        time: time, document: ("Invoice", document))
                ))
        }
        for (index, refund) in refunds.enumerated() where refund.creditNote != nil {
            let order = orders[refund.order]
            let time = posted(refund)
            let document = JSONObject([
                "CreditNoteID": .string(creditNoteID(index)), "CreditNoteNumber": .string(refund.creditNote ?? ""),
                "Type": .string("ACCRECCREDIT"),
                "Contact": contact(contactID(customer: order.customer), name: customers[order.customer].name),
                "LineItems": .array([]), "CurrencyCode": .string("NZD"),
            ])
            records.append(
                (
                    time, paymentID(refund: index),
                    payment(
                        paymentID(refund: index), date: DemoClock.date(refund.created), amount: refund.amount,
                        reference: refund.stripeID, type: "ARCREDITPAYMENT", account: "092", time: time,
                        document: ("CreditNote", document))
                ))
        }
        return orderedDocuments(records)
    }

    private func payment(
        _ id: String, date: LocalDate, amount: Int64, reference: String, type: String, account: String, time: Int64,
        document: (key: String, value: JSONObject)
    ) -> JSONObject {
        var record = JSONObject([
            "PaymentID": .string(id), "Date": .string(DemoClock.xero(date)), "BankAmount": DemoAmount.money(amount),
            "Amount": DemoAmount.money(amount), "Reference": .string(reference), "CurrencyRate": .number("1.000000"),
            "PaymentType": .string(type), "Status": .string("AUTHORISED"),
            "UpdatedDateUTC": .string(DemoClock.xero(time)), "HasAccount": .bool(true), "IsReconciled": .bool(false),
            "Account": .object(JSONObject(["AccountID": .string(accountID(account)), "Code": .string(account)])),
        ])
        record[document.key] = .object(document.value)
        record["HasValidationErrors"] = .bool(false)
        return record
    }

    /// For each payout the bookkeeper has done: Stripe's fees spent from the clearing account,
    /// and the payout moved from the clearing account to the bank (a transfer, which the API lists
    /// as a SPEND-TRANSFER and a RECEIVE-TRANSFER), each with the payout id as its reference.
    func bankTransactions() -> [JSONValue] {
        var records: [(time: Int64, key: String, record: JSONObject)] = []
        for payout in payouts where payout.inXero {
            let time = DemoClock.instant(payout.bankDate, hour: 15, minute: 10)
            let fee = line(
                "line:fees:\(payout.id)", code: nil, description: "Stripe fees, payout \(payout.id)", quantity: 1,
                unit: payout.fees, account: "404", tax: "NONE", taxAmount: 0, amount: payout.fees)
            records.append(
                transaction(
                    "fees:\(payout.id)", type: "SPEND", account: ("092", "Stripe Clearing"), reference: payout.id,
                    date: payout.date, amount: payout.fees, lines: [fee], contact: true, time: time))
            records.append(
                transaction(
                    "transfer-out:\(payout.id)", type: "SPEND-TRANSFER", account: ("092", "Stripe Clearing"),
                    reference: payout.id, date: payout.bankDate, amount: payout.net, lines: [], contact: false,
                    time: time + 60))
            records.append(
                transaction(
                    "transfer-in:\(payout.id)", type: "RECEIVE-TRANSFER", account: ("090", "Business Bank Account"),
                    reference: payout.id, date: payout.bankDate, amount: payout.net, lines: [], contact: false,
                    time: time + 60))
        }
        return orderedDocuments(records)
    }

    private func transaction(
        _ name: String, type: String, account: (code: String, name: String), reference: String, date: LocalDate,
        amount: Int64, lines: [JSONValue], contact hasContact: Bool, time: Int64
    ) -> (time: Int64, key: String, record: JSONObject) {
        let id = guid("banktransaction:\(name)")
        var record = JSONObject([
            "BankTransactionID": .string(id),
            "BankAccount": .object(
                JSONObject([
                    "AccountID": .string(accountID(account.code)), "Code": .string(account.code),
                    "Name": .string(account.name),
                ])),
            "Type": .string(type), "Reference": .string(reference), "IsReconciled": .bool(true),
            "HasAttachments": .bool(false),
        ])
        if hasContact { record["Contact"] = contact(stripeContactID, name: "Stripe") }
        record["DateString"] = .string(DemoClock.xeroDateString(date))
        record["Date"] = .string(DemoClock.xero(date))
        record["Status"] = .string("AUTHORISED")
        record["LineAmountTypes"] = .string("NoTax")
        record["LineItems"] = .array(lines)
        record["SubTotal"] = DemoAmount.money(amount)
        record["TotalTax"] = DemoAmount.money(0)
        record["Total"] = DemoAmount.money(amount)
        record["UpdatedDateUTC"] = .string(DemoClock.xero(time))
        record["CurrencyCode"] = .string("NZD")
        return (time, id, record)
    }

    private func orderedDocuments(_ records: [(time: Int64, key: String, record: JSONObject)]) -> [JSONValue] {
        records.sorted { ($0.time, $0.key) < ($1.time, $1.key) }.map { .object($0.record) }
    }

    private func contact(_ id: String, name: String) -> JSONValue {
        .object(JSONObject(["ContactID": .string(id), "Name": .string(name)]))
    }
}
