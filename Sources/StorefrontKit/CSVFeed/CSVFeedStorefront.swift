public import Foundation
public import Logging
import Synchronization
public import TrueUpCore

/// A shop without an API: it drops CSV exports in a folder, and imports the stock corrections
/// TrueUp writes to another (see ``CSVFeedSettings`` for the files and how they are read).
///
/// Reads. Stock is the newest file matching the stock pattern (the choice is logged when there are
/// several). Orders, refunds and payments are every matching file, read whole each time and
/// filtered by their rows' `updated_at` (else `created_at`; a payment's time): a read keeps the
/// records changed at or after `since`, and its cursor is the newest change it kept. The files are
/// local, so no overlap is needed. An order, refund or payment in several files (or, for a payment,
/// on several rows) keeps its most recently updated copy. Transactions read empty: a payment row's
/// transaction id is all the feed knows of them.
///
/// Writes. Stock corrections go to one new file per call (see ``writeStock(_:)``), absolute
/// quantities that the shop imports; order statuses cannot be set.
///
/// Calls. Each file read or written counts as one call, and the lower bound is the same.
public final class CSVFeedStorefront: Storefront {
    public let settings: CSVFeedSettings
    public let platform = "csv"
    public let capabilities: StorefrontCapabilities
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let tally = Mutex(CallTally())

