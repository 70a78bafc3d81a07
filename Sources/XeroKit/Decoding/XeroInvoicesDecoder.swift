public import TrueUpCore

/// Reads the body of Xero `GET /Invoices` (one page) into ``Invoice``s.
///
/// A record that cannot be read becomes an ``InputProblem`` and the others are still decoded;
/// the problem's subject is the invoice's `Reference` (the storefront order whose posting it makes
/// uncertain) as described in ``XeroDocuments``. An `InvoiceID` repeated in the body keeps the copy
/// with the later `UpdatedDateUTC`.
public enum XeroInvoicesDecoder {
    /// Decodes `{"Id": …, "pagination": {…}, "Invoices": [ … ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `xero/Invoices.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `Invoices` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<Invoice> {
        decode(try XeroBody(body, source: source, arrayKey: "Invoices"), source: source)
    }

    /// Decodes a document already parsed, as ``decode(_:source:)`` decodes the body it parses: for
    /// records gathered from several pages (``XeroPagedRead/document``).
    public static func decode(document: JSONValue, source: String) throws(BodyError) -> DecodedBody<Invoice> {
        decode(try XeroBody(document: document, source: source, arrayKey: "Invoices"), source: source)
    }

    private static func decode(_ wrapper: XeroBody, source: String) -> DecodedBody<Invoice> {
        let (invoices, problems) = XeroDocuments.decodeAll(
            wrapper, source: source, idKey: "InvoiceID", payableType: Invoice.Kind.accpay.rawValue,
            decode: invoice(from:), identity: { ($0.id, $0.updatedAt) })
        return DecodedBody(records: invoices, problems: problems, paging: wrapper.paging)
    }

    private static func invoice(from record: JSONRecord) throws(RecordError) -> Invoice {
        let id = try XeroRecords.identifier(record, "InvoiceID")
        let kind = try XeroRecords.oneOf(record, "Type", among: [Invoice.Kind.accrec, .accpay])
        let status = try XeroRecords.oneOf(record, "Status", among: DocumentStatus.allCases)
        let currency = try record.currency("CurrencyCode")
        return Invoice(
            id: id,
            number: try XeroRecords.optionalText(record, "InvoiceNumber"),
            kind: kind,
            status: status,
            reference: try XeroRecords.optionalText(record, "Reference"),
            date: try XeroRecords.date(record),
            currency: currency,
            lines: try XeroDocuments.lines(record, currency: currency),
            total: try record.optionalMoney("Total", currency: currency),
            amountDue: try record.optionalMoney("AmountDue", currency: currency),
            updatedAt: try record.optionalXeroDate("UpdatedDateUTC")?.instant,
            contactID: try record.optionalRecord("Contact").flatMap { contact throws(RecordError) in
                try XeroRecords.optionalText(contact, "ContactID")
            }
        )
    }
}
