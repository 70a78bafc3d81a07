import StorefrontKit
import Testing
import TrueUpCore

@testable import TrueUpJobs

@Suite("CSV feed settings in YAML")
struct CSVFeedConfigTests {
    static func read(_ yaml: String) throws -> CSVFeedSettings {
        try CSVFeedConfig.read(try YAMLReader.load(yaml, file: "feed.yaml"), relativeTo: "/etc/trueup/pairs")
    }

    static func error(_ yaml: String) -> String? {
        do {
            _ = try read(yaml)
            return nil
        } catch let error as TrueUpError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func everyKeyIsRead() throws {
        let settings = try Self.read(
            """
            folder: ../exports
            stock_file: "Bestand*.csv"
            orders_file: orders/*.csv
            refunds_file: "gutschriften-*.csv"
            delimiter: ";"
            encoding: Windows-1252
            decimal_separator: ","
            date_format: dd.MM.yyyy HH:mm
            timezone: Europe/Berlin
            output: /srv/shop/import
            whole_units: false
            source: lager-1
            columns:
              stock: {sku: Artikelnummer, quantity: Bestand, source: Lager}
              orders:
                number: Bestellnummer
                id: Bestell-ID
                created_at: Datum
                updated_at: Geaendert
                sku: Artikelnummer
                quantity: Menge
                canceled: Storniert
                refunded: Erstattet
                currency: Waehrung
                status: Status
              refunds:
                number: Gutschrift
                order: Bestellnummer
                restocked: Zurueck
            """)
        var expected = CSVFeedSettings(
            folder: "/etc/trueup/exports", stockFile: "Bestand*.csv", ordersFile: "orders/*.csv",
            refundsFile: "gutschriften-*.csv", delimiter: .semicolon, encoding: .windows1252,
            decimalSeparator: .comma, dateFormat: "dd.MM.yyyy HH:mm", timeZone: "Europe/Berlin",
            output: "/srv/shop/import", wholeUnits: false, source: "lager-1")
        expected.columns.stock = CSVFeedSettings.StockColumns(
            sku: "Artikelnummer", quantity: "Bestand", source: "Lager")
        expected.columns.orders = CSVFeedSettings.OrderColumns(
            number: "Bestellnummer", id: "Bestell-ID", createdAt: "Datum", updatedAt: "Geaendert", sku: "Artikelnummer",
            quantity: "Menge", canceled: "Storniert", refunded: "Erstattet", currency: "Waehrung", status: "Status")
        expected.columns.refunds = CSVFeedSettings.RefundColumns(
            number: "Gutschrift", order: "Bestellnummer", restocked: "Zurueck")
        #expect(settings == expected)
    }

    @Test func onlyTheFolderIsRequired() throws {
        let settings = try Self.read("folder: exports\n")
        #expect(settings == CSVFeedSettings(folder: "/etc/trueup/pairs/exports"))
        #expect(settings.outputFolder == "/etc/trueup/pairs/exports/outbox")
        #expect(try Self.read("folder: exports\noutput: out\n").outputFolder == "/etc/trueup/pairs/out")
        #expect(try Self.read("folder: exports\ndelimiter: tab\n").delimiter == .tab)
        #expect(try Self.read("folder: exports\ndelimiter: \"\\t\"\n").delimiter == .tab)
        #expect(Self.error("stock_file: x.csv\n")?.contains("folder is required") == true)
    }

    @Test(arguments: [
        ("folder: x\nstock_files: a.csv\n", "feed.yaml line 2: stock_files: unknown key"),
        ("folder: x\ndelimiter: \"#\"\n", "feed.yaml line 2: delimiter: expected auto"),
        ("folder: x\nencoding: ebcdic\n", "feed.yaml line 2: encoding: expected auto, utf-8"),
        ("folder: x\ndecimal_separator: \"'\"\n", "feed.yaml line 2: decimal_separator: expected auto"),
        ("folder: x\ntimezone: Europe/Bonn\n", "feed.yaml line 2: timezone: \"Europe/Bonn\" is not a timezone"),
        ("folder: x\n\ndate_format: dd.MM.yyyy\n", "feed.yaml line 3: date_format: \"dd.MM.yyyy\" has no zone field"),
        ("folder: x\nwhole_units: maybe\n", "feed.yaml line 2: whole_units: expected true or false"),
        ("folder: x\nstock_file: \"*/stock.csv\"\n", "feed.yaml line 2: stock_file: \"*/stock.csv\": only the file"),
        ("folder: x\ncolumns:\n  stock:\n    qty: Menge\n", "feed.yaml line 4: columns.stock.qty: unknown key"),
        ("folder: x\ncolumns:\n  orders:\n    sku: \"\"\n", "feed.yaml line 4: columns.orders.sku: expected the name"),
        ("folder: x\ncolumns:\n  captures: {}\n", "feed.yaml line 3: columns.captures: unknown key"),
        ("folder: x\ncolumns:\n  payments:\n    total: Betrag\n", "feed.yaml line 4: columns.payments.total: unknown"),
        ("folder: x\ncolumns:\n  refunds:\n    amount: Betrag\n", "feed.yaml line 4: columns.refunds.amount: unknown"),
        (
            "folder: x\ncolumns:\n  payments:\n    amount: \" \"\n",
            "feed.yaml line 4: columns.payments.amount: expected"
        ),
        ("folder: x\npayments_file: \"\"\n", "feed.yaml line 2: payments_file: the file name or pattern is empty"),
        ("folder: x\nsource: \"\"\n", "feed.yaml line 2: source: expected a source name"),
    ])
    func badValuesNameTheKeyAndTheLine(yaml: String, expected: String) {
        let message = Self.error(yaml)
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
    }

    @Test func thePaymentKeysAreRead() throws {
        let settings = try Self.read(
            """
            folder: exports
            payments_file: "zahlungen-*.csv"
            columns:
              orders: {payment_method: Zahlart, amount_paid: Bezahlt, transaction_id: Transaktion}
              refunds: {total: Betrag, transaction_id: Referenz}
              payments:
                id: Zahlung
                order: Bestellung
                transaction_id: Transaktion
                amount: Betrag
                currency: Waehrung
                date: Datum
            """)
        var expected = CSVFeedSettings(folder: "/etc/trueup/pairs/exports", paymentsFile: "zahlungen-*.csv")
        expected.columns.orders.paymentMethod = "Zahlart"
        expected.columns.orders.amountPaid = "Bezahlt"
        expected.columns.orders.transactionID = "Transaktion"
        expected.columns.refunds.total = "Betrag"
        expected.columns.refunds.transactionID = "Referenz"
        expected.columns.payments = CSVFeedSettings.PaymentColumns(
            id: "Zahlung", order: "Bestellung", transactionID: "Transaktion", amount: "Betrag", currency: "Waehrung",
            date: "Datum")
        #expect(settings == expected)

        // Unset, the payment columns keep their conventional names and no payment files are read.
        let defaults = try Self.read("folder: exports\ncolumns:\n  payments: {amount: Summe}\n")
        #expect(defaults.paymentsFile == nil)
        #expect(defaults.columns.payments == CSVFeedSettings.PaymentColumns(amount: "Summe"))
        #expect(defaults.columns.payments.id == "payment_id")
        #expect(defaults.columns.payments.date == "date")
    }

    @Test func aDateFormatWithAZoneNeedsNoTimezone() throws {
        let settings = try Self.read("folder: /data/feed\ndate_format: \"yyyy-MM-dd HH:mm:ssXXX\"\n")
        #expect(settings.folder == "/data/feed")
        #expect(settings.dateFormat == "yyyy-MM-dd HH:mm:ssXXX")
        #expect(settings.timeZone == nil)
    }
}
