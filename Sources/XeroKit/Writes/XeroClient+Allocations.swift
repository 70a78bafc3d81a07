public import TrueUpCore

extension XeroClient {
    /// Applies `amount` of a credit note's remaining credit to an invoice:
    /// `PUT /CreditNotes/{CreditNoteID}/Allocations` with `summarizeErrors=false`, one allocation
    /// per call (Xero's endpoint allocates one credit note at a time).
    ///
    /// - Parameter idempotencyKey: the correction's id; sent again after a lost answer, Xero
    ///   replays its first answer instead of allocating twice.
    /// - Returns: `.saved` with the allocation's `AllocationID` (the credit note's id when Xero's
    ///   answer leaves it out) and no number, or `.refused` with Xero's messages, such as "Credit
    ///   Note cannot be allocated as amount is greater than amount outstanding".
    /// - Throws: ``XeroError`` when the call fails, including `.refused(status: 404, …)` when Xero
    ///   has no such credit note.
    public func allocate(
        creditNoteID: String, invoiceID: String, amount: Money, date: LocalDate, idempotencyKey: String
    ) async throws(XeroError) -> XeroElementOutcome {
        let path = "/CreditNotes/\(FormEncoding.escape(creditNoteID))/Allocations"
        let body = JSONWriter.bytes(
            .object(SettlementWrites.allocation(invoiceID: invoiceID, amount: amount, date: date)))
        let result = try await send(
            "PUT", path, query: [("summarizeErrors", "false")], body: body, idempotencyKey: idempotencyKey)
        let wrapper: XeroBody
        do {
            wrapper = try XeroBody(result.body, source: "PUT \(path)", arrayKey: "Allocations")
        } catch {
            throw .badResponse(error.description)
        }
        guard wrapper.elements.count == 1, case .object(let allocation)? = wrapper.elements.first else {
            throw .badResponse("PUT \(path) answered with \(wrapper.elements.count) allocations for the one sent")
        }
        let messages = XeroProblem.validationMessages(allocation)
        if allocation.text("StatusAttributeString") == "ERROR" || !messages.isEmpty {
            return .refused(messages.isEmpty ? ["Xero marked the allocation ERROR without a message"] : messages)
        }
        return .saved(id: allocation.text("AllocationID") ?? creditNoteID, number: nil)
    }
}
