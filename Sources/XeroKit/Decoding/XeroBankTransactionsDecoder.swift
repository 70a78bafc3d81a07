public import TrueUpCore

/// Reads the body of Xero `GET /BankTransactions` (one page) into ``BankTransaction``s.
///
/// A record that cannot be read becomes an ``InputProblem`` about the transaction (`.document`
/// with its `BankTransactionID`, else its path) and the others are still decoded. A
/// `BankTransactionID` repeated in the body keeps the copy with the later `UpdatedDateUTC`.
public enum XeroBankTransactionsDecoder {
    /// Decodes `{"Id": …, "pagination": {…}, "BankTransactions": [ … ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error:
    ///   `xero/BankTransactions.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `BankTransactions` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<BankTransaction> {
        decode(try XeroBody(body, source: source, arrayKey: "BankTransactions"), source: source)
    }

    /// Decodes a document already parsed, as ``decode(_:source:)`` decodes the body it parses: for
    /// records gathered from several pages (``XeroPagedRead/document``).
    public static func decode(document: JSONValue, source: String) throws(BodyError) -> DecodedBody<BankTransaction> {
        decode(try XeroBody(document: document, source: source, arrayKey: "BankTransactions"), source: source)
    }

    private static func decode(_ wrapper: XeroBody, source: String) -> DecodedBody<BankTransaction> {
        XeroRecords.decodeBody(
            wrapper, source: source, idKey: "BankTransactionID",
            subject: XeroRecords.record(idKey: "BankTransactionID"),
            decode: transaction(from:), identity: { ($0.id, $0.updatedAt) })
    }

    private static func transaction(from record: JSONRecord) throws(RecordError) -> BankTransaction {
        let currency = try record.currency("CurrencyCode")
        let bankAccount = try record.record("BankAccount")
        let bankAccountCode = try XeroRecords.optionalText(bankAccount, "Code")
        let bankAccountID = try XeroRecords.optionalText(bankAccount, "AccountID")
        guard bankAccountCode != nil || bankAccountID != nil else {
            throw bankAccount.invalid(nil, "has neither Code nor AccountID")
        }
        return BankTransaction(
            id: try XeroRecords.identifier(record, "BankTransactionID"),
            kind: try XeroRecords.oneOf(record, "Type", among: BankTransaction.Kind.allCases),
            status: try XeroRecords.oneOf(record, "Status", among: BankTransaction.Status.allCases),
            reference: try XeroRecords.optionalText(record, "Reference"),
            total: try record.money("Total", currency: currency),
            date: try XeroRecords.requiredDate(record),
            bankAccountCode: bankAccountCode,
            bankAccountID: bankAccountID,
            isReconciled: try record.bool("IsReconciled"),
            lines: try XeroDocuments.lines(record, currency: currency),
            updatedAt: try XeroRecords.updatedAt(record)
        )
    }
}
