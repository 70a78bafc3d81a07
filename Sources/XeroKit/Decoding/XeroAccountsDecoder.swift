public import TrueUpCore

/// Reads the body of Xero `GET /Accounts` (the whole chart, unpaged) into ``Account``s.
///
/// A record that cannot be read becomes an ``InputProblem`` about the account (`.document` with
/// its `AccountID`, else its path) and the others are still decoded. An `AccountID` repeated in the
/// body keeps the copy with the later `UpdatedDateUTC`.
public enum XeroAccountsDecoder {
    /// Decodes `{"Id": …, "Status": "OK", …, "Accounts": [ … ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `xero/Accounts.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `Accounts` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<Account> {
        XeroRecords.decodeBody(
            try XeroBody(body, source: source, arrayKey: "Accounts"), source: source, idKey: "AccountID",
            subject: XeroRecords.record(idKey: "AccountID"),
            decode: account(from:), identity: { ($0.id, $0.updatedAt) })
    }

    private static func account(from record: JSONRecord) throws(RecordError) -> Account {
        Account(
            id: try XeroRecords.identifier(record, "AccountID"),
            code: try XeroRecords.optionalText(record, "Code"),
            name: try XeroRecords.identifier(record, "Name"),
            type: try XeroRecords.identifier(record, "Type"),
            status: try XeroRecords.oneOf(record, "Status", among: Account.Status.allCases),
            systemAccount: try XeroRecords.optionalText(record, "SystemAccount"),
            currency: try record.optionalCurrency("CurrencyCode"),
            updatedAt: try record.optionalXeroDate("UpdatedDateUTC")?.instant
        )
    }
}
