import Foundation
import StorefrontKit
import TrueUpCore

/// Reads a CSV feed's settings from a YAML mapping, as strictly as `scenario.yaml`: an unknown key
/// or a bad value is an error naming the file, the line and the key.
///
/// ```yaml
/// folder: exports            # relative to the configuration file's folder
/// stock_file: "stock*.csv"   # the newest matching file is read
/// orders_file: "orders*.csv"
/// refunds_file: "refunds*.csv"
/// payments_file: "payments*.csv"   # one row per capture
/// delimiter: auto            # or ",", ";", tab, "|"
/// encoding: auto             # or utf-8, utf-16, windows-1252, iso-8859-1
/// decimal_separator: auto    # or ".", ","
/// date_format: dd.MM.yyyy HH:mm
/// timezone: Europe/Berlin
/// output: exports/outbox
/// whole_units: true
/// source: default
/// columns:
///   stock: {sku: Artikelnummer, quantity: Bestand, source: Lager}
///   orders: {number: Bestellnummer, created_at: Datum, sku: Artikelnummer, quantity: Menge, currency: Waehrung,
///            payment_method: Zahlart, amount_paid: Bezahlt, transaction_id: Transaktion}
///   refunds: {number: Gutschrift, total: Betrag, transaction_id: Transaktion}
///   payments: {id: Zahlung, order: Bestellnummer, transaction_id: Transaktion, amount: Betrag,
///              currency: Waehrung, date: Datum}
/// ```
enum CSVFeedConfig {
    static let keys = [
        "folder", "stock_file", "orders_file", "refunds_file", "payments_file", "delimiter", "encoding",
        "decimal_separator", "date_format", "timezone", "output", "columns", "whole_units", "source",
    ]
    static let columnKeys = ["stock", "orders", "refunds", "payments"]
    static let stockColumnKeys = ["sku", "quantity", "source"]
    static let orderColumnKeys = [
        "number", "id", "created_at", "updated_at", "sku", "quantity", "canceled", "refunded", "currency", "status",
        "payment_method", "amount_paid", "transaction_id",
    ]
    static let refundColumnKeys = [
        "number", "id", "order", "created_at", "updated_at", "sku", "quantity", "restocked", "currency", "total",
        "transaction_id",
    ]
    static let paymentColumnKeys = ["id", "order", "transaction_id", "amount", "currency", "date", "method"]

