import Foundation
import Testing
import TrueUpCore
import TrueUpTestSupport

@testable import TrueUpSandbox

/// Credit notes, allocations, refunds and bank transactions, written over HTTP as payment
/// reconciliation writes them. The exchanges go to `TRUEUP_SANDBOX_EXCHANGES` when it is set, so
/// that the conformance check covers these shapes too.
@Suite("Writing credit notes, allocations, refunds and bank transactions")
struct SettlementWriteTests {
    /// INV-1042 for Aroha Ngata: AUTHORISED, 83.70 due.
    static let openInvoice = "223d8b3a-efdd-4bfa-84bd-d4115598484e"
    static let aroha = "5d45704e-adcb-4fd3-9875-97c949c44aa9"
    /// INV-1043 for Liam Walker: PAID.
    static let paidInvoice = "842fbe3a-386c-433c-beba-1bf40de8b4c8"
    static let liam = "aa388d27-25eb-484c-b755-716110f880c1"
    /// INV-1044 for Mereana Tipene: AUTHORISED, 44.00 due.
    static let smallInvoice = "abd94f5d-ad3c-4628-b3d0-8d84aa4398cc"
    static let mereana = "835e6899-5d46-4ab6-92bf-e29bafef2ab6"

    static func with(_ body: (Harness) async throws -> Void) async throws {
        var configuration = XeroSandboxConfiguration()
        configuration.exchangeLog = LiveSandbox.exchangeLogFromEnvironment
        try await Harness.with(configuration: configuration, body)
    }

