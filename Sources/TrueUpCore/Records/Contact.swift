public import Foundation

/// A Xero contact (`GET /Contacts`): a customer, a supplier, or the contact TrueUp puts its stock
/// adjustments on.
public struct Contact: Sendable, Hashable, Codable {
    /// `ContactStatus`.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case active = "ACTIVE"
        case archived = "ARCHIVED"
        /// The contact asked for their data to be removed (GDPR): do not write to it.
        case gdprRequest = "GDPRREQUEST"
    }

    /// `ContactID`.
    public var id: String
    /// `Name`, unique among active contacts.
    public var name: String
    /// `ContactNumber` (at most 50 characters), set only through the API: the storefront customer id.
    public var contactNumber: String?
    public var status: Status
    /// `EmailAddress`.
    public var email: String?
    public var updatedAt: Date?

    public init(
        id: String, name: String, contactNumber: String? = nil, status: Status, email: String? = nil,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.contactNumber = contactNumber
        self.status = status
        self.email = email
        self.updatedAt = updatedAt
    }
}
