public import TrueUpCore

/// Reads the body of Xero `GET /CreditNotes` (one page) into ``CreditNote``s, with their
/// `RemainingCredit` and `Allocations`.
///
/// A record that cannot be read becomes an ``InputProblem`` and the others are still decoded;
/// the problem's subject is the note's `Reference` (the storefront refund whose posting it makes
/// uncertain) as described in ``XeroDocuments``. A `CreditNoteID` repeated in the body keeps the
/// copy with the later `UpdatedDateUTC`.
public enum XeroCreditNotesDecoder {
    /// Decodes `{"Id": …, "pagination": {…}, "CreditNotes": [ … ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `xero/CreditNotes.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `CreditNotes` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<CreditNote> {
        decode(try XeroBody(body, source: source, arrayKey: "CreditNotes"), source: source)
    }

    /// Decodes a document already parsed, as ``decode(_:source:)`` decodes the body it parses: for
    /// records gathered from several pages (``XeroPagedRead/document``).
    public static func decode(document: JSONValue, source: String) throws(BodyError) -> DecodedBody<CreditNote> {
        decode(try XeroBody(document: document, source: source, arrayKey: "CreditNotes"), source: source)
    }

    private static func decode(_ wrapper: XeroBody, source: String) -> DecodedBody<CreditNote> {
        let (notes, problems) = XeroDocuments.decodeAll(
            wrapper, source: source, idKey: "CreditNoteID", payableType: CreditNote.Kind.accpaycredit.rawValue,
            decode: creditNote(from:), identity: { ($0.id, $0.updatedAt) })
        return DecodedBody(records: notes, problems: problems, paging: wrapper.paging)
    }

    private static func creditNote(from record: JSONRecord) throws(RecordError) -> CreditNote {
        let id = try XeroRecords.identifier(record, "CreditNoteID")
        let kind = try XeroRecords.oneOf(record, "Type", among: [CreditNote.Kind.accreccredit, .accpaycredit])
        let status = try XeroRecords.oneOf(record, "Status", among: DocumentStatus.allCases)
        let currency = try record.currency("CurrencyCode")
        return CreditNote(
            id: id,
            number: try XeroRecords.optionalText(record, "CreditNoteNumber"),
            kind: kind,
            status: status,
            reference: try XeroRecords.optionalText(record, "Reference"),
            date: try XeroRecords.date(record),
            currency: currency,
            lines: try XeroDocuments.lines(record, currency: currency),
            total: try record.optionalMoney("Total", currency: currency),
            remainingCredit: try record.optionalMoney("RemainingCredit", currency: currency),
            allocations: try allocations(record, currency: currency),
            updatedAt: try record.optionalXeroDate("UpdatedDateUTC")?.instant
        )
    }

    /// `Allocations[{Amount, Date, Invoice{InvoiceID, InvoiceNumber}}]`, in the note's currency.
    /// An allocation that cannot be read makes the whole note unreadable: its remaining credit
    /// would be known without knowing where the rest went.
    private static func allocations(_ record: JSONRecord, currency: Currency) throws(RecordError) -> [CreditAllocation]
    {
        var allocations: [CreditAllocation] = []
        for allocation in try record.records("Allocations") {
            let invoice = try allocation.record("Invoice")
            allocations.append(
                CreditAllocation(
                    invoiceID: try XeroRecords.identifier(invoice, "InvoiceID"),
                    invoiceNumber: try XeroRecords.optionalText(invoice, "InvoiceNumber"),
                    amount: try allocation.money("Amount", currency: currency),
                    date: try XeroRecords.date(allocation)
                ))
        }
        return allocations
    }
}
