public import Foundation
public import TrueUpCore
public import TrueUpEngine
import XeroKit

/// A scenario folder's `scenario.yaml` (DESIGN §8): the pair's settings and the clock of a run over
/// recorded API bodies.
public struct Scenario: Sendable {
    public var folder: String
    public var description: String
    public var pair: PairName
    /// The run's clock.
    public var asOf: Date
    public var settings: PairSettings
    /// Explicit mappings to seed the state with.
    public var skuMap: [String: SKUMapping]
    /// Past acknowledged changes per SKU, oldest first, for the anomaly guard.
    public var history: [String: [Quantity]]
    /// Whether the file named its pair (else the pair is the folder's name).
    public var declaresPair: Bool

    /// The period the run falls in, in the organisation's timezone.
    public var period: Period { Period(containing: asOf, in: settings.zone) }

    static let topKeys = [
        "description", "pair", "as_of", "timezone", "base_currency", "storefront", "inventory", "sku_map", "history",
        "xero", "payments",
    ]
    static let xeroKeys = ["adjustments"]
    static let adjustmentKeys = ["contact", "inventory_account", "adjustment_account", "reference_prefix"]
    static let storefrontKeys = [
        "platform", "whole_units", "sources", "primary_source", "refunds_return_to_stock", "first_read_days", "csv",
    ]
    static let inventoryKeys = ["policy", "initial_policy", "posting_mode", "buffer", "buffer_by_sku", "thresholds"]
    static let thresholdKeys = ["absolute", "relative", "anomaly"]
    static let anomalyKeys = ["min_history", "factor"]

    /// A live pair's settings as a run left them in the state, at `asOf`.
    public init(pair: PairName, asOf: Date, settings: PairSettings, source: String) {
        folder = source
        description = ""
        self.pair = pair
        self.asOf = asOf
        self.settings = settings
        skuMap = [:]
        history = [:]
        declaresPair = true
    }

    /// Reads `scenario.yaml`, refusing unknown keys and bad values with the line that has them.
    ///
    /// A pair file for live runs (`trueup plan --pair P --config FILE`) has the same keys; its
    /// `as_of` is optional (`clock` is used without it), since a live run happens now.
    public init(
        yaml text: String, file: String, folder: String, clock: Date? = nil
    ) throws(TrueUpError) {
        try self.init(reading: try YAMLReader.load(text, file: file), folder: folder, clock: clock)
    }

