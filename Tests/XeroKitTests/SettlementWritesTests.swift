import Foundation
import Testing
import TrueUpCore
import TrueUpSandbox
import TrueUpTestSupport
import XeroKit

/// The documents payment reconciliation writes: their JSON exactly, then written to the sandbox
/// over HTTP and read back.
@Suite struct SettlementWritesTests {
    let nzd: Currency
    let date: LocalDate

    init() throws {
        nzd = try Currency(code: "NZD")
        date = try LocalDate(iso: "2026-11-20")
    }

    func money(_ text: String, _ currency: Currency? = nil) throws -> Money {
        try Money(parsing: text, currency: currency ?? nzd)
    }

    func json(_ element: XeroBatchElement) -> String { JSONWriter.text(.object(element.body)) }

    @Test func aPaymentOnAnInvoice() throws {
        let element = SettlementWrites.payment(
            key: "pay-1", invoiceID: "inv-1", accountCode: "090", date: date, amount: try money("83.70"),
            reference: "ch_3PqR")
        #expect(element.key == "pay-1")
        #expect(
            json(element)
                == #"{"Invoice":{"InvoiceID":"inv-1"},"Account":{"Code":"090"},"Date":"2026-11-20","Amount":83.70,"#
                + #""Reference":"ch_3PqR"}"#)
        let bare = SettlementWrites.payment(
            key: "pay-2", invoiceID: "inv-1", accountCode: "090", date: date, amount: try money("5"), reference: nil)
        #expect(json(bare).hasSuffix(#""Amount":5.00}"#))
    }

    @Test func aRefundOfACreditNote() throws {
        let element = SettlementWrites.refundPayment(
            key: "refund-1", creditNoteID: "cn-1", accountCode: "090", date: date,
            amount: try money("1230", try Currency(code: "JPY")), reference: "re_1")
        #expect(
            json(element)
                == #"{"CreditNote":{"CreditNoteID":"cn-1"},"Account":{"Code":"090"},"Date":"2026-11-20","#
                + #""Amount":1230,"Reference":"re_1"}"#)
    }

    @Test func aCreditNoteWithAnItemLineAndAShippingLine() throws {
        let element = SettlementWrites.creditNote(
            key: "cn-key", contactID: "c-1", date: date, reference: "000000311-R1", currency: nzd,
            lines: [
                CreditNoteLine(
                    description: "Returned mug", quantity: try Quantity(parsing: "2"), unitAmount: try money("24.35"),
                    accountCode: "200", itemCode: "MUG-KAURI-350", taxType: "OUTPUT2"),
                CreditNoteLine(description: "Shipping", unitAmount: try money("7.57"), accountCode: "200"),
            ], lineAmountTypes: .inclusive)
        #expect(element.key == "cn-key")
        #expect(
            json(element)
                == #"{"Type":"ACCRECCREDIT","Contact":{"ContactID":"c-1"},"Date":"2026-11-20","#
                + #""Reference":"000000311-R1","CurrencyCode":"NZD","LineAmountTypes":"Inclusive","#
                + #""Status":"AUTHORISED","LineItems":["#
                + #"{"ItemCode":"MUG-KAURI-350","Description":"Returned mug","Quantity":2.0000,"UnitAmount":24.35,"#
                + #""AccountCode":"200","TaxType":"OUTPUT2"},"#
                + #"{"Description":"Shipping","UnitAmount":7.57,"AccountCode":"200"}]}"#)
    }

    @Test func aSpendOfFeesFromTheBank() throws {
        let element = SettlementWrites.spend(
            key: "fee-1", bankAccountCode: "090", contactID: "c-stripe", date: date, reference: "po_1QxY",
            currency: nzd,
            lines: [BankTransactionLine(description: "Stripe fees", unitAmount: try money("3.25"), accountCode: "404")],
            lineAmountTypes: .noTax)
        #expect(
            json(element)
                == #"{"Type":"SPEND","Contact":{"ContactID":"c-stripe"},"BankAccount":{"Code":"090"},"#
                + #""Date":"2026-11-20","Reference":"po_1QxY","CurrencyCode":"NZD","LineAmountTypes":"NoTax","#
                + #""LineItems":[{"Description":"Stripe fees","UnitAmount":3.25,"AccountCode":"404"}]}"#)
    }

    @Test func anAllocationBody() throws {
        let body = SettlementWrites.allocation(invoiceID: "inv-1", amount: try money("30"), date: date)
        #expect(
            JSONWriter.text(.object(body))
                == #"{"Allocations":[{"Amount":30.00,"Date":"2026-11-20","Invoice":{"InvoiceID":"inv-1"}}]}"#)
    }

    // MARK: Against the sandbox

