public import Foundation

/// An account in a Xero organisation's chart of accounts (`GET /Accounts`).
public struct Account: Sendable, Hashable, Codable {
    /// Whether the account can be used: `Status` ACTIVE, ARCHIVED or DELETED.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active = "ACTIVE"
        case archived = "ARCHIVED"
        case deleted = "DELETED"
    }

    /// `AccountID`.
    public var id: String
    /// `Code` (at most 10 characters), what documents name the account by: `200`, `630`. Xero lets
    /// an account have none (bank accounts often do); such an account is named by `id`.
    public var code: String?
    public var name: String
    /// `Type` as Xero writes it: `BANK`, `CURRENT`, `CURRLIAB`, `DIRECTCOSTS`, `INVENTORY`, `REVENUE`, …
    /// Kept as text: Xero adds types (`PAYG`), and TrueUp only compares it with the ones it uses.
    public var type: String
    public var status: Status
    /// `SystemAccount` when the account is one (`DEBTORS`, `CREDITORS`, `ROUNDING`, …); Xero sends
    /// `""` or `null` for the others.
    public var systemAccount: String?
    /// `CurrencyCode`; Xero gives it for bank accounts.
    public var currency: Currency?
    public var updatedAt: Date?

    public init(
        id: String, code: String?, name: String, type: String, status: Status, systemAccount: String? = nil,
        currency: Currency? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.type = type
        self.status = status
        self.systemAccount = systemAccount
        self.currency = currency
        self.updatedAt = updatedAt
    }
}