    /// - Parameter now: the clock that names corrections files and places a `lookback`.
    /// - Throws: when the settings cannot work (see ``CSVFeedSettings/validate()``).
    public init(
        settings: CSVFeedSettings, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(TrueUpError) {
        try settings.validate()
        self.settings = settings
        self.logger = logger
        self.now = now
        capabilities = StorefrontCapabilities(
            stockWrite: .absolute, wholeUnits: settings.wholeUnits, orderStatuses: [], deductsAtShipment: false,
            stockWriteChunk: Self.oneChunk)
    }

    /// Writes per ``writeStock(_:)`` call: all of them in practice, and small enough that a caller's
    /// arithmetic with it cannot overflow.
    public static let oneChunk = Int(Int32.max)

    public var calls: CallTally { tally.withLock { $0 } }

    /// The newest stock file's rows.
    ///
    /// - Throws: when no file matches, the file cannot be read as text, it has no header row, or
    ///   the header lacks a mapped column (the error lists the columns it has).
    public func readStock() async throws(TrueUpError) -> StorefrontRead<StockLevel> {
        let matches = try CSVFeedFiles.matches(settings.stockFile, in: settings.folder)
        guard let file = CSVFeedFiles.newest(matches) else {
            throw .badInput(
                "no stock file matching \(settings.stockFile) in \(settings.folder): export the shop's stock there, "
                    + "or set stock_file in the feed settings")
        }
        if matches.count > 1 {
            logger.info(
                "csvfeed.stock.newest_file",
                metadata: ["file": "\(file.path)", "matching": "\(matches.count)", "pattern": "\(settings.stockFile)"])
        }
        let table = try read(file.path)
        let (levels, problems) = try CSVFeedStockReader.read(table, file: file.path, settings: settings)
        logger.debug(
            "csvfeed.stock.read",
            metadata: ["file": "\(file.path)", "rows": "\(levels.count)", "problems": "\(problems.count)"])
        return StorefrontRead(records: levels, problems: problems, calls: CallTally(made: 1, lowerBound: 1))
    }

    public func readOrders(since: Date?, lookback: Duration?) async throws(TrueUpError) -> StorefrontRead<Order> {
        let found = try orders(since: start(since: since, lookback: lookback))
        let calls = CallTally(made: found.files, lowerBound: found.files)
        return StorefrontRead(
            records: found.orders, problems: found.problems, cursor: found.orders.map(\.updatedAt).max(),
            calls: calls)
    }

    /// The orders changed at or after `since` in every order file, and how many files were read.
    private func orders(since: Date?) throws(TrueUpError) -> (orders: [Order], problems: [InputProblem], files: Int) {
        var copies = LatestCopies<Order>(idKey: "id", updatedKey: "updated_at")
        var problems: [InputProblem] = []
        let files = try CSVFeedFiles.matches(settings.ordersFile, in: settings.folder)
        for file in files {
            let table = try read(file.path)
            let found = try CSVFeedOrderReader.orders(table, file: file.path, settings: settings, since: since)
            problems += found.problems
            for (order, line) in found.records {
                copies.append(
                    order, path: "\(file.path) line \(line)", id: order.id, updatedAt: order.updatedAt,
                    subject: .order(order.number))
            }
        }
        let orders = copies.resolve(source: pattern(settings.ordersFile), problems: &problems)
        return (orders, problems, files.count)
    }

    /// Refunds from the refund files, or none when the settings name no refund files. `orders` is
    /// not needed: a refund row names its SKU.
    public func readRefunds(
        since: Date?, lookback: Duration?, orders: OrderContext
    ) async throws(TrueUpError) -> StorefrontRead<Refund> {
        guard let refundsFile = settings.refundsFile else { return StorefrontRead(records: []) }
        let start = self.start(since: since, lookback: lookback)
        var copies = LatestCopies<Refund>(idKey: "id", updatedKey: "updated_at")
        var problems: [InputProblem] = []
        let files = try CSVFeedFiles.matches(refundsFile, in: settings.folder)
        for file in files {
            let table = try read(file.path)
            let found = try CSVFeedOrderReader.refunds(table, file: file.path, settings: settings, since: start)
            problems += found.problems
            for (refund, line) in found.records {
                copies.append(
                    refund, path: "\(file.path) line \(line)", id: refund.id, updatedAt: refund.updatedAt,
                    subject: .refund(refund.number))
            }
        }
        let refunds = copies.resolve(source: pattern(refundsFile), problems: &problems)
        let calls = CallTally(made: files.count, lowerBound: files.count)
        return StorefrontRead(
            records: refunds, problems: problems, cursor: refunds.map(\.updatedAt).max(), calls: calls)
    }

    /// Captures from the payment files, or none when the settings name no payment files.
    ///
    /// A row without a currency takes its order's: the order files are then read too (all of
    /// them, whatever `since` says, since a payment can come long after its order), counted as
    /// calls; their problems are left to ``readOrders(since:lookback:)``.
    ///
    /// - Throws: when a payment file cannot be read as text, has no header row, or the header
    ///   lacks a mapped column; likewise for the order files when they are read.
    public func readPayments(
        since: Date?, lookback: Duration?
    ) async throws(TrueUpError) -> StorefrontRead<StorePayment> {
        guard let paymentsFile = settings.paymentsFile else { return StorefrontRead(records: []) }
        let start = self.start(since: since, lookback: lookback)
        let names = settings.columns.payments
        var copies = LatestCopies<StorePayment>(idKey: names.id, updatedKey: names.date)
        var problems: [InputProblem] = []
        var orderCurrencies: [String: Currency]?
        var orderFiles = 0
        func currency(ofOrder id: String) throws(TrueUpError) -> Currency? {
            if let orderCurrencies { return orderCurrencies[id] }
            let read = try orders(since: nil)
            orderFiles = read.files
            let found = Dictionary(read.orders.map { ($0.id, $0.currency) }) { first, _ in first }
            orderCurrencies = found
            return found[id]
        }
        let files = try CSVFeedFiles.matches(paymentsFile, in: settings.folder)
        for file in files {
            let table = try read(file.path)
            let found = try CSVFeedPaymentReader.payments(
                table, file: file.path, settings: settings, since: start, orderCurrency: currency(ofOrder:))
            problems += found.problems
            for (payment, line) in found.records {
                let subject: InputProblem.Subject =
                    payment.reference.map { .reference($0) } ?? .document("payment \(payment.id)")
                copies.append(
                    payment, path: "\(file.path) line \(line)", id: payment.id, updatedAt: payment.updatedAt,
                    subject: subject)
            }
        }
        let payments = copies.resolve(source: pattern(paymentsFile), problems: &problems)
        logger.debug(
            "csvfeed.payments.read",
            metadata: [
                "files": "\(files.count)", "order_files": "\(orderFiles)", "payments": "\(payments.count)",
                "problems": "\(problems.count)",
            ])
        let calls = CallTally(made: files.count + orderFiles, lowerBound: files.count + orderFiles)
        return StorefrontRead(
            records: payments, problems: problems, cursor: payments.map(\.updatedAt).max(), calls: calls)
    }

    /// None: the feed has no transaction files.
    public func readTransactions(
        since: Date?, lookback: Duration?
    ) async throws(TrueUpError) -> StorefrontRead<StoreTransaction> {
        StorefrontRead(records: [])
    }

    /// Writes the corrections to `<output>/stock-corrections-<UTC time>.csv` in one go.
    ///
    /// Each write is `.awaitingConfirmation` once the file is in place, and also when its
    /// correction id is in an earlier corrections file (it was written before a run was cut
    /// short): the shop has it to import, and a later stock file showing the quantity confirms it. A fractional
    /// quantity for a shop that keeps whole units is `.rejected`. When the file cannot be written,
    /// or the earlier files cannot be read, the writes are `.failed` and the next run tries again.
    public func writeStock(_ writes: [StockWrite]) async throws(TrueUpError) -> [StockWriteResult] {
        let corrections = CSVFeedCorrections(folder: settings.outputFolder)
        let outcome = corrections.write(writes, wholeUnits: settings.wholeUnits, at: now())
        let files = outcome.filesRead + (outcome.written == nil ? 0 : 1)
        tally.withLock { $0 += CallTally(made: files, lowerBound: files) }
        if let written = outcome.written {
            logger.info(
                "csvfeed.corrections.written",
                metadata: [
                    "file": "\(written)", "rows": "\(outcome.rowsWritten)",
                    "already_written": "\(outcome.alreadyWritten)",
                ])
        } else if outcome.alreadyWritten > 0 {
            logger.info("csvfeed.corrections.already_written", metadata: ["count": "\(outcome.alreadyWritten)"])
        }
        return outcome.results
    }

    /// Refused: a CSV feed cannot change an order.
    public func setOrderStatus(orderID: String, status: String, comment: String) async throws(TrueUpError) {
        throw .refused(
            "the CSV feed cannot set order statuses (order \(orderID) to \(status)): change it in the shop itself")
    }

    /// A file read into a table, counted as a call.
    private func read(_ path: String) throws(TrueUpError) -> CSVFeedTable {
        tally.withLock { $0 += CallTally(made: 1, lowerBound: 1) }
        return try CSVFeedFiles.table(path, settings: settings)
    }

    /// Where an incremental read starts: `since`, else `lookback` before now, else the beginning.
    private func start(since: Date?, lookback: Duration?) -> Date? {
        if let since { return since }
        guard let lookback else { return nil }
        let (seconds, attoseconds) = lookback.components
        return now().addingTimeInterval(-(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18))
    }

    /// A pattern as a path, for problems about several files.
    private func pattern(_ pattern: String) -> String {
        pattern.hasPrefix("/") ? pattern : (settings.folder as NSString).appendingPathComponent(pattern)
    }
}
