import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport
import XeroKit

@Suite("GET /Organisation bodies")
struct XeroOrganisationDecoderTests {
    static let source = "xero/Organisation.json"

    /// The spec's example.
    static let body = """
        {
          "Id": "27b7a645-a3ee-43c8-b2c6-a2fa7b84c8c5",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1552404447003)/",
          "Organisations": [
            {
              "APIKey": "CTJ60UH519MXQIXEJSDPDALS3EOZ5Y",
              "Name": "Dev Evangelist - Sid Test 3 (NZ-2016-02)",
              "LegalName": "Dev Evangelist - Sid Test 3 (NZ-2016-02)",
              "PaysTax": true,
              "Version": "NZ",
              "OrganisationType": "COMPANY",
              "BaseCurrency": "NZD",
              "CountryCode": "NZ",
              "IsDemoCompany": false,
              "OrganisationStatus": "ACTIVE",
              "TaxNumber": "071-138-054",
              "FinancialYearEndDay": 31,
              "FinancialYearEndMonth": 3,
              "SalesTaxBasis": "PAYMENTS",
              "SalesTaxPeriod": "TWOMONTHS",
              "DefaultSalesTax": "Tax Exclusive",
              "DefaultPurchasesTax": "Tax Exclusive",
              "PeriodLockDate": "/Date(1546214400000+0000)/",
              "EndOfYearLockDate": "/Date(1546214400000+0000)/",
              "CreatedDateUTC": "/Date(1455827393000)/",
              "OrganisationEntityType": "COMPANY",
              "Timezone": "NEWZEALANDSTANDARDTIME",
              "ShortCode": "!mBdtL",
              "OrganisationID": "b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b",
              "Edition": "BUSINESS",
              "Class": "PREMIUM",
              "Addresses": [],
              "Phones": [],
              "ExternalLinks": [],
              "PaymentTerms": {}
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> Organisation {
        try XeroOrganisationDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsTheOrganisation() throws {
        let organisation = try Self.decode(Self.body)
        #expect(
            organisation
                == Organisation(
                    id: "b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b", name: "Dev Evangelist - Sid Test 3 (NZ-2016-02)",
                    baseCurrency: try Currency(code: "NZD"), timezone: XeroTimeZone(xeroName: "NEWZEALANDSTANDARDTIME"),
                    countryCode: "NZ", shortCode: "!mBdtL"))
        #expect(organisation.timezone.ianaName == "Pacific/Auckland")
        #expect(try organisation.timezone.timeZone().identifier == "Pacific/Auckland")
    }

    @Test func anUnknownTimezoneIsKeptAndItsZoneIsAClearError() throws {
        let organisation = try Self.decode(
            Self.body.replacingOccurrences(of: "NEWZEALANDSTANDARDTIME", with: "MARSSTANDARDTIME"))
        #expect(organisation.timezone.xeroName == "MARSSTANDARDTIME")
        #expect(organisation.timezone.ianaName == nil)
        let error = try #require(throws: UnknownXeroTimeZone.self) { try organisation.timezone.timeZone() }
        #expect(error.description.contains("\"MARSSTANDARDTIME\" is not one TrueUp knows"))
        #expect(error.description.contains("set the pair's timezone to an IANA name such as Pacific/Auckland"))
    }

    @Test(arguments: [
        (#""BaseCurrency": "NZD","#, #""BaseCurrency": "KIWI","#, "Organisations[0].BaseCurrency"),
        (#""Timezone": "NEWZEALANDSTANDARDTIME","#, "", "Organisations[0].Timezone: is missing"),
        (#""OrganisationID": "b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b","#, "", "Organisations[0].OrganisationID"),
    ])
    func anOrganisationMissingWhatTrueUpNeedsIsABodyError(
        original: String, replacement: String, prefix: String
    )
        throws
    {
        let error = try #require(throws: BodyError.self) {
            try Self.decode(Self.body.replacingOccurrences(of: original, with: replacement))
        }
        #expect(error.kind == .unexpectedShape)
        #expect(error.message.hasPrefix(prefix))
        #expect(error.description.hasPrefix("xero/Organisation.json: " + prefix))
        #expect(error.message.hasSuffix("(TrueUp needs the organisation's base currency and timezone)"))
    }

    @Test(arguments: [#"{"Organisations": []}"#, #"{"Organisations": [{}, {}]}"#, #"{"Organisation": {}}"#, "[]"])
    func aBodyWithoutExactlyOneOrganisationIsABodyError(text: String) throws {
        let error = try #require(throws: BodyError.self) { try Self.decode(text) }
        #expect(error.kind == .unexpectedShape)
        #expect(error.description.hasPrefix("xero/Organisation.json: "))
    }

    @Test func everyXeroTimezoneNameMapsToAZoneThisSystemKnows() {
        #expect(XeroTimeZone.ianaNames.count == 140)
        for (xeroName, ianaName) in XeroTimeZone.ianaNames {
            #expect(TimeZone(identifier: ianaName) != nil, "\(xeroName) → \(ianaName)")
        }
    }

    @Test(arguments: [
        ("AUSEASTERNSTANDARDTIME", "Australia/Sydney"), ("GMTSTANDARDTIME", "Europe/London"),
        ("EASTERNSTANDARDTIME", "America/New_York"), ("PACIFICSTANDARDTIME", "America/Los_Angeles"),
        ("SINGAPORESTANDARDTIME", "Asia/Singapore"), ("UTC", "Etc/UTC"), ("UTC+12", "Etc/GMT-12"),
        ("UTC02", "Etc/GMT+2"), ("CENTRALSTANDARDTIME(MEXICO)", "America/Mexico_City"),
        ("newzealandstandardtime", "Pacific/Auckland"),
    ])
    func commonXeroTimezones(xeroName: String, ianaName: String) {
        #expect(XeroTimeZone(xeroName: xeroName).ianaName == ianaName)
    }
}

@Suite("The demo scenario's organisation")
struct DemoOrganisationTests {
    /// scenario.yaml says `timezone: Pacific/Auckland` and `base_currency: NZD`.
    @Test func agreesWithTheScenarioSettings() throws {
        let organisation = try XeroOrganisationDecoder.decode(
            try DemoScenario.body("Organisation"), source: "demo/xero/Organisation.json")
        let settings = try String(contentsOfFile: "\(RepositoryPaths.scenarios)/demo/scenario.yaml", encoding: .utf8)
        #expect(settings.contains("timezone: \(try organisation.timezone.timeZone().identifier)\n"))
        #expect(settings.contains("base_currency: \(organisation.baseCurrency.code)\n"))
        #expect(organisation.timezone.xeroName == "NEWZEALANDSTANDARDTIME")
        #expect(organisation.countryCode == "NZ")
        #expect(organisation.name == "Harbour Lane Home")
    }
}
