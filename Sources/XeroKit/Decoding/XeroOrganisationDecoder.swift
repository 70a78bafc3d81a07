public import TrueUpCore

/// Reads the body of Xero `GET /Organisation` into the connection's one ``Organisation``.
///
/// Unlike the list decoders, there is nothing to go on without this record: its base currency
/// values stock and its timezone dates every document. So a body without exactly one readable
/// organisation is a ``BodyError``, not a problem.
public enum XeroOrganisationDecoder {
    /// Decodes `{"Id": …, "Status": "OK", …, "Organisations": [ { … } ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in the error: `xero/Organisation.json`.
    /// - Throws: ``BodyError`` when the body is not JSON, has no `Organisations` array, holds no
    ///   organisation or more than one, or the organisation cannot be read.
    public static func decode(_ body: some Collection<UInt8>, source: String) throws(BodyError) -> Organisation {
        let wrapper = try XeroBody(body, source: source, arrayKey: "Organisations")
        guard wrapper.elements.count == 1, let element = wrapper.elements.first else {
            let found = wrapper.elements.isEmpty ? "none" : "\(wrapper.elements.count)"
            throw BodyError(shape: "expected one organisation in \"Organisations\", found \(found)", source: source)
        }
        do throws(RecordError) {
            return try organisation(from: JSONRecord(element, path: wrapper.path(0)))
        } catch {
            throw BodyError(
                shape: "\(error.description) (TrueUp needs the organisation's base currency and timezone)",
                source: source)
        }
    }

    private static func organisation(from record: JSONRecord) throws(RecordError) -> Organisation {
        Organisation(
            id: try XeroRecords.identifier(record, "OrganisationID"),
            name: try XeroRecords.identifier(record, "Name"),
            baseCurrency: try record.currency("BaseCurrency"),
            timezone: XeroTimeZone(xeroName: try XeroRecords.identifier(record, "Timezone")),
            countryCode: try XeroRecords.optionalText(record, "CountryCode"),
            shortCode: try XeroRecords.optionalText(record, "ShortCode")
        )
    }
}
