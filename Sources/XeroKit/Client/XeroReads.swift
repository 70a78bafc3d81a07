public import TrueUpCore

extension XeroClient {
    /// `GET /Organisation`: whose base currency and timezone everything is read in.
    public func organisation() async throws(XeroError) -> Organisation {
        let body = try await readWhole("/Organisation")
        return try Self.decoded { () throws(BodyError) in
            try XeroOrganisationDecoder.decode(body, source: "GET /Organisation")
        }
    }

    /// `GET /Accounts`, the whole chart in one call.
    public func accounts() async throws(XeroError) -> DecodedBody<Account> {
        let body = try await readWhole("/Accounts")
        return try Self.decoded { () throws(BodyError) in try XeroAccountsDecoder.decode(body, source: "GET /Accounts")
        }
    }

    /// `GET /Items?unitdp=4`, every item in one call, valued in `baseCurrency`.
    public func items(baseCurrency: Currency) async throws(XeroError) -> DecodedBody<Item> {
        let body = try await readWhole("/Items", query: [("unitdp", "4")])
        return try Self.decoded { () throws(BodyError) in
            try XeroItemsDecoder.decode(body, source: "GET /Items", baseCurrency: baseCurrency)
        }
    }

    /// `GET /Invoices/{InvoiceID}`: the invoice's customer (`Contact.ContactID`), which a credit
    /// note for the same sale is made out to.
    public func invoiceContactID(_ invoiceID: String) async throws(XeroError) -> String {
        let path = "/Invoices/\(FormEncoding.escape(invoiceID))"
        let body = try await readWhole(path)
        let wrapper: XeroBody
        do {
            wrapper = try XeroBody(body, source: "GET \(path)", arrayKey: "Invoices")
        } catch {
            throw .badResponse(error.description)
        }
        guard case .object(let invoice)? = wrapper.elements.first, let contact = invoice.object("Contact"),
            let id = contact.text("ContactID")
        else { throw .badResponse("GET \(path) answered without the invoice's Contact.ContactID") }
        return id
    }

    /// A body that cannot be read as the API promised is Xero's fault, not the caller's.
    private static func decoded<T>(_ decode: () throws(BodyError) -> T) throws(XeroError) -> T {
        do {
            return try decode()
        } catch {
            throw .badResponse(error.description)
        }
    }
}