    /// The settings in `mapping`; `folder` and `output`, when relative, are taken from `relativeTo`
    /// (the configuration file's folder).
    static func read(_ mapping: YAMLReader, relativeTo base: String) throws(TrueUpError) -> CSVFeedSettings {
        try mapping.allowOnly(keys)
        let folder = resolve(try mapping.requiredString("folder"), against: base)
        var settings = CSVFeedSettings(folder: folder)
        settings.stockFile = try pattern(mapping, "stock_file") ?? settings.stockFile
        settings.ordersFile = try pattern(mapping, "orders_file") ?? settings.ordersFile
        settings.refundsFile = try pattern(mapping, "refunds_file")
        settings.paymentsFile = try pattern(mapping, "payments_file")
        if let text = try mapping.string("delimiter") {
            guard let delimiter = CSVFeedSettings.Delimiter(text: text) else {
                throw mapping.valueError(
                    "delimiter", "expected auto, \",\", \";\", tab or \"|\", found \"\(printable(text))\"")
            }
            settings.delimiter = delimiter
        }
        if let text = try mapping.string("encoding") {
            guard let encoding = CSVFeedSettings.Encoding(text: text) else {
                throw mapping.valueError(
                    "encoding", "expected auto, utf-8, utf-16, windows-1252 or iso-8859-1, found \"\(text)\"")
            }
            settings.encoding = encoding
        }
        if let text = try mapping.string("decimal_separator") {
            guard let separator = CSVFeedSettings.DecimalSeparator(text: text) else {
                throw mapping.valueError("decimal_separator", "expected auto, \".\" or \",\", found \"\(text)\"")
            }
            settings.decimalSeparator = separator
        }
        if let zone = try mapping.string("timezone") {
            guard TimeZone(identifier: zone) != nil else {
                throw mapping.valueError("timezone", "\"\(zone)\" is not a timezone name such as Europe/Berlin")
            }
            settings.timeZone = zone
        }
        if let format = try mapping.string("date_format") {
            guard !format.isEmpty else {
                throw mapping.valueError("date_format", "expected a pattern such as dd.MM.yyyy")
            }
            if settings.timeZone == nil, !CSVFeedSettings.dateFormatHasZone(format) {
                throw mapping.valueError(
                    "date_format",
                    "\"\(format)\" has no zone field, so its times need a timezone: set timezone "
                        + "(such as Europe/Berlin)")
            }
            settings.dateFormat = format
        }
        if let output = try mapping.string("output") {
            guard !output.isEmpty else { throw mapping.valueError("output", "expected a folder") }
            settings.output = resolve(output, against: base)
        }
        settings.wholeUnits = try mapping.bool("whole_units") ?? settings.wholeUnits
        if let source = try mapping.string("source") {
            guard !source.isEmpty else { throw mapping.valueError("source", "expected a source name such as default") }
            settings.source = source
        }
        if let columns = try mapping.mapping("columns") {
            try columns.allowOnly(columnKeys)
            if let stock = try columns.mapping("stock") {
                try stock.allowOnly(stockColumnKeys)
                settings.columns.stock.sku = try column(stock, "sku") ?? settings.columns.stock.sku
                settings.columns.stock.quantity = try column(stock, "quantity") ?? settings.columns.stock.quantity
                settings.columns.stock.source = try column(stock, "source")
            }
            if let orders = try columns.mapping("orders") {
                try orders.allowOnly(orderColumnKeys)
                var read = settings.columns.orders
                read.number = try column(orders, "number") ?? read.number
                read.id = try column(orders, "id")
                read.createdAt = try column(orders, "created_at") ?? read.createdAt
                read.updatedAt = try column(orders, "updated_at")
                read.sku = try column(orders, "sku") ?? read.sku
                read.quantity = try column(orders, "quantity") ?? read.quantity
                read.canceled = try column(orders, "canceled")
                read.refunded = try column(orders, "refunded")
                read.currency = try column(orders, "currency") ?? read.currency
                read.status = try column(orders, "status")
                read.paymentMethod = try column(orders, "payment_method")
                read.amountPaid = try column(orders, "amount_paid")
                read.transactionID = try column(orders, "transaction_id")
                settings.columns.orders = read
            }
            if let refunds = try columns.mapping("refunds") {
                try refunds.allowOnly(refundColumnKeys)
                var read = settings.columns.refunds
                read.number = try column(refunds, "number") ?? read.number
                read.id = try column(refunds, "id")
                read.order = try column(refunds, "order") ?? read.order
                read.createdAt = try column(refunds, "created_at") ?? read.createdAt
                read.updatedAt = try column(refunds, "updated_at")
                read.sku = try column(refunds, "sku") ?? read.sku
                read.quantity = try column(refunds, "quantity") ?? read.quantity
                read.restocked = try column(refunds, "restocked")
                read.currency = try column(refunds, "currency") ?? read.currency
                read.total = try column(refunds, "total")
                read.transactionID = try column(refunds, "transaction_id")
                settings.columns.refunds = read
            }
            if let payments = try columns.mapping("payments") {
                try payments.allowOnly(paymentColumnKeys)
                var read = settings.columns.payments
                read.id = try column(payments, "id") ?? read.id
                read.order = try column(payments, "order") ?? read.order
                read.transactionID = try column(payments, "transaction_id")
                read.amount = try column(payments, "amount") ?? read.amount
                read.currency = try column(payments, "currency")
                read.method = try column(payments, "method")
                read.date = try column(payments, "date") ?? read.date
                settings.columns.payments = read
            }
        }
        do {
            try settings.validate()
        } catch {
            throw mapping.error(at: nil, error.message)
        }
        return settings
    }

    /// A file name or pattern, checked.
    private static func pattern(_ mapping: YAMLReader, _ key: String) throws(TrueUpError) -> String? {
        guard let text = try mapping.string(key) else { return nil }
        if let problem = CSVFeedSettings.problem(withPattern: text) { throw mapping.valueError(key, problem) }
        return text
    }

    /// A column name: text that is not empty.
    private static func column(_ mapping: YAMLReader, _ key: String) throws(TrueUpError) -> String? {
        guard let name = try mapping.string(key) else { return nil }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw mapping.valueError(key, "expected the name of a column in the file's header row")
        }
        return name
    }

    /// `path` as an absolute path: as it is when absolute, else under `base`.
    private static func resolve(_ path: String, against base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        return (absolute as NSString).standardizingPath
    }

    /// Text with a tab shown as `\t`.
    private static func printable(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: "\\t")
    }
}
