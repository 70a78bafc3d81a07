public import TrueUpCore

/// Reads the body of Xero `GET /Contacts` (one page) into ``Contact``s.
///
/// A record that cannot be read becomes an ``InputProblem`` about the contact (`.document` with
/// its `ContactID`, else its path) and the others are still decoded. A `ContactID` repeated in the
/// body keeps the copy with the later `UpdatedDateUTC`.
public enum XeroContactsDecoder {
    /// Decodes `{"Id": …, "pagination": {…}, "Contacts": [ … ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `xero/Contacts.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `Contacts` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<Contact> {
        decode(try XeroBody(body, source: source, arrayKey: "Contacts"), source: source)
    }

    /// Decodes a document already parsed, as ``decode(_:source:)`` decodes the body it parses: for
    /// records gathered from several pages (``XeroPagedRead/document``).
    public static func decode(document: JSONValue, source: String) throws(BodyError) -> DecodedBody<Contact> {
        decode(try XeroBody(document: document, source: source, arrayKey: "Contacts"), source: source)
    }

    private static func decode(_ wrapper: XeroBody, source: String) -> DecodedBody<Contact> {
        XeroRecords.decodeBody(
            wrapper, source: source, idKey: "ContactID",
            subject: XeroRecords.record(idKey: "ContactID"),
            decode: contact(from:), identity: { ($0.id, $0.updatedAt) })
    }

    private static func contact(from record: JSONRecord) throws(RecordError) -> Contact {
        Contact(
            id: try XeroRecords.identifier(record, "ContactID"),
            name: try XeroRecords.identifier(record, "Name"),
            contactNumber: try XeroRecords.optionalText(record, "ContactNumber"),
            status: try XeroRecords.oneOf(record, "ContactStatus", among: Contact.Status.allCases),
            email: try XeroRecords.optionalText(record, "EmailAddress"),
            updatedAt: try record.optionalXeroDate("UpdatedDateUTC")?.instant
        )
    }
}
