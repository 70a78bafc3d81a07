import Foundation
import Logging
import StorefrontKit
import Synchronization
import TrueUpCore
import TrueUpTestSupport

/// Magento's answers, as scripted steps.
extension ScriptedTransport.Step {
    static func json(_ text: String, status: Int = 200) -> Self {
        .respond(HTTPResult(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8)))
    }

    static func status(_ status: Int, _ text: String = "") -> Self {
        .respond(HTTPResult(status: status, body: Array(text.utf8)))
    }

    /// A search page: `{"items": [elements], "search_criteria": {...}, "total_count": total}`.
    static func page(_ elements: [String], total: Int, page: Int = 1, pageSize: Int = 300) -> Self {
        json(
            """
            {"items": [\(elements.joined(separator: ","))],
             "search_criteria": {"filter_groups": [], "page_size": \(pageSize), "current_page": \(page)},
             "total_count": \(total)}
            """)
    }

    static let token = json(#""admin-token-1""#)
}

extension HTTPRequestSpec {
    /// The path below `/rest/default` and the decoded query, as the spec names them.
    var path: String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        guard let range = withoutQuery.range(of: "/rest/default") else { return withoutQuery }
        return String(withoutQuery[range.upperBound...])
    }

    var query: [(name: String, value: String)] {
        guard let mark = url.firstIndex(of: "?") else { return [] }
        return FormEncoding.decode(String(url[url.index(after: mark)...]))
    }

    /// The query as `name=value` lines, decoded, for comparing with what the spec names.
    var queryLines: [String] { query.map { "\($0.name)=\($0.value)" } }

    var bodyText: String { body.map { String(decoding: $0, as: UTF8.self) } ?? "" }

    var bodyJSON: JSONValue? { body.flatMap { try? JSONParser.parse($0) } }

    /// `GET /V1/orders`.
    var call: String { "\(method) \(path)" }
}

/// Settings for a shop at `http://shop.invalid` with admin login `trueup` / `s3cret`.
func magentoSettings(
    auth: MagentoSettings.Auth = .admin(username: "trueup", password: "s3cret"), sources: [String]? = ["default"],
    pageSize: Int = 300, inventory: MagentoSettings.InventoryMode = .msi, stockWriteChunk: Int = 100,
    refundsReturnToStock: Bool = false, wholeUnits: Bool = true
) -> MagentoSettings {
    MagentoSettings(
        baseURL: "http://shop.invalid/", auth: auth, sources: sources, pageSize: pageSize,
        refundsReturnToStock: refundsReturnToStock, inventory: inventory, wholeUnits: wholeUnits,
        stockWriteChunk: stockWriteChunk, origin: "pairs/shop.yaml")
}

/// Retries without real waits.
let quickRetry = RetryPolicy(attempts: 3, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(2))

func magentoClient(
    _ transport: ScriptedTransport, settings: MagentoSettings = magentoSettings(),
    now: @escaping @Sendable () -> Date = { Date() }
) -> MagentoClient {
    MagentoClient(
        settings: settings, transport: transport, retry: quickRetry, timeout: .seconds(5),
        logger: Logger(label: "test"), now: now)
}

/// A clock tests move by hand, starting at 2026-11-20 09:00:00 UTC.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_165_200)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