    /// Reads the settings in `root`: a whole pair file, or a mapping inside another file (a job
    /// file's inline `settings:`), whose errors then name the keys by their full path. Relative
    /// paths in the settings are taken from `folder`; the pair is `defaultPair`, else the folder's
    /// name, unless the settings name one.
    init(reading root: YAMLReader, folder: String, clock: Date?, defaultPair: PairName? = nil) throws(TrueUpError) {
        try root.allowOnly(Self.topKeys)
        self.folder = folder
        description = try root.string("description") ?? ""
        let folderName = URL(fileURLWithPath: folder).lastPathComponent
        declaresPair = root.has("pair")
        do {
            pair = try PairName(try root.string("pair") ?? defaultPair?.rawValue ?? folderName)
        } catch {
            throw root.valueError("pair", error.message)
        }
        if let clock, !root.has("as_of") {
            asOf = clock
        } else {
            let asOfText = try root.requiredString("as_of")
            guard let asOf = ISOTimestamp.parse(asOfText) else {
                throw root.valueError(
                    "as_of", "expected a UTC time such as 2026-11-20T09:00:00Z, found \"\(asOfText)\"")
            }
            self.asOf = clock ?? asOf
        }
        var settings = PairSettings()
        if let zone = try root.string("timezone") {
            guard TimeZone(identifier: zone) != nil else {
                throw root.valueError("timezone", "\"\(zone)\" is not a timezone name such as Pacific/Auckland")
            }
            settings.timeZone = zone
        }
        if let code = try root.string("base_currency") {
            do {
                settings.baseCurrency = try Currency(code: code)
            } catch {
                throw root.valueError("base_currency", error.description)
            }
        }
        if let storefront = try root.mapping("storefront") {
            try storefront.allowOnly(Self.storefrontKeys)
            if let platform = try storefront.string("platform") {
                guard platform == "magento" || platform == "csv" else {
                    throw storefront.valueError(
                        "platform", "the platforms so far are magento and csv, found \"\(platform)\"")
                }
                settings.platform = platform
            }
            settings.inventory.wholeUnits = try storefront.bool("whole_units") ?? true
            settings.sources = try storefront.stringList("sources")
            settings.primarySource = try storefront.string("primary_source")
            if let primary = settings.primarySource, let sources = settings.sources, !sources.contains(primary) {
                throw storefront.valueError(
                    "primary_source",
                    "\"\(primary)\" is not one of the pair's sources (\(sources.joined(separator: ", ")))")
            }
            settings.firstReadDays = try storefront.integer("first_read_days", in: 1...3650)
            settings.refundsReturnToStock = try storefront.bool("refunds_return_to_stock") ?? false
            if let feed = try storefront.mapping("csv") {
                guard settings.platform == "csv" else {
                    throw storefront.valueError("csv", "a csv section needs platform: csv")
                }
                settings.csvFeed = try CSVFeedConfig.read(feed, relativeTo: folder)
            } else if settings.platform == "csv" {
                throw storefront.valueError("platform", "platform csv needs a csv section with at least its folder")
            }
        }
        if let inventory = try root.mapping("inventory") {
            try Self.read(inventory, into: &settings.inventory)
        }
        if let xero = try root.mapping("xero") {
            try xero.allowOnly(Self.xeroKeys)
            if let adjustments = try xero.mapping("adjustments") {
                try adjustments.allowOnly(Self.adjustmentKeys)
                var read = AdjustmentSettings()
                read.contactName = try adjustments.string("contact") ?? read.contactName
                read.inventoryAccountCode = try adjustments.string("inventory_account") ?? read.inventoryAccountCode
                read.adjustmentAccountCode = try adjustments.string("adjustment_account") ?? read.adjustmentAccountCode
                read.referencePrefix = try adjustments.string("reference_prefix") ?? read.referencePrefix
                let allowed = read.referencePrefix.unicodeScalars.allSatisfy {
                    ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
                        || "-_./".unicodeScalars.contains($0)
                }
                guard read.referencePrefix.count <= 40, allowed else {
                    throw adjustments.valueError(
                        "reference_prefix", "use up to 40 letters, digits, '-', '_', '.' or '/', such as TRUEUP-")
                }
                settings.adjustments = read
            }
        }
        if let payments = try root.mapping("payments") {
            let (match, files) = try PaymentsConfig.read(payments, relativeTo: folder)
            settings.payments = match
            settings.paymentFiles = files
        }
        self.settings = settings

        skuMap = [:]
        if let map = try root.mapping("sku_map") {
            for (sku, value, _) in try map.entries() {
                guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                    throw map.error(at: value, "\(map.qualified(sku)): expected a Xero item code or the word ignore")
                }
                skuMap[sku] = scalar.string == "ignore" ? .ignored : .code(scalar.string)
            }
        }
        history = [:]
        if let entries = try root.mapping("history") {
            for (sku, value, _) in try entries.entries() {
                guard case .sequence(let sequence) = value else {
                    throw entries.error(at: value, "\(entries.qualified(sku)): expected a list of past changes")
                }
                var changes: [Quantity] = []
                for element in sequence {
                    guard case .scalar(let scalar) = element, let change = try? Quantity(parsing: scalar.string) else {
                        throw entries.error(
                            at: element, "\(entries.qualified(sku)): expected quantities such as -3 or 12")
                    }
                    changes.append(change)
                }
                history[sku] = changes
            }
        }
    }

    private static func read(_ inventory: YAMLReader, into settings: inout InventorySettings) throws(TrueUpError) {
        try inventory.allowOnly(inventoryKeys)
        settings.policy = try inventory.choice("policy", InventorySettings.ConcurrentPolicy.self) ?? settings.policy
        settings.initialPolicy =
            try inventory.choice("initial_policy", InventorySettings.InitialPolicy.self) ?? settings.initialPolicy
        settings.postingMode =
            try inventory.choice("posting_mode", InventorySettings.PostingMode.self) ?? settings.postingMode
        settings.buffer = try inventory.quantity("buffer") ?? .zero
        if let buffers = try inventory.mapping("buffer_by_sku") {
            for (sku, _, _) in try buffers.entries() {
                settings.bufferBySKU[sku] = try buffers.quantity(sku)
            }
        }
        if let thresholds = try inventory.mapping("thresholds") {
            try thresholds.allowOnly(thresholdKeys)
            settings.thresholds.absolute = try thresholds.quantity("absolute")
            settings.thresholds.relative = try thresholds.ratio("relative")
            if let word = try? thresholds.string("anomaly"), word == "off" || word == "false" {
                settings.thresholds.anomaly = nil
            } else if let anomaly = try thresholds.mapping("anomaly") {
                try anomaly.allowOnly(anomalyKeys)
                var rule = AnomalyRule()
                rule.minimumHistory = try anomaly.integer("min_history", in: 1...10_000) ?? rule.minimumHistory
                rule.factor = try anomaly.ratio("factor") ?? rule.factor
                settings.thresholds.anomaly = rule
            } else if thresholds.has("anomaly") {
                throw thresholds.valueError("anomaly", "expected off or a mapping with min_history and factor")
            }
        }
    }
}
