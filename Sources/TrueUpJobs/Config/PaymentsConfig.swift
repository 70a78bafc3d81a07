import TrueUpCore
import TrueUpEngine

/// The files a pair's payments match reads besides the APIs: bank statements and payout files.
public struct PaymentFiles: Sendable, Hashable, Codable {
    /// Bank statement files (camt.053, OFX, CSV), as given or relative to the pair file's folder.
    public var statements: [String]
    /// `camt053`, `ofx` or `csv`; `nil` tells by each file's content.
    public var statementFormat: String?
    /// Payout (settlement) CSV files from the payment gateway.
    public var payouts: [String]
    /// How a CSV bank statement's columns read.
    public var statementCSV: StatementColumns?

    public init(
        statements: [String] = [], statementFormat: String? = nil, payouts: [String] = [],
        statementCSV: StatementColumns? = nil
    ) {
        self.statements = statements
        self.statementFormat = statementFormat
        self.payouts = payouts
        self.statementCSV = statementCSV
    }
}

/// The columns of a CSV bank statement (the `statement_csv:` section): one signed `amount`
/// column or a `credit` and a `debit` column; the `currency` column or one `fixed_currency`.
public struct StatementColumns: Sendable, Hashable, Codable {
    public var date = "date"
    public var amount: String?
    public var credit: String?
    public var debit: String?
    public var currency: String?
    public var fixedCurrency: String?
    public var reference: String?
    public var description: [String] = []
    public var id: String?
    public var valueDate: String?
    public var dateFormat = "yyyy-MM-dd"
    /// `.` or `,`.
    public var decimalSeparator = "."
    public var delimiter = ","

    public init() {}
}

/// Reads the `payments:` section of a scenario or pair file.
enum PaymentsConfig {
    static let keys = [
        "tolerance", "settlement_days", "payment_account", "fee_account", "rounding_account", "bank_account",
        "refund_account", "methods", "subset", "statements", "statement_format", "statement_csv", "payouts",
    ]
    static let statementCSVKeys = [
        "date", "amount", "credit", "debit", "currency", "fixed_currency", "reference", "description", "id",
        "value_date", "date_format", "decimal_separator", "delimiter",
    ]
    static let toleranceKeys = ["absolute", "relative_percent", "date_window_days"]
    static let methodKeys = ["tolerance", "account", "settlement_days"]
    static let subsetKeys = ["candidate_cap", "step_cap"]

    /// The match settings and files. The absolute tolerance is an amount with up to two decimals
    /// (`0.05`), scaled to each currency's decimals when it is applied.
    static func read(
        _ section: YAMLReader, relativeTo folder: String
    ) throws(TrueUpError) -> (PaymentMatchSettings, PaymentFiles) {
        try section.allowOnly(keys)
        var settings = PaymentMatchSettings()
        if let tolerance = try section.mapping("tolerance") {
            settings.tolerance = try readTolerance(tolerance, default: settings.tolerance)
        }
        settings.settlementDays = try section.integer("settlement_days", in: 0...366) ?? settings.settlementDays
        settings.paymentAccount = try section.string("payment_account")
        settings.feeAccount = try section.string("fee_account")
        settings.roundingAccount = try section.string("rounding_account")
        settings.bankAccount = try section.string("bank_account")
        settings.refundAccount = try section.string("refund_account")
        if let methods = try section.mapping("methods") {
            for (name, _, _) in try methods.entries() {
                guard let method = try methods.mapping(name) else {
                    throw methods.valueError(name, "expected a mapping with account, settlement_days or tolerance")
                }
                try method.allowOnly(methodKeys)
                var read = PaymentMethodSettings()
                read.account = try method.string("account")
                read.settlementDays = try method.integer("settlement_days", in: 0...366)
                if let tolerance = try method.mapping("tolerance") {
                    read.tolerance = try readTolerance(tolerance, default: settings.tolerance)
                }
                settings.methods[name] = read
            }
        }
        if let subset = try section.mapping("subset") {
            try subset.allowOnly(subsetKeys)
            settings.subsetCandidateCap =
                try subset.integer("candidate_cap", in: 1...40) ?? settings.subsetCandidateCap
            settings.subsetStepCap = try subset.integer("step_cap", in: 1...10_000_000) ?? settings.subsetStepCap
        }
        var files = PaymentFiles()
        files.statements = (try section.stringList("statements") ?? []).map { resolve($0, in: folder) }
        files.payouts = (try section.stringList("payouts") ?? []).map { resolve($0, in: folder) }
        if let format = try section.string("statement_format") {
            guard ["camt053", "ofx", "csv"].contains(format) else {
                throw section.valueError("statement_format", "expected camt053, ofx or csv, found \"\(format)\"")
            }
            files.statementFormat = format
        }
        if let columns = try section.mapping("statement_csv") {
            files.statementCSV = try readStatementColumns(columns)
        }
        return (settings, files)
    }