    /// An authorised customer credit of one line at `amount` plus 15% GST.
    static func creditNote(contact: String = aroha, amount: String = "40.00", status: String = "AUTHORISED") -> String {
        #"""
        {"CreditNotes":[{"Type":"ACCRECCREDIT","Contact":{"ContactID":"\#(contact)"},"Date":"2026-11-20",
          "Reference":"000000311-R1","Status":"\#(status)","LineAmountTypes":"Exclusive","CurrencyCode":"NZD",
          "LineItems":[{"Description":"Refund: chipped mug","Quantity":1,"UnitAmount":\#(amount),
                        "AccountCode":"200","TaxType":"OUTPUT2"}]}]}
        """#
    }

    static func allocation(_ invoiceID: String, _ amount: String) -> String {
        #"{"Allocations":[{"Amount":\#(amount),"Date":"2026-11-20","Invoice":{"InvoiceID":"\#(invoiceID)"}}]}"#
    }

    static func messages(_ echo: JSONObject) -> [String] {
        (echo.array("ValidationErrors") ?? []).compactMap {
            if case .object(let error) = $0 { return error.text("Message") }
            return nil
        }
    }

    func makeCreditNote(_ h: Harness, token: String, _ body: String = creditNote()) async throws -> JSONObject {
        let reply = try await h.write(.put, "CreditNotes?summarizeErrors=false", body, token: token)
        #expect(reply.status == 200, "\(reply.text)")
        let note = try #require(try reply.records("CreditNotes").first)
        #expect(note.text("StatusAttributeString") == "OK", "\(reply.text)")
        return note
    }

    func invoice(_ h: Harness, _ id: String) throws -> JSONObject {
        try #require(h.sandbox.invoices().first { $0.text("InvoiceID") == id })
    }

    @Test func aCreditNoteIsAllocatedInPartAndTheRestRefunded() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let note = try await makeCreditNote(h, token: token)
            #expect(note.text("CreditNoteNumber") == "CN-0001")
            #expect(note.text("Type") == "ACCRECCREDIT")
            #expect(note.text("Status") == "AUTHORISED")
            #expect(note.decimal("SubTotal") == "40.00")
            #expect(note.decimal("TotalTax") == "6.00")
            #expect(note.decimal("Total") == "46.00")
            #expect(note.decimal("RemainingCredit") == "46.00")
            #expect(note.array("Allocations") == [])
            let id = try #require(note.text("CreditNoteID"))

            let allocated = try await h.write(
                .put, "CreditNotes/\(id)/Allocations?summarizeErrors=false",
                Self.allocation(Self.openInvoice, "30.00"), token: token)
            #expect(allocated.status == 200, "\(allocated.text)")
            let allocation = try #require(try allocated.records("Allocations").first)
            #expect(allocation.text("StatusAttributeString") == "OK")
            #expect(allocation.decimal("Amount") == "30.00")
            #expect(allocation.object("Invoice")?.text("InvoiceNumber") == "INV-1042")
            #expect(allocation.object("CreditNote")?.text("CreditNoteID") == id)
            #expect(allocation.text("Date") == "/Date(1795132800000+0000)/")

            var invoice = try invoice(h, Self.openInvoice)
            #expect(invoice.decimal("AmountDue") == "53.70")
            #expect(invoice.decimal("AmountCredited") == "30.00")
            #expect(invoice.text("Status") == "AUTHORISED")

            let refund = try await h.write(
                .put, "Payments",
                #"""
                {"Payments":[{"CreditNote":{"CreditNoteID":"\#(id)"},"Account":{"Code":"090"},
                  "Date":"2026-11-20","Amount":16.00,"Reference":"re_3PqR"}]}
                """#, token: token)
            #expect(refund.status == 200, "\(refund.text)")
            let payment = try #require(try refund.records("Payments").first)
            #expect(payment.text("PaymentType") == "ARCREDITPAYMENT")
            #expect(payment.object("CreditNote")?.text("CreditNoteNumber") == "CN-0001")
            #expect(payment.object("CreditNote")?.text("CurrencyCode") == "NZD")
            #expect(payment["Invoice"] == nil)

            let listed = try #require(try await h.get("CreditNotes/\(id)", token: token).records("CreditNotes").first)
            #expect(listed.text("Status") == "PAID")
            #expect(listed.decimal("RemainingCredit") == "0.00")
            #expect(listed.text("FullyPaidOnDate") == "/Date(1795132800000+0000)/")
            let allocations = try #require(listed.array("Allocations"))
            #expect(allocations.count == 1)
            guard case .object(let stored)? = allocations.first else { throw HarnessError(message: "no allocation") }
            #expect(stored.decimal("Amount") == "30.00")
            #expect(stored.object("Invoice")?.text("InvoiceID") == Self.openInvoice)

            let payments = try await h.get("Payments?where=" + FormEncoding.escape(#"PaymentType=="ARCREDITPAYMENT""#))
            #expect(
                try payments.records("Payments").compactMap { $0.object("CreditNote")?.text("CreditNoteID") } == [id])

            let invoices = try await h.get("Invoices/\(Self.openInvoice)", token: token)
            invoice = try #require(try invoices.records("Invoices").first)
            #expect(invoice.decimal("AmountDue") == "53.70")
            #expect(invoice.decimal("AmountPaid") == "0.00")
            #expect(invoice.decimal("AmountCredited") == "30.00")
            #expect(invoice.array("CreditNotes")?.count == 1)

            // Nothing is left to refund.
            let again = try await h.write(
                .put, "Payments?summarizeErrors=false",
                #"{"Payments":[{"CreditNote":{"CreditNoteID":"\#(id)"},"Account":{"Code":"090"},"Amount":1.00}]}"#,
                token: token)
            let echo = try #require(try again.records("Payments").first)
            #expect(echo.text("StatusAttributeString") == "ERROR")
        }
    }

    @Test func anAllocationCoveringTheInvoiceMarksItPaid() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let note = try await makeCreditNote(h, token: token, Self.creditNote(contact: Self.mereana, amount: "100"))
            let id = try #require(note.text("CreditNoteID"))
            let reply = try await h.write(
                .put, "CreditNotes/\(id)/Allocations", Self.allocation(Self.smallInvoice, "44.00"), token: token)
            #expect(reply.status == 200, "\(reply.text)")
            let invoice = try invoice(h, Self.smallInvoice)
            #expect(invoice.text("Status") == "PAID")
            #expect(invoice.decimal("AmountDue") == "0.00")
            #expect(invoice.decimal("AmountCredited") == "44.00")
            let stored = try #require(h.sandbox.creditNotes().first { $0.text("CreditNoteID") == id })
            #expect(stored.decimal("RemainingCredit") == "71.00")
            #expect(stored.text("Status") == "AUTHORISED")
        }
    }

    @Test func anAllocationOverTheCreditOrTheAmountDueIsRefused() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let note = try await makeCreditNote(h, token: token)
            let id = try #require(note.text("CreditNoteID"))
            let path = "CreditNotes/\(id)/Allocations"

            let tooMuch = try await h.write(
                .put, path + "?summarizeErrors=false", Self.allocation(Self.openInvoice, "46.01"), token: token)
            #expect(tooMuch.status == 200, "\(tooMuch.text)")
            let echo = try #require(try tooMuch.records("Allocations").first)
            #expect(echo.text("StatusAttributeString") == "ERROR")
            #expect(
                Self.messages(echo) == ["Credit Note cannot be allocated as amount is greater than amount outstanding"])

            // By default the refusal is a 400 ValidationException.
            let summarized = try await h.write(.put, path, Self.allocation(Self.openInvoice, "46.01"), token: token)
            #expect(summarized.status == 400)
            #expect(try summarized.json().text("Type") == "ValidationException")

            let zero = try await h.write(
                .put, path + "?summarizeErrors=false", Self.allocation(Self.openInvoice, "0"), token: token)
            #expect(
                try zero.records("Allocations").first.map(Self.messages) == [
                    "The allocation amount must be greater than zero."
                ])

            let stored = try #require(h.sandbox.creditNotes().first { $0.text("CreditNoteID") == id })
            #expect(stored.decimal("RemainingCredit") == "46.00")
            #expect(try invoice(h, Self.openInvoice).decimal("AmountDue") == "83.70")

            // More than the invoice's amount due, though within the credit.
            let big = try await makeCreditNote(h, token: token, Self.creditNote(contact: Self.mereana, amount: "100"))
            let bigID = try #require(big.text("CreditNoteID"))
            let overDue = try await h.write(
                .put, "CreditNotes/\(bigID)/Allocations?summarizeErrors=false",
                Self.allocation(Self.smallInvoice, "44.01"), token: token)
            #expect(
                try overDue.records("Allocations").first.map(Self.messages) == [
                    "Credit Note cannot be allocated as amount is greater than amount outstanding"
                ])
        }
    }

    @Test func anAllocationToAPaidInvoiceIsRefused() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let note = try await makeCreditNote(h, token: token, Self.creditNote(contact: Self.liam))
            let id = try #require(note.text("CreditNoteID"))
            let reply = try await h.write(
                .put, "CreditNotes/\(id)/Allocations?summarizeErrors=false", Self.allocation(Self.paidInvoice, "5"),
                token: token)
            #expect(reply.status == 200, "\(reply.text)")
            let echo = try #require(try reply.records("Allocations").first)
            #expect(echo.text("StatusAttributeString") == "ERROR")
            #expect(Self.messages(echo).contains("The invoice you are trying to allocate to has already been paid off"))
            #expect(h.sandbox.creditNotes().first?.decimal("RemainingCredit") == "46.00")
        }
    }

    @Test func allocationsNeedAnAuthorisedNoteTheSameContactAndTheRightSide() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let draft = try await makeCreditNote(h, token: token, Self.creditNote(status: "DRAFT"))
            #expect(draft.decimal("RemainingCredit") == "46.00")
            let draftID = try #require(draft.text("CreditNoteID"))
            func refusal(_ noteID: String, _ invoiceID: String) async throws -> [String] {
                let reply = try await h.write(
                    .put, "CreditNotes/\(noteID)/Allocations?summarizeErrors=false", Self.allocation(invoiceID, "1"),
                    token: token)
                return Self.messages(try #require(try reply.records("Allocations").first))
            }
            #expect(
                try await refusal(draftID, Self.openInvoice)
                    == ["Credit can only be allocated from an AUTHORISED credit note; this one is DRAFT."])

            let note = try await makeCreditNote(h, token: token)
            let id = try #require(note.text("CreditNoteID"))
            #expect(
                try await refusal(id, Self.smallInvoice)
                    == ["The credit note and the invoice must be for the same contact."])
            // WWM-20931 is a bill.
            #expect(
                try await refusal(id, "8e5d2f7d-8bbc-47cd-b559-0d2c20a53e16").contains(
                    "Credit Note cannot be allocated to an incorrect invoice type"))

            let unknown = try await h.write(
                .put, "CreditNotes/11111111-1111-1111-1111-111111111111/Allocations",
                Self.allocation(Self.openInvoice, "1"), token: token)
            #expect(unknown.status == 404)
        }
    }

    @Test func anAuthorisedNoteTakesAllocationsOnUpdateButNotOnCreate() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let inline = #"""
                {"CreditNotes":[{"Type":"ACCRECCREDIT","Contact":{"ContactID":"\#(Self.aroha)"},"Status":"AUTHORISED",
                  "LineItems":[{"Description":"Goodwill","Quantity":1,"UnitAmount":10,"AccountCode":"200"}],
                  "Allocations":[{"Amount":5,"Date":"2026-11-20","Invoice":{"InvoiceID":"\#(Self.openInvoice)"}}]}]}
                """#
            let note = try await makeCreditNote(h, token: token, inline)
            #expect(note.array("Allocations") == [])
            #expect(note.decimal("RemainingCredit") == "11.50")
            #expect(try invoice(h, Self.openInvoice).decimal("AmountDue") == "83.70")

            let id = try #require(note.text("CreditNoteID"))
            let update = try await h.write(
                .post, "CreditNotes/\(id)",
                #"{"CreditNotes":[{"Allocations":[{"Amount":5,"Date":"2026-11-20","Invoice":{"InvoiceID":"\#(Self.openInvoice)"}}]}]}"#,
                token: token)
            #expect(update.status == 200, "\(update.text)")
            let updated = try #require(try update.records("CreditNotes").first)
            #expect(updated.decimal("RemainingCredit") == "6.50")
            #expect(updated.array("Allocations")?.count == 1)
            #expect(try invoice(h, Self.openInvoice).decimal("AmountDue") == "78.70")

            // Credit in use: the note can no longer be voided.
            let void = try await h.write(
                .post, "CreditNotes/\(id)", #"{"CreditNotes":[{"Status":"VOIDED"}]}"#, token: token)
            #expect(void.status == 400)
            #expect(void.text.contains("This document cannot be edited as it has a payment or credit note allocated"))
            // Nor can the credited invoice.
            let voidInvoice = try await h.write(
                .post, "Invoices/\(Self.openInvoice)", #"{"Invoices":[{"Status":"VOIDED"}]}"#, token: token)
            #expect(voidInvoice.status == 400)
        }
    }

    @Test func anIdempotencyKeyReplaysCreditNotesAndAllocationsWithoutDoingThemTwice() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let key = [("Idempotency-Key", "trueup-refund-000000311-R1")]
            let first = try await h.write(.put, "CreditNotes", Self.creditNote(), token: token, headers: key)
            h.clock.advance(5)
            let second = try await h.write(.put, "CreditNotes", Self.creditNote(), token: token, headers: key)
            #expect(first.status == 200)
            #expect(first.bytes == second.bytes)
            #expect(h.sandbox.creditNotes().count == 1)

            let id = try #require(try first.records("CreditNotes").first?.text("CreditNoteID"))
            let allocationKey = [("Idempotency-Key", "trueup-allocate-000000311-R1")]
            for _ in 0..<2 {
                let reply = try await h.write(
                    .put, "CreditNotes/\(id)/Allocations", Self.allocation(Self.openInvoice, "10.00"), token: token,
                    headers: allocationKey)
                #expect(reply.status == 200)
            }
            #expect(try invoice(h, Self.openInvoice).decimal("AmountDue") == "73.70")
            #expect(h.sandbox.creditNotes().first?.decimal("RemainingCredit") == "36.00")

            let spendKey = [("Idempotency-Key", "trueup-fee-po_1")]
            for _ in 0..<2 {
                let reply = try await h.write(.put, "BankTransactions", Self.spend(), token: token, headers: spendKey)
                #expect(reply.status == 200)
            }
            #expect(h.sandbox.bankTransactions().count == 1)
        }
    }

    static func spend(bankAccount: String = "090", amount: String = "3.25") -> String {
        #"""
        {"BankTransactions":[{"Type":"SPEND","Contact":{"Name":"Stripe"},"BankAccount":{"Code":"\#(bankAccount)"},
          "Date":"2026-11-20","Reference":"po_1QxY","CurrencyCode":"NZD","LineAmountTypes":"NoTax",
          "LineItems":[{"Description":"Stripe fees for payout po_1QxY","Quantity":1,"UnitAmount":\#(amount),
                        "AccountCode":"310"},
                       {"Description":"Rounding","Quantity":1,"UnitAmount":0.01,"AccountCode":"860"}]}]}
        """#
    }

    @Test func aSpendBankTransactionIsCreatedAndListed() async throws {
        try await Self.with { h in
            let token = try await h.token()
            h.clock.advance(60)
            let reply = try await h.write(.put, "BankTransactions?summarizeErrors=false", Self.spend(), token: token)
            #expect(reply.status == 200, "\(reply.text)")
            let made = try #require(try reply.records("BankTransactions").first)
            #expect(made.text("StatusAttributeString") == "OK")
            #expect(made.text("Type") == "SPEND")
            #expect(made.text("Status") == "AUTHORISED")
            #expect(made.decimal("Total") == "3.26")
            #expect(made.decimal("TotalTax") == "0.00")
            #expect(made["IsReconciled"] == .bool(false))
            #expect(made.object("BankAccount")?.text("Code") == "090")
            #expect(made.object("BankAccount")?.text("Name") == "Business Bank Account")
            let id = try #require(made.text("BankTransactionID"))

            let listed = try await h.get(
                "BankTransactions?where=" + FormEncoding.escape(#"Type=="SPEND""#), token: token,
                headers: [("If-Modified-Since", "2026-11-20T18:41:00Z")])
            #expect(listed.status == 200)
            let records = try listed.records("BankTransactions")
            #expect(records.map { $0.text("BankTransactionID") } == [id])
            #expect(records.first?.text("Reference") == "po_1QxY")
            #expect(records.first?.array("LineItems")?.count == 2)
        }
    }

    @Test func aBankTransactionNeedsABankAccountAndAKnownType() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let reply = try await h.write(
                .put, "BankTransactions?summarizeErrors=false", Self.spend(bankAccount: "200"), token: token)
            #expect(reply.status == 200, "\(reply.text)")
            let echo = try #require(try reply.records("BankTransactions").first)
            #expect(echo.text("StatusAttributeString") == "ERROR")
            #expect(echo.text("BankTransactionID") == XeroJSON.emptyID)
            #expect(
                Self.messages(echo) == [
                    "Account code '200' is not a bank account: a bank transaction's BankAccount must be a BANK account."
                ])

            let transfer = try await h.write(
                .put, "BankTransactions",
                Self.spend().replacingOccurrences(of: "\"SPEND\"", with: "\"SPEND-TRANSFER\""),
                token: token)
            #expect(transfer.status == 400)
            #expect(transfer.text.contains("does not emulate SPEND-TRANSFER"))

            let noContact = try await h.write(
                .put, "BankTransactions",
                Self.spend().replacingOccurrences(of: #"{"Name":"Stripe"}"#, with: #"{"EmailAddress":"x@y.nz"}"#),
                token: token)
            #expect(noContact.text.contains("The Contact must contain at least 1 of the following elements"))
            #expect(h.sandbox.bankTransactions().isEmpty)
        }
    }

    @Test func aCustomerCreditForATrackedItemTakesStockBackAndVoidingSendsItOut() async throws {
        try await Self.with { h in
            let token = try await h.token()
            let body = #"""
                {"CreditNotes":[{"Type":"ACCRECCREDIT","Contact":{"ContactID":"\#(Self.aroha)"},"Date":"2026-11-20",
                  "Status":"AUTHORISED","Reference":"000000311-R2",
                  "LineItems":[{"ItemCode":"MUG-KAURI-350","Description":"Returned mug","Quantity":2,
                                "UnitAmount":24.35,"AccountCode":"200"}]}]}
                """#
            let note = try await makeCreditNote(h, token: token, body)
            #expect(note.decimal("Total") == "56.01")
            // 209.00 × 2 ÷ 22 = 19.00 comes back into the pool with the two mugs.
            let mug = try #require(h.sandbox.item(code: "MUG-KAURI-350"))
            #expect(mug.decimal("QuantityOnHand") == "24.0000")
            #expect(mug.decimal("TotalCostPool") == "228.00")

            let id = try #require(note.text("CreditNoteID"))
            let voided = try await h.write(
                .post, "CreditNotes/\(id)", #"{"CreditNotes":[{"Status":"VOIDED"}]}"#, token: token)
            #expect(voided.status == 200, "\(voided.text)")
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "22.0000")
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("TotalCostPool") == "209.00")

            // A draft moves nothing until it is authorised.
            let draft = try await makeCreditNote(
                h, token: token, body.replacingOccurrences(of: "AUTHORISED", with: "DRAFT"))
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "22.0000")
            let draftID = try #require(draft.text("CreditNoteID"))
            let authorised = try await h.write(
                .post, "CreditNotes", #"{"CreditNotes":[{"CreditNoteID":"\#(draftID)","Status":"AUTHORISED"}]}"#,
                token: token)
            #expect(authorised.status == 200, "\(authorised.text)")
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.decimal("QuantityOnHand") == "24.0000")
            #expect(try authorised.records("CreditNotes").first?.text("CreditNoteNumber") == "CN-0002")
        }
    }

    @Test func creditNotesAreValidatedAsXeroDoes() async throws {
        try await Self.with { h in
            let token = try await h.token()
            func refusal(_ element: String) async throws -> [String] {
                let reply = try await h.write(
                    .put, "CreditNotes?summarizeErrors=false", #"{"CreditNotes":[\#(element)]}"#, token: token)
                return Self.messages(try #require(try reply.records("CreditNotes").first))
            }
            let line = #"{"Description":"x","Quantity":1,"UnitAmount":5,"AccountCode":"200"}"#
            let contact = #"{"ContactID":"\#(Self.aroha)"}"#
            #expect(
                try await refusal(#"{"Contact":\#(contact),"LineItems":[\#(line)]}"#)
                    == ["Credit Note Type must be ACCRECCREDIT or ACCPAYCREDIT, found ''."])
            #expect(
                try await refusal(
                    #"{"Type":"ACCRECCREDIT","Contact":\#(contact),"Status":"PAID","LineItems":[\#(line)]}"#)
                    == [
                        "Credit Note Status 'PAID' is not valid for a new credit note: use DRAFT, SUBMITTED or AUTHORISED."
                    ])
            #expect(
                try await refusal(
                    #"{"CreditNoteID":"11111111-1111-1111-1111-111111111111","Type":"ACCRECCREDIT","LineItems":[]}"#)
                    == ["An existing Credit Note with the specified CreditNoteID could not be found"])
            _ = try await makeCreditNote(h, token: token)
            #expect(
                try await refusal(
                    #"{"Type":"ACCRECCREDIT","CreditNoteNumber":"CN-0001","Contact":\#(contact),"LineItems":[\#(line)]}"#
                )
                    == ["Credit Note # must be unique."])
            let supplier = try await makeCreditNote(
                h, token: token,
                #"""
                {"CreditNotes":[{"Type":"ACCPAYCREDIT","Contact":{"Name":"Wanaka Wool Mills Ltd"},
                  "LineItems":[{"Description":"Damaged throws","Quantity":1,"UnitAmount":20,"AccountCode":"310"}]}]}
                """#)
            #expect(supplier.text("CreditNoteNumber") == "")
            #expect(supplier.text("Status") == "DRAFT")
        }
    }
}
