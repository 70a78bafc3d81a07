/// The Xero organisation a connection reads (`GET /Organisation`): whose base currency money
/// is valued in and whose timezone business dates and periods belong to.
public struct Organisation: Sendable, Hashable, Codable {
    /// `OrganisationID`.
    public var id: String
    public var name: String
    /// `BaseCurrency`: `TotalCostPool` and item purchase prices are in it.
    public var baseCurrency: Currency
    /// `Timezone` as Xero names it; ``XeroTimeZone/timeZone()`` gives the IANA zone.
    public var timezone: XeroTimeZone
    /// `CountryCode`, ISO 3166-1 alpha-2: `NZ`.
    public var countryCode: String?
    /// `ShortCode`, what Xero's deep links name the organisation by: `!mBdtL`.
    public var shortCode: String?

    public init(
        id: String, name: String, baseCurrency: Currency, timezone: XeroTimeZone, countryCode: String? = nil,
        shortCode: String? = nil
    ) {
        self.id = id
        self.name = name
        self.baseCurrency = baseCurrency
        self.timezone = timezone
        self.countryCode = countryCode
        self.shortCode = shortCode
    }
}