    private static func readStatementColumns(_ section: YAMLReader) throws(TrueUpError) -> StatementColumns {
        try section.allowOnly(statementCSVKeys)
        var columns = StatementColumns()
        columns.date = try section.string("date") ?? columns.date
        columns.amount = try section.string("amount")
        columns.credit = try section.string("credit")
        columns.debit = try section.string("debit")
        guard (columns.amount == nil) == (columns.credit != nil && columns.debit != nil) else {
            throw section.valueError("amount", "give either amount (one signed column) or both credit and debit")
        }
        columns.currency = try section.string("currency")
        columns.fixedCurrency = try section.string("fixed_currency")
        if let code = columns.fixedCurrency {
            do {
                _ = try Currency(code: code)
            } catch {
                throw section.valueError("fixed_currency", error.description)
            }
        }
        guard (columns.currency == nil) != (columns.fixedCurrency == nil) else {
            throw section.valueError("currency", "give either currency (a column) or fixed_currency (such as NZD)")
        }
        columns.reference = try section.string("reference")
        columns.description = try section.stringList("description") ?? []
        columns.id = try section.string("id")
        columns.valueDate = try section.string("value_date")
        columns.dateFormat = try section.string("date_format") ?? columns.dateFormat
        columns.decimalSeparator = try section.string("decimal_separator") ?? columns.decimalSeparator
        guard [".", ","].contains(columns.decimalSeparator) else {
            throw section.valueError("decimal_separator", "expected . or ,")
        }
        columns.delimiter = try section.string("delimiter") ?? columns.delimiter
        guard columns.delimiter.count == 1 else {
            throw section.valueError("delimiter", "expected one character such as , or ;")
        }
        return columns
    }

    private static func readTolerance(
        _ tolerance: YAMLReader, default base: MatchTolerance
    ) throws(TrueUpError) -> MatchTolerance {
        try tolerance.allowOnly(toleranceKeys)
        var read = base
        if let text = try tolerance.string("absolute") {
            switch ScaledDecimal.parse(text, scale: 2) {
            case .success(let minor) where minor >= 0: read.absoluteMinorUnits = minor
            default:
                throw tolerance.valueError(
                    "absolute", "expected an amount such as 0.05 with at most 2 decimals, found \"\(text)\"")
            }
        }
        if let text = try tolerance.string("relative_percent") {
            // Percent with up to two decimals: basis points.
            switch ScaledDecimal.parse(text, scale: 2) {
            case .success(let points) where points >= 0 && points <= 10_000: read.relativeBasisPoints = points
            default:
                throw tolerance.valueError(
                    "relative_percent", "expected a percentage such as 0.5 (up to 100), found \"\(text)\"")
            }
        }
        read.dateWindowDays = try tolerance.integer("date_window_days", in: 0...60) ?? read.dateWindowDays
        return read
    }

    private static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : "\(folder)/\(path)"
    }
}
