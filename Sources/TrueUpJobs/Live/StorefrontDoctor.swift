public import Logging
public import StorefrontKit
import TrueUpCore
public import TrueUpStore
import XeroKit

/// `trueup doctor`'s storefront checks: that the pair's connector opens (for Magento, that the
/// login works and which stock system the shop runs), where corrections will be written, and for
/// a CSV feed that its stock file reads.
public enum StorefrontDoctor {
    public static func run(
        pair: String, settings: PairSettings?, store: StateStore, transport: any HTTPTransport, logger: Logger
    ) async -> [DoctorCheck] {
        let settings = settings ?? PairSettings()
        let storefront: (any Storefront)?
        do {
            storefront = try await StorefrontConnector.openIfConfigured(
                pair: pair, settings: settings, store: store, transport: transport, logger: logger)
        } catch {
            return [DoctorCheck(.fail, "storefront", error.message)]
        }
        guard let storefront else {
            return [
                DoctorCheck(
                    .warn, "storefront",
                    "no storefront connection, so storefront corrections wait in the outbox; "
                        + "run 'trueup connect magento --pair \(pair)' or set up a CSV feed in the pair file")
            ]
        }
        var checks: [DoctorCheck] = []
        let capabilities = storefront.capabilities
        switch storefront {
        case let magento as MagentoStorefront:
            checks.append(
                DoctorCheck(
                    .ok, "storefront",
                    "Magento at \(magento.client.settings.baseURL) (store \(magento.client.settings.storeCode)), "
                        + (magento.usesLegacyInventory
                            ? "legacy stock items: stock leaves when an order is placed"
                            : "Multi-Source Inventory: stock leaves a source when an order ships")))
        case let feed as CSVFeedStorefront:
            do {
                let stock = try await feed.readStock()
                let verdict: DoctorCheck.Verdict = stock.problems.isEmpty ? .ok : .warn
                var detail = "CSV feed in \(feed.settings.folder): \(stock.records.count) stock rows read"
                if !stock.problems.isEmpty {
                    detail += ", \(stock.problems.count) that cannot be read (the first: \(stock.problems[0]))"
                }
                checks.append(DoctorCheck(verdict, "storefront", detail))
            } catch {
                checks.append(DoctorCheck(.fail, "storefront", error.message))
            }
        default:
            checks.append(DoctorCheck(.ok, "storefront", storefront.platform))
        }
        let sources = settings.sources.map { $0.joined(separator: ", ") } ?? "every source"
        let write =
            capabilities.stockWrite == nil
            ? "stock cannot be written by TrueUp on this platform"
            : "sums \(sources); corrections go to \(settings.writeSource)"
                + (storefront is CSVFeedStorefront ? " in a file for the shop to import" : "")
        checks.append(DoctorCheck(capabilities.stockWrite == nil ? .warn : .ok, "storefront stock", write))
        return checks
    }
}