    static let demo = "\(RepositoryPaths.scenarios)/demo"
    /// INV-1042 for Aroha Ngata: AUTHORISED, 83.70 due.
    static let invoiceID = "223d8b3a-efdd-4bfa-84bd-d4115598484e"
    static let aroha = "5d45704e-adcb-4fd3-9875-97c949c44aa9"

    @Test func aRefundIsCreditedAllocatedRefundedAndItsFeeSpent() async throws {
        let live = try await LiveSandbox.start(scenario: Self.demo)
        defer { Task { await live.stop() } }
        let client = live.client()

        let note = SettlementWrites.creditNote(
            key: "refund-000000311-R1", contactID: Self.aroha, date: date, reference: "000000311-R1", currency: nzd,
            lines: [CreditNoteLine(description: "Refund", unitAmount: try money("40.00"), accountCode: "200")])
        let made = try await client.writeBatch("PUT", .creditNotes, [note])
        guard case .saved(let noteID, let number)? = made.first else {
            Issue.record("expected the credit note to be saved, got \(made)")
            return
        }
        #expect(number == "CN-0001")

        let tooMuch = try await client.allocate(
            creditNoteID: noteID, invoiceID: Self.invoiceID, amount: try money("46.01"), date: date,
            idempotencyKey: "allocate-too-much")
        #expect(tooMuch == .refused(["Credit Note cannot be allocated as amount is greater than amount outstanding"]))

        let allocated = try await client.allocate(
            creditNoteID: noteID, invoiceID: Self.invoiceID, amount: try money("30.00"), date: date,
            idempotencyKey: "allocate-000000311-R1")
        guard case .saved(let allocationID, nil) = allocated else {
            Issue.record("expected the allocation to be saved, got \(allocated)")
            return
        }
        #expect(allocationID != noteID)
        // Sent again after a lost answer: replayed, not applied twice.
        #expect(
            try await client.allocate(
                creditNoteID: noteID, invoiceID: Self.invoiceID, amount: try money("30.00"), date: date,
                idempotencyKey: "allocate-000000311-R1") == allocated)

        let refund = SettlementWrites.refundPayment(
            key: "refund-pay-000000311-R1", creditNoteID: noteID, accountCode: "090", date: date,
            amount: try money("16.00"), reference: "re_3PqR")
        let fee = SettlementWrites.spend(
            key: "fee-po_1QxY", bankAccountCode: "090", contactID: Self.aroha, date: date, reference: "po_1QxY",
            currency: nzd,
            lines: [BankTransactionLine(description: "Fees", unitAmount: try money("3.25"), accountCode: "310")],
            lineAmountTypes: .noTax)
        let refunded = try await client.writeBatch("PUT", .payments, [refund])
        let spent = try await client.writeBatch("PUT", .bankTransactions, [fee])
        guard case .saved(_, nil)? = refunded.first, case .saved(_, nil)? = spent.first else {
            Issue.record("expected the refund and the fee to be saved, got \(refunded) and \(spent)")
            return
        }

        let notes = try XeroCreditNotesDecoder.decode(
            try await client.readChanged(.creditNotes, since: nil).body, source: "GET /CreditNotes")
        #expect(notes.problems.isEmpty)
        let read = try #require(notes.records.first { $0.id == noteID })
        #expect(read.status == .paid)
        #expect(read.total == (try money("46.00")))
        #expect(read.remainingCredit == .zero(nzd))
        #expect(
            read.allocations == [
                CreditAllocation(
                    invoiceID: Self.invoiceID, invoiceNumber: "INV-1042", amount: try money("30.00"), date: date)
            ])

        let invoices = try XeroInvoicesDecoder.decode(
            try await client.readChanged(.invoices, since: nil).body, source: "GET /Invoices")
        #expect(invoices.records.first { $0.id == Self.invoiceID }?.amountDue == (try money("53.70")))

        let payments = try XeroPaymentsDecoder.decode(
            try await client.readChanged(.payments, since: nil).body, source: "GET /Payments")
        let refundRead = try #require(payments.records.first { $0.creditNoteID == noteID })
        #expect(refundRead.kind == .arCreditPayment)
        #expect(refundRead.amount == (try money("16.00")))
        #expect(refundRead.creditNoteNumber == "CN-0001")

        let transactions = try XeroBankTransactionsDecoder.decode(
            try await client.readChanged(.bankTransactions, since: nil).body, source: "GET /BankTransactions")
        #expect(transactions.problems.isEmpty)
        let spend = try #require(transactions.records.first { $0.reference == "po_1QxY" })
        #expect(spend.kind == .spend)
        #expect(spend.total == (try money("3.25")))
        #expect(spend.bankAccountCode == "090")
    }
}
