public import Foundation
public import StorefrontKit
public import TrueUpCore
public import TrueUpEngine
public import XeroKit

/// How one pair is set up: the organisation's calendar, the storefront's habits and the
/// inventory rules. Stored with every run, so that reports read the settings the run used.
public struct PairSettings: Sendable, Hashable, Codable {
    /// The Xero organisation's timezone (an IANA name), in which periods are calendar months.
    public var timeZone: String
    /// The organisation's base currency, in which Xero values inventory.
    public var baseCurrency: Currency?
    /// `magento` or `csv` (more platforms arrive with their connectors).
    public var platform: String
    /// The storefront sources summed for this pair; `nil` sums every source.
    public var sources: [String]?
    /// Where storefront corrections are written: MSI's source for a Magento shop. `nil` means the
    /// first of ``sources``, else `default`.
    public var primarySource: String?
    /// How many days of orders and refunds the first live read covers (35 when `nil`, to reach
    /// back past a month end); later reads start from the cursor. Orders older than this that
    /// Xero never invoiced are not seen as in flight.
    public var firstReadDays: Int?
    /// Where a CSV feed's files are and how they read (platform `csv`).
    public var csvFeed: CSVFeedSettings?
    /// Magento's "Automatically Return Credit Memo Item to Stock": whether refunds put units back.
    public var refundsReturnToStock: Bool
    public var inventory: InventorySettings
    /// How stock adjustments are written to Xero; ``xeroAdjustments`` fills in the defaults.
    public var adjustments: AdjustmentSettings?
    /// The payments match's tolerances and accounts (the `payments:` section); defaults when `nil`.
    public var payments: PaymentMatchSettings?
    /// Bank statement and payout files the payments match reads.
    public var paymentFiles: PaymentFiles?

    /// The adjustment settings in force.
    public var xeroAdjustments: AdjustmentSettings { adjustments ?? AdjustmentSettings() }

    public init(
        timeZone: String = "UTC", baseCurrency: Currency? = nil, platform: String = "magento", sources: [String]? = nil,
        refundsReturnToStock: Bool = false, inventory: InventorySettings = InventorySettings()
    ) {
        self.timeZone = timeZone
        self.baseCurrency = baseCurrency
        self.platform = platform
        self.sources = sources
        self.refundsReturnToStock = refundsReturnToStock
        self.inventory = inventory
    }

    /// The timezone, which ``validate()`` guarantees exists.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }

    /// ``firstReadDays`` with its default.
    public var firstReadWindow: Int { firstReadDays ?? 35 }

    /// The source corrections are written to.
    public var writeSource: String { primarySource ?? sources?.first ?? "default" }

    /// The settings as stored with a run.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    public static func fromJSON(_ text: String) -> PairSettings? {
        try? JSONDecoder().decode(PairSettings.self, from: Data(text.utf8))
    }
}
