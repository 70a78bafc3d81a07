import Foundation
public import TrueUpCore

/// Where a shop without an API drops its CSV files, and how to read them.
///
/// Files. The stock file is one file: the newest (by modification time) of those whose names match
/// ``stockFile``. Orders, refunds and payments are every file matching ``ordersFile``,
/// ``refundsFile`` and ``paymentsFile``.
/// A pattern is a file name in ``folder`` (or a path under it) whose last part may use `*` and `?`;
/// names match without regard to letter case, so `stock*.csv` also finds `Stock-Nov.CSV`.
///
/// Text. ``encoding`` and ``delimiter`` default to `auto`, which reads what a spreadsheet saves:
/// UTF-8 with or without a byte order mark, UTF-16 with one, else Windows-1252 (Excel's "CSV" in
/// Western Europe); commas, semicolons, tabs or pipes, whichever the header line has most of
/// outside quotes. With a `;` delimiter, quantities and amounts are read with a decimal comma unless
/// ``decimalSeparator`` says otherwise.
///
/// Times. A time with a UTC offset (`2026-11-19T10:15:00+01:00`, `…Z`) is read as it is. A time
/// without one — an ISO 8601 local time, a date, or text in ``dateFormat`` — is read in
/// ``timeZone``, and is a problem when no timezone is set: TrueUp does not guess.
public struct CSVFeedSettings: Sendable, Hashable, Codable {
    /// The folder the shop's exports land in.
    public var folder: String
    /// The stock file's name or pattern; when several files match, the newest is read.
    public var stockFile: String
    /// The order files' pattern: every matching file is read; none matching reads no orders.
    public var ordersFile: String
    /// The refund files' pattern, or `nil` when the shop exports no refunds.
    public var refundsFile: String?
    /// The payment files' pattern (one row per capture), or `nil` when the shop exports no payments.
    public var paymentsFile: String?
    public var delimiter: Delimiter
    public var encoding: Encoding
    public var decimalSeparator: DecimalSeparator
    /// A Unicode date pattern (`dd.MM.yyyy HH:mm`) for times that are not ISO 8601.
    public var dateFormat: String?
    /// The IANA timezone (`Europe/Berlin`) of times written without a UTC offset.
    public var timeZone: String?
    /// Where stock corrections are written; `nil` is `<folder>/outbox`.
    public var output: String?
    public var columns: Columns
    /// Whether the shop keeps whole units: a fractional stock write is then refused.
    public var wholeUnits: Bool
    /// The source of every stock row when the stock file has no source column.
    public var source: String

    public init(
        folder: String, stockFile: String = "stock*.csv", ordersFile: String = "orders*.csv",
        refundsFile: String? = nil, paymentsFile: String? = nil, delimiter: Delimiter = .auto,
        encoding: Encoding = .auto, decimalSeparator: DecimalSeparator = .auto, dateFormat: String? = nil,
        timeZone: String? = nil, output: String? = nil, columns: Columns = Columns(), wholeUnits: Bool = true,
        source: String = "default"
    ) {
        self.folder = folder
        self.stockFile = stockFile
        self.ordersFile = ordersFile
        self.refundsFile = refundsFile
        self.paymentsFile = paymentsFile
        self.delimiter = delimiter
        self.encoding = encoding
        self.decimalSeparator = decimalSeparator
        self.dateFormat = dateFormat
        self.timeZone = timeZone
        self.output = output
        self.columns = columns
        self.wholeUnits = wholeUnits
        self.source = source
    }

    /// The folder stock corrections are written to.
    public var outputFolder: String { output ?? (folder as NSString).appendingPathComponent("outbox") }

