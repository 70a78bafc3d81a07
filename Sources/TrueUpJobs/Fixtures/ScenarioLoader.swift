import CSV
import Foundation
import StorefrontKit
public import TrueUpCore
public import TrueUpEngine
import XeroKit

/// A scenario folder read into what a live run would have fetched (DESIGN §8): real API
/// response bodies, the agreed base and the pair's settings.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var snapshot: InventorySnapshot
    /// `base.csv`, when the folder has one: the agreed base per SKU.
    public var bases: [BaseUpdate]?
    /// What the payments match reads besides the snapshot's documents.
    public var payments: PaymentsSnapshot

    public init(
        scenario: Scenario, snapshot: InventorySnapshot, bases: [BaseUpdate]?, payments: PaymentsSnapshot = .init()
    ) {
        self.scenario = scenario
        self.snapshot = snapshot
        self.bases = bases
        self.payments = payments
    }
}

public enum ScenarioLoader {
    /// The largest response body read from a file.
    public static let maximumBodySize = 1 << 30

    /// Reads a scenario folder. A file that is missing where it is required, unreadable, not JSON
    /// or not the expected shape is an error naming the file (and the line); a record that cannot
    /// be read becomes an ``InputProblem`` in the snapshot, and the rest is read.
    public static func load(folder: String) throws(TrueUpError) -> LoadedScenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .usage(
                "\(folder) is not a scenario folder; pass --fixtures with a folder such as fixtures/scenarios/demo")
        }
        let yamlPath = "\(folder)/scenario.yaml"
        guard let yaml = try read(yamlPath, required: true) else {
            throw .badInput("\(yamlPath) is missing")
        }
        let scenario = try Scenario(yaml: String(decoding: yaml, as: UTF8.self), file: yamlPath, folder: folder)

        let settings = scenario.settings
        var problems: [InputProblem] = []
        /// Reads one response body, if present, keeping its records and its problems.
        func body<Record>(
            _ file: String, required: Bool, _ decode: ([UInt8], String) throws(BodyError) -> DecodedBody<Record>
        ) throws(TrueUpError) -> [Record] {
            let path = "\(folder)/\(file)"
            guard let bytes = try read(path, required: required) else { return [] }
            do {
                let decoded = try decode(bytes, path)
                problems += decoded.problems
                return decoded.records
            } catch {
                throw .badInput(error.description)
            }
        }
        var orderItems = MagentoOrderItemIndex()
        var snapshot = InventorySnapshot()
        snapshot.items = try body("xero/Items.json", required: true) { (bytes, path) throws(BodyError) in
            try XeroItemsDecoder.decode(bytes, source: path, baseCurrency: settings.baseCurrency)
        }
        snapshot.invoices = try body("xero/Invoices.json", required: false) { (bytes, path) throws(BodyError) in
            try XeroInvoicesDecoder.decode(bytes, source: path)
        }
        snapshot.creditNotes = try body("xero/CreditNotes.json", required: false) { (bytes, path) throws(BodyError) in
            try XeroCreditNotesDecoder.decode(bytes, source: path)
        }
        snapshot.stock = try body("magento/source-items.json", required: true) { (bytes, path) throws(BodyError) in
            try MagentoSourceItemsDecoder.decode(bytes, source: path)
        }
        // Orders first: credit memos need their orders' container lines.
        snapshot.orders = try body("magento/orders.json", required: false) { (bytes, path) throws(BodyError) in
            try MagentoOrdersDecoder.decode(bytes, source: path, deductsAtShipment: true, itemIndex: &orderItems)
        }
        let index = orderItems
        snapshot.refunds = try body("magento/creditmemos.json", required: false) { (bytes, path) throws(BodyError) in
            try MagentoCreditMemosDecoder.decode(
                bytes, source: path, returnToStock: settings.refundsReturnToStock, orderItems: index)
        }
        snapshot.problems = problems
        problems = []

        var payments = PaymentsSnapshot()
        payments.payments = try body("xero/Payments.json", required: false) { (bytes, path) throws(BodyError) in
            try XeroPaymentsDecoder.decode(bytes, source: path)
        }
        payments.bankTransactions = try body("xero/BankTransactions.json", required: false) {
            (bytes, path) throws(BodyError) in
            try XeroBankTransactionsDecoder.decode(bytes, source: path)
        }
        payments.storePayments = try body("magento/invoices.json", required: false) { (bytes, path) throws(BodyError) in
            try MagentoInvoicesDecoder.decode(bytes, source: path)
        }
        payments.problems = problems
        var files = settings.paymentFiles ?? PaymentFiles()
        files.statements += filesIn("\(folder)/bank")
        files.payouts += filesIn("\(folder)/payouts")
        PaymentFileReader.read(files, into: &payments)

        let bases = try readBases("\(folder)/base.csv")
        return LoadedScenario(scenario: scenario, snapshot: snapshot, bases: bases, payments: payments)
    }

    /// The files in a folder, by name, hidden files left out; none when there is no such folder.
    static func filesIn(_ folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }

    /// The bytes of a file, or `nil` when an optional file is absent.
    static func read(_ path: String, required: Bool) throws(TrueUpError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw .badInput("\(path) is missing: a scenario needs it (see DESIGN §8 for the layout)") }
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .badInput("cannot read \(path): check that it is a readable file")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maximumBodySize + 1) ?? Data()
            guard data.count <= maximumBodySize else { throw TrueUpError.badInput("\(path) is larger than 1 GiB") }
            return Array(data)
        } catch let error as TrueUpError {
            throw error
        } catch {
            throw .badInput("cannot read \(path): \(error.localizedDescription)")
        }
    }

    /// `base.csv`: a header `sku,quantity` (and optionally `held_back` and `agreed_at`, a UTC time),
    /// one row per SKU.
    static func readBases(_ path: String) throws(TrueUpError) -> [BaseUpdate]? {
        guard let bytes = try read(path, required: false) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .badInput("\(path) is not UTF-8 text; save it as CSV UTF-8")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw .badInput("\(path): not valid CSV: \(error)")
        }
        let header = (reader.headerRow ?? []).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        guard let skuColumn = header.firstIndex(of: "sku"), let quantityColumn = header.firstIndex(of: "quantity")
        else {
            throw .badInput(
                "\(path) line 1: expected a header with the columns sku,quantity (and optionally held_back)")
        }
        let heldBackColumn = header.firstIndex(of: "held_back")
        let agreedColumn = header.firstIndex(of: "agreed_at")
        var bases: [BaseUpdate] = []
        var seen = Set<String>()
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            func cell(_ column: Int) -> String { column < row.count ? row[column] : "" }
            let sku = cell(skuColumn)
            guard !sku.isEmpty else { throw .badInput("\(path) line \(line): the sku is empty") }
            guard seen.insert(sku).inserted else { throw .badInput("\(path) line \(line): SKU \(sku) appears twice") }
            func quantity(_ column: Int, _ name: String) throws(TrueUpError) -> Quantity {
                let text = cell(column)
                if text.isEmpty, name == "held_back" { return .zero }
                do {
                    return try Quantity(parsing: text)
                } catch {
                    throw .badInput("\(path) line \(line): \(name) \"\(text.prefix(40))\" \(error.description)")
                }
            }
            let heldBack =
                try heldBackColumn.map { column throws(TrueUpError) in try quantity(column, "held_back") } ?? .zero
            guard heldBack >= .zero else { throw .badInput("\(path) line \(line): held_back cannot be negative") }
            var agreedAt: Date?
            if let agreedColumn, !cell(agreedColumn).isEmpty {
                guard let time = ISOTimestamp.parse(cell(agreedColumn)) else {
                    throw .badInput(
                        "\(path) line \(line): agreed_at \"\(cell(agreedColumn).prefix(40))\" is not a time such as 2026-11-19T09:00:00Z"
                    )
                }
                agreedAt = time
            }
            bases.append(
                BaseUpdate(
                    sku: sku, quantity: try quantity(quantityColumn, "quantity"), heldBack: heldBack, agreedAt: agreedAt
                ))
        }
        if let error = reader.error { throw .badInput("\(path) line \(line + 1): not valid CSV: \(error)") }
        return bases
    }
}
