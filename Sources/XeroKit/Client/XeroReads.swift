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

    /// A body that cannot be read as the API promised is Xero's fault, not the caller's.
    private static func decoded<T>(_ decode: () throws(BodyError) -> T) throws(XeroError) -> T {
        do {
            return try decode()
        } catch {
            throw .badResponse(error.description)
        }
    }
}