    /// Refuses settings that cannot work, saying which and how to fix them: an unknown timezone,
    /// a `date_format` that gives no zone while no `timezone` is set, an empty folder, pattern or
    /// source.
    public func validate() throws(TrueUpError) {
        guard !folder.isEmpty else { throw .usage("the CSV feed needs a folder: set folder in its settings") }
        let patterns = [
            ("stock_file", stockFile), ("orders_file", ordersFile), ("refunds_file", refundsFile),
            ("payments_file", paymentsFile),
        ]
        for (key, pattern) in patterns {
            guard let pattern else { continue }
            if let problem = CSVFeedFiles.patternProblem(pattern) { throw .usage("CSV feed \(key): \(problem)") }
        }
        guard !source.isEmpty else { throw .usage("CSV feed source: the default source name cannot be empty") }
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw .usage("CSV feed timezone: \"\(timeZone)\" is not a timezone name such as Europe/Berlin")
        }
        if let dateFormat {
            guard !dateFormat.isEmpty else { throw .usage("CSV feed date_format: the pattern is empty") }
            if timeZone == nil, !CSVFeedDates.patternHasZone(dateFormat) {
                throw .usage(
                    "CSV feed date_format \"\(dateFormat)\" has no zone field: set timezone (such as Europe/Berlin) "
                        + "so that its times can be placed")
            }
        }
        for (key, name) in columns.allNames where name?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            throw .usage("CSV feed columns.\(key): the column name cannot be empty")
        }
    }

    /// Why a file name or pattern cannot be used (empty, a folder, a wildcard in a folder), or
    /// `nil` when it can.
    public static func problem(withPattern pattern: String) -> String? {
        CSVFeedFiles.patternProblem(pattern)
    }

    /// Whether a date pattern has a zone field (`Z`, `X`, `x`, `O`, `z`, `v`, `V`), so that its
    /// times can be placed without ``timeZone``.
    public static func dateFormatHasZone(_ pattern: String) -> Bool {
        CSVFeedDates.patternHasZone(pattern)
    }

    /// The character between cells.
    public enum Delimiter: String, Sendable, Hashable, Codable, CaseIterable {
        /// Whichever of `,` `;` tab `|` the header line has most of, outside quotes (`,` on a tie).
        case auto
        case comma
        case semicolon
        case tab
        case pipe

        /// The byte, or `nil` for ``auto``.
        var byte: UInt8? {
            switch self {
            case .auto: nil
            case .comma: UInt8(ascii: ",")
            case .semicolon: UInt8(ascii: ";")
            case .tab: UInt8(ascii: "\t")
            case .pipe: UInt8(ascii: "|")
            }
        }

        /// Reads `auto`, a delimiter's name (`semicolon`) or the character itself (`;`, a tab).
        public init?(text: String) {
            switch text.lowercased() {
            case "auto": self = .auto
            case ",", "comma": self = .comma
            case ";", "semicolon": self = .semicolon
            case "\t", "\\t", "tab": self = .tab
            case "|", "pipe": self = .pipe
            default: return nil
            }
        }
    }

    /// How the file's bytes are text.
    public enum Encoding: String, Sendable, Hashable, Codable, CaseIterable {
        /// A byte order mark decides (UTF-8, UTF-16 LE or BE); without one, UTF-8 when the bytes
        /// are valid UTF-8, else Windows-1252.
        case auto
        /// UTF-8, with or without a byte order mark.
        case utf8 = "utf-8"
        /// UTF-16 in the order its byte order mark gives, little-endian without one.
        case utf16 = "utf-16"
        case utf16LE = "utf-16le"
        case utf16BE = "utf-16be"
        /// Windows' Western European code page, which Excel uses for "CSV (Comma delimited)".
        case windows1252 = "windows-1252"
        /// ISO 8859-1 (Latin-1).
        case latin1 = "iso-8859-1"

        /// Reads a name as people write it: `UTF-8`, `utf8`, `cp1252`, `latin1`.
        public init?(text: String) {
            let name = text.lowercased().replacingOccurrences(of: "_", with: "-")
            switch name {
            case "auto": self = .auto
            case "utf-8", "utf8": self = .utf8
            case "utf-16", "utf16": self = .utf16
            case "utf-16le", "utf16le", "utf-16-le": self = .utf16LE
            case "utf-16be", "utf16be", "utf-16-be": self = .utf16BE
            case "windows-1252", "cp1252", "windows1252": self = .windows1252
            case "iso-8859-1", "latin1", "latin-1", "iso8859-1": self = .latin1
            default: return nil
            }
        }
    }

    /// The character between a quantity's or an amount's whole units and its fraction.
    public enum DecimalSeparator: String, Sendable, Hashable, Codable, CaseIterable {
        /// `,` when the delimiter is `;` (as spreadsheets in much of Europe save), else `.`.
        case auto
        case point = "."
        case comma = ","

        public init?(text: String) {
            switch text.lowercased() {
            case "auto": self = .auto
            case ".", "point", "dot": self = .point
            case ",", "comma": self = .comma
            default: return nil
            }
        }
    }

    /// Which column holds what. An optional column left `nil` is read from its conventional name
    /// when the file has it; a column named here must be in the file.
    public struct Columns: Sendable, Hashable, Codable {
        public var stock: StockColumns
        public var orders: OrderColumns
        public var refunds: RefundColumns
        public var payments: PaymentColumns

        public init(
            stock: StockColumns = StockColumns(), orders: OrderColumns = OrderColumns(),
            refunds: RefundColumns = RefundColumns(), payments: PaymentColumns = PaymentColumns()
        ) {
            self.stock = stock
            self.orders = orders
            self.refunds = refunds
            self.payments = payments
        }

        private enum CodingKeys: String, CodingKey {
            case stock, orders, refunds, payments
        }

        /// Reads settings stored before a section was added with that section's defaults.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stock = try container.decodeIfPresent(StockColumns.self, forKey: .stock) ?? StockColumns()
            orders = try container.decodeIfPresent(OrderColumns.self, forKey: .orders) ?? OrderColumns()
            refunds = try container.decodeIfPresent(RefundColumns.self, forKey: .refunds) ?? RefundColumns()
            payments = try container.decodeIfPresent(PaymentColumns.self, forKey: .payments) ?? PaymentColumns()
        }

        /// Every column name with its settings key, `nil` where an optional one is left unset.
        var allNames: [(key: String, name: String?)] {
            [
                ("stock.sku", stock.sku), ("stock.quantity", stock.quantity), ("stock.source", stock.source),
                ("orders.number", orders.number), ("orders.id", orders.id), ("orders.created_at", orders.createdAt),
                ("orders.updated_at", orders.updatedAt), ("orders.sku", orders.sku),
                ("orders.quantity", orders.quantity), ("orders.canceled", orders.canceled),
                ("orders.refunded", orders.refunded), ("orders.currency", orders.currency),
                ("orders.status", orders.status), ("orders.payment_method", orders.paymentMethod),
                ("orders.amount_paid", orders.amountPaid), ("orders.transaction_id", orders.transactionID),
                ("refunds.number", refunds.number), ("refunds.id", refunds.id), ("refunds.order", refunds.order),
                ("refunds.created_at", refunds.createdAt), ("refunds.updated_at", refunds.updatedAt),
                ("refunds.sku", refunds.sku), ("refunds.quantity", refunds.quantity),
                ("refunds.restocked", refunds.restocked), ("refunds.currency", refunds.currency),
                ("refunds.total", refunds.total), ("refunds.transaction_id", refunds.transactionID),
                ("payments.id", payments.id), ("payments.order", payments.order),
                ("payments.transaction_id", payments.transactionID), ("payments.amount", payments.amount),
                ("payments.method", payments.method),
                ("payments.currency", payments.currency), ("payments.date", payments.date),
            ]
        }
    }

    /// The stock file: one row per SKU and source.
    public struct StockColumns: Sendable, Hashable, Codable {
        public var sku: String
        public var quantity: String
        /// The source or location; `nil` reads a `source` column when there is one, and otherwise
        /// puts every row in ``CSVFeedSettings/source``.
        public var source: String?

        public init(sku: String = "sku", quantity: String = "quantity", source: String? = nil) {
            self.sku = sku
            self.quantity = quantity
            self.source = source
        }
    }

    /// The order files: one row per order line, the rows of one order sharing its number. The
    /// payment columns are the order's own: a row may leave them empty, and the rows that fill
    /// them must agree.
    public struct OrderColumns: Sendable, Hashable, Codable {
        public var number: String
        /// The order's id; `nil` uses the number.
        public var id: String?
        public var createdAt: String
        /// When the order last changed; `nil` reads `updated_at` when there is one, else the
        /// creation time stands for it.
        public var updatedAt: String?
        public var sku: String
        public var quantity: String
        /// Units canceled; `nil` reads `quantity_canceled` when there is one, else none.
        public var canceled: String?
        /// Units refunded; `nil` reads `quantity_refunded` when there is one, else none.
        public var refunded: String?
        public var currency: String
        /// The order's status; `nil` reads `status` when there is one, else the status is empty.
        public var status: String?
        /// The payment method (`paypal`, `card`); `nil` reads `payment_method` when there is one.
        public var paymentMethod: String?
        /// What the customer has paid so far, in the order's currency; `nil` reads `amount_paid`
        /// when there is one.
        public var amountPaid: String?
        /// The payment gateway's id of the order's latest transaction; `nil` reads `transaction_id`
        /// when there is one.
        public var transactionID: String?

        public init(
            number: String = "order_number", id: String? = nil, createdAt: String = "created_at",
            updatedAt: String? = nil, sku: String = "sku", quantity: String = "quantity", canceled: String? = nil,
            refunded: String? = nil, currency: String = "currency", status: String? = nil,
            paymentMethod: String? = nil, amountPaid: String? = nil, transactionID: String? = nil
        ) {
            self.number = number
            self.id = id
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.sku = sku
            self.quantity = quantity
            self.canceled = canceled
            self.refunded = refunded
            self.currency = currency
            self.status = status
            self.paymentMethod = paymentMethod
            self.amountPaid = amountPaid
            self.transactionID = transactionID
        }
    }

    /// The refund files: one row per refund line, the rows of one refund sharing its number.
    public struct RefundColumns: Sendable, Hashable, Codable {
        public var number: String
        /// The refund's id; `nil` uses the number.
        public var id: String?
        /// The refunded order's id: its number, unless the orders' `id` column is mapped.
        public var order: String
        public var createdAt: String
        /// `nil` reads `updated_at` when there is one, else the creation time stands for it.
        public var updatedAt: String?
        public var sku: String
        /// Units refunded.
        public var quantity: String
        /// Units put back into stock; `nil` reads `quantity_restocked` when there is one, else none
        /// are taken to be back in stock.
        public var restocked: String?
        public var currency: String
        /// The money refunded, in the refund's currency; `nil` reads `refund_total` when there is
        /// one. With one row per line, the first row that gives it counts, and rows that give
        /// another total keep the refund out.
        public var total: String?
        /// The payment gateway's id of the refund; `nil` reads `transaction_id` when there is one.
        public var transactionID: String?

        public init(
            number: String = "refund_number", id: String? = nil, order: String = "order_number",
            createdAt: String = "created_at", updatedAt: String? = nil, sku: String = "sku",
            quantity: String = "quantity", restocked: String? = nil, currency: String = "currency",
            total: String? = nil, transactionID: String? = nil
        ) {
            self.number = number
            self.id = id
            self.order = order
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.sku = sku
            self.quantity = quantity
            self.restocked = restocked
            self.currency = currency
            self.total = total
            self.transactionID = transactionID
        }
    }

    /// The payment files: one row per capture (money taken for an order).
    public struct PaymentColumns: Sendable, Hashable, Codable {
        /// The payment's own id.
        public var id: String
        /// The paid order's id: its number, unless the orders' `id` column is mapped.
        public var order: String
        /// The payment gateway's transaction id; `nil` reads `transaction_id` when there is one.
        public var transactionID: String?
        /// The money taken.
        public var amount: String
        /// `nil` reads `currency` when there is one; a row without a currency is in its order's.
        public var currency: String?
        /// When the money was taken, read as the orders' times are.
        public var date: String
        /// The payment method; `nil` reads `method` when there is one, else the order's applies.
        public var method: String?

        public init(
            id: String = "payment_id", order: String = "order_number", transactionID: String? = nil,
            amount: String = "amount", currency: String? = nil, date: String = "date", method: String? = nil
        ) {
            self.id = id
            self.order = order
            self.transactionID = transactionID
            self.amount = amount
            self.currency = currency
            self.date = date
            self.method = method
        }
    }
}
