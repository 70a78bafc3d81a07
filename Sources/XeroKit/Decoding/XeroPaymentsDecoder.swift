public import TrueUpCore

/// Reads the body of Xero `GET /Payments` (one page) into ``Payment``s.
///
/// A payment has no currency of its own: its `Amount` is in the currency of the document it pays,
/// read from that document's `CurrencyCode` (`Invoice`, `CreditNote`, `Prepayment` or
/// `Overpayment`). Xero lists a refund of a credit note either under `CreditNote` or, as its own
/// examples show, under `Invoice` with `Type` `ACCRECCREDIT`/`ACCPAYCREDIT`; both read as a
/// payment on that credit note.
///
/// A record that cannot be read becomes an ``InputProblem`` about the payment (`.document` with
/// its `PaymentID`, else its path) and the others are still decoded. A `PaymentID` repeated in the
/// body keeps the copy with the later `UpdatedDateUTC`.
public enum XeroPaymentsDecoder {
    /// Decodes `{"Id": …, "pagination": {…}, "Payments": [ … ]}`.
    ///
    /// - Parameter source: the file or endpoint, named in every problem and error: `xero/Payments.json`.
    /// - Throws: ``BodyError`` when the body is not JSON or has no `Payments` array.
    public static func decode(
        _ body: some Collection<UInt8>, source: String
    ) throws(BodyError) -> DecodedBody<Payment> {
        decode(try XeroBody(body, source: source, arrayKey: "Payments"), source: source)
    }

    /// Decodes a document already parsed, as ``decode(_:source:)`` decodes the body it parses: for
    /// records gathered from several pages (``XeroPagedRead/document``).
    public static func decode(document: JSONValue, source: String) throws(BodyError) -> DecodedBody<Payment> {
        decode(try XeroBody(document: document, source: source, arrayKey: "Payments"), source: source)
    }

    private static func decode(_ wrapper: XeroBody, source: String) -> DecodedBody<Payment> {
        XeroRecords.decodeBody(
            wrapper, source: source, idKey: "PaymentID",
            subject: XeroRecords.record(idKey: "PaymentID"),
            decode: payment(from:), identity: { ($0.id, $0.updatedAt) })
    }

    private static let creditNoteTypes: Set<String> = ["ACCRECCREDIT", "ACCPAYCREDIT"]

    private static func payment(from record: JSONRecord) throws(RecordError) -> Payment {
        let id = try XeroRecords.identifier(record, "PaymentID")
        var invoiceID: String?
        var invoiceNumber: String?
        var creditNoteID: String?
        var creditNoteNumber: String?
        var paid: JSONRecord?
        if let note = try record.optionalRecord("CreditNote") {
            creditNoteID = try XeroRecords.identifier(note, "CreditNoteID")
            creditNoteNumber = try XeroRecords.optionalText(note, "CreditNoteNumber")
            paid = note
        } else if let invoice = try record.optionalRecord("Invoice") {
            let type = try XeroRecords.optionalText(invoice, "Type")
            if let type, creditNoteTypes.contains(type) {
                creditNoteID = try XeroRecords.identifier(invoice, "InvoiceID")
                creditNoteNumber = try XeroRecords.optionalText(invoice, "InvoiceNumber")
            } else {
                invoiceID = try XeroRecords.identifier(invoice, "InvoiceID")
                invoiceNumber = try XeroRecords.optionalText(invoice, "InvoiceNumber")
            }
            paid = invoice
        } else if let prepayment = try record.optionalRecord("Prepayment") {
            paid = prepayment
        } else {
            paid = try record.optionalRecord("Overpayment")
        }
        guard let paid else {
            throw record.invalid(
                nil, "names no Invoice, CreditNote, Prepayment or Overpayment, so its currency is unknown")
        }
        let currency = try paid.currency("CurrencyCode")
        var accountCode: String?
        var accountID: String?
        if let account = try record.optionalRecord("Account") {
            accountCode = try XeroRecords.optionalText(account, "Code")
            accountID = try XeroRecords.optionalText(account, "AccountID")
        }
        return Payment(
            id: id,
            invoiceID: invoiceID,
            creditNoteID: creditNoteID,
            invoiceNumber: invoiceNumber,
            creditNoteNumber: creditNoteNumber,
            reference: try XeroRecords.optionalText(record, "Reference"),
            amount: try record.money("Amount", currency: currency),
            date: try XeroRecords.requiredDate(record),
            status: try XeroRecords.oneOf(record, "Status", among: Payment.Status.allCases),
            kind: try XeroRecords.optionalOneOf(record, "PaymentType", among: Payment.Kind.allCases),
            isReconciled: try record.bool("IsReconciled"),
            accountCode: accountCode,
            accountID: accountID,
            updatedAt: try XeroRecords.updatedAt(record)
        )
    }
}
