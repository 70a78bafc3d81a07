import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport
import XeroKit

@Suite("GET /Contacts bodies")
struct XeroContactsDecoderTests {
    static let source = "xero/Contacts.json"

    /// One page as Xero returns it: a customer with the storefront's id as its ContactNumber, a
    /// supplier without one, and a contact whose ContactStatus Xero does not define.
    static let body = """
        {
          "Id": "04e93d48-e72f-4775-b7dd-15a041fab972",
          "Status": "OK",
          "ProviderName": "TrueUp",
          "DateTimeUTC": "/Date(1795165200000)/",
          "pagination": { "page": 1, "pageSize": 100, "pageCount": 1, "itemCount": 3 },
          "Contacts": [
            {
              "ContactID": "5cc8cf28-567e-4d43-b287-687cfcaec47c",
              "ContactNumber": "454",
              "ContactStatus": "ACTIVE",
              "Name": "Aroha Ngata",
              "FirstName": "Aroha",
              "LastName": "Ngata",
              "EmailAddress": "aroha.ngata@gmail.com",
              "BankAccountDetails": "",
              "Addresses": [
                { "AddressType": "STREET", "City": "", "Region": "", "PostalCode": "", "Country": "" }
              ],
              "Phones": [
                { "PhoneType": "DEFAULT", "PhoneNumber": "847-1294", "PhoneAreaCode": "09", "PhoneCountryCode": "" }
              ],
              "UpdatedDateUTC": "/Date(1795086199000+0000)/",
              "ContactGroups": [],
              "IsSupplier": false,
              "IsCustomer": true,
              "ContactPersons": [],
              "HasAttachments": false,
              "HasValidationErrors": false
            },
            {
              "ContactID": "3ec601ad-eddc-4ccb-a8ac-736e88293b1b",
              "ContactNumber": "",
              "ContactStatus": "ARCHIVED",
              "Name": "Wanaka Wool Mills Ltd",
              "EmailAddress": "",
              "Addresses": [],
              "Phones": [],
              "UpdatedDateUTC": "/Date(1503348546760+0000)/",
              "IsSupplier": true,
              "IsCustomer": false
            },
            {
              "ContactID": "6ba3e8a3-9a4c-4c1c-a3a8-7c0ef6f4ad4d",
              "ContactStatus": "SUSPENDED",
              "Name": "Acme Textiles",
              "UpdatedDateUTC": "/Date(1503348546760+0000)/"
            }
          ]
        }
        """

    static func decode(_ text: String) throws -> DecodedBody<Contact> {
        try XeroContactsDecoder.decode(Array(text.utf8), source: source)
    }

    @Test func readsContactsAndKeepsTheOtherRecordsPastABadOne() throws {
        let decoded = try Self.decode(Self.body)
        #expect(decoded.paging == Paging(page: 1, pageSize: 100, pageCount: 1, totalCount: 3))
        #expect(
            decoded.records == [
                Contact(
                    id: "5cc8cf28-567e-4d43-b287-687cfcaec47c", name: "Aroha Ngata", contactNumber: "454",
                    status: .active, email: "aroha.ngata@gmail.com",
                    updatedAt: Date(timeIntervalSince1970: 1_795_086_199)),
                Contact(
                    id: "3ec601ad-eddc-4ccb-a8ac-736e88293b1b", name: "Wanaka Wool Mills Ltd", contactNumber: nil,
                    status: .archived, email: nil, updatedAt: Date(timeIntervalSince1970: 1_503_348_546.76)),
            ])
        let problem = try #require(decoded.problems.first)
        #expect(decoded.problems.count == 1)
        #expect(problem.subject == .document("6ba3e8a3-9a4c-4c1c-a3a8-7c0ef6f4ad4d"))
        #expect(problem.message.hasPrefix("Contacts[2].ContactStatus: \"SUSPENDED\" is not one of ACTIVE, ARCHIVED"))
    }

    @Test func aContactWithoutANameIsAProblem() throws {
        let decoded = try Self.decode(#"{"Contacts": [{"ContactID": "c1", "ContactStatus": "ACTIVE", "Name": ""}]}"#)
        #expect(decoded.records.isEmpty)
        #expect(decoded.problems.map(\.message) == ["Contacts[0].Name: is empty"])
    }

    @Test func aRepeatedContactKeepsTheCopyUpdatedLast() throws {
        let older = #"{"ContactID": "c1", "ContactStatus": "ACTIVE", "Name": "Jo", "UpdatedDateUTC": "/Date(1000)/"}"#
        let newer = #"{"ContactID": "c1", "ContactStatus": "ARCHIVED", "Name": "Jo", "UpdatedDateUTC": "/Date(2000)/"}"#
        let decoded = try Self.decode(#"{"Contacts": ["# + [newer, older].joined(separator: ",") + "]}")
        #expect(decoded.problems.isEmpty)
        #expect(decoded.records.map(\.status) == [.archived])
    }
}

@Suite("The demo scenario's contacts")
struct DemoContactsTests {
    @Test func holdEveryContactTheDemoDocumentsNameAndTheAdjustmentsContact() throws {
        let decoded = try XeroContactsDecoder.decode(
            try DemoScenario.body("Contacts"), source: "demo/xero/Contacts.json")
        #expect(decoded.problems.isEmpty)
        let names = Dictionary(uniqueKeysWithValues: decoded.records.map { ($0.id, $0.name) })
        #expect(names.values.contains("TrueUp Stock Adjustments"))
        var referenced = 0
        for name in ["Invoices", "BankTransactions"] {
            for document in try DemoScenario.records(name) {
                let contact = try document.record("Contact")
                #expect(names[try contact.string("ContactID")] == (try contact.string("Name")))
                referenced += 1
            }
        }
        #expect(referenced == 6)
        let customers = decoded.records.filter { $0.contactNumber != nil }
        #expect(customers.map(\.name).sorted() == ["Aroha Ngata", "Liam Walker", "Mereana Tipene"])
    }
}
