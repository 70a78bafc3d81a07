import TrueUpCore
import TrueUpStore
public import XeroKit

/// One finding of `trueup doctor`.
public struct DoctorCheck: Sendable, Hashable {
    public enum Verdict: String, Sendable {
        case ok
        case warn
        case fail
    }

    public var verdict: Verdict
    public var subject: String
    public var detail: String

    public init(_ verdict: Verdict, _ subject: String, _ detail: String) {
        self.verdict = verdict
        self.subject = subject
        self.detail = detail
    }

    /// The finding as `doctor` prints it: `  ok    subject: detail`.
    public var line: String {
        let mark =
            switch verdict {
            case .ok: "ok  "
            case .warn: "warn"
            case .fail: "FAIL"
            }
        return "  \(mark)  \(subject): \(detail)"
    }
}

/// Checks, before anything is written, that a pair's Xero organisation can take TrueUp's
/// adjustments: the connection works, and the configured accounts exist with the right types.
public struct XeroDoctor: Sendable {
    let client: XeroClient
    let settings: PairSettings?

    /// Account types an adjustment account may have: costs, so that a write-down or write-up
    /// lands in the profit and loss.
    public static let adjustmentTypes: Set<String> = ["DIRECTCOSTS", "EXPENSE", "OVERHEADS"]

    public init(client: XeroClient, settings: PairSettings?) {
        self.client = client
        self.settings = settings
    }

    public func run() async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let adjustments = settings?.xeroAdjustments ?? AdjustmentSettings()
        do {
            let organisation = try await client.organisation()
            checks.append(
                DoctorCheck(
                    .ok, "organisation",
                    "\(organisation.name): base currency \(organisation.baseCurrency), timezone \(organisation.timezone)"
                ))
            if let settings {
                if let expected = settings.baseCurrency, expected != organisation.baseCurrency {
                    checks.append(
                        DoctorCheck(
                            .fail, "base currency",
                            "the pair is set up for \(expected) but the organisation's base currency is \(organisation.baseCurrency)"
                        ))
                }
                let zone = try? organisation.timezone.timeZone()
                if let zone, zone.identifier != settings.timeZone {
                    checks.append(
                        DoctorCheck(
                            .warn, "timezone",
                            "the pair's timezone is \(settings.timeZone) but the organisation's is \(zone.identifier); periods follow the pair's"
                        ))
                }
            }
            let accounts = try await client.accounts().records
            checks.append(
                check(
                    account: adjustments.inventoryAccountCode, role: "inventory account", in: accounts,
                    allowed: ["INVENTORY"]))
            var adjustmentCheck = check(
                account: adjustments.adjustmentAccountCode, role: "adjustment account", in: accounts,
                allowed: Self.adjustmentTypes)
            if adjustments.adjustmentAccountCode == adjustments.inventoryAccountCode {
                adjustmentCheck = DoctorCheck(
                    .fail, "adjustment account",
                    "\(adjustments.adjustmentAccountCode) is also the inventory account; adjustments would cancel out")
            }
            checks.append(adjustmentCheck)
            let items = try await client.items(baseCurrency: organisation.baseCurrency)
            let tracked = items.records.filter(\.isTracked).count
            checks.append(
                DoctorCheck(
                    tracked > 0 ? .ok : .warn, "items",
                    "\(items.records.count) items, \(tracked) tracked as inventory"
                        + (items.problems.isEmpty ? "" : "; \(items.problems.count) cannot be read")))
            checks.append(
                DoctorCheck(
                    .ok, "adjustments contact",
                    "documents go to \"\(adjustments.contactName)\" (Xero creates the contact on first use)"))
            if let day = await client.dayRemaining {
                checks.append(DoctorCheck(day > 200 ? .ok : .warn, "daily calls", "\(day) calls left today"))
            }
        } catch {
            checks.append(DoctorCheck(.fail, "xero", error.description))
        }
        return checks
    }

    private func check(
        account code: String, role: String, in accounts: [Account], allowed: Set<String>
    )
        -> DoctorCheck
    {
        guard let account = accounts.first(where: { $0.code == code }) else {
            return DoctorCheck(
                .fail, role,
                "there is no account with code \(code); create it in Xero or set xero.adjustments in the pair's settings"
            )
        }
        guard account.status == .active else {
            return DoctorCheck(.fail, role, "\(code) \(account.name) is \(account.status.rawValue.lowercased())")
        }
        guard allowed.contains(account.type) else {
            return DoctorCheck(
                .fail, role,
                "\(code) \(account.name) is of type \(account.type); it must be \(allowed.sorted().joined(separator: " or "))"
            )
        }
        return DoctorCheck(.ok, role, "\(code) \(account.name) (\(account.type))")
    }
}
