import Foundation
import Testing
import TrueUpCore

@testable import TrueUpSandbox

@Suite("Writing invoices, payments and contacts")
struct WriteTests {
    static let customer = #"{"ContactID":"5d45704e-adcb-4fd3-9875-97c949c44aa9"}"#

    /// A sales invoice of `quantity` mugs at the shop price.
    static func sale(_ quantity: String, status: String = "AUTHORISED", number: String? = nil) -> String {
        let numberMember = number.map { #""InvoiceNumber":"\#($0)","# } ?? ""
        return #"""
            {"Type":"ACCREC",\#(numberMember)"Contact":\#(customer),"Date":"2026-11-20","DueDate":"2026-12-20",
             "Status":"\#(status)","LineAmountTypes":"Exclusive","Reference":"000000400",
             "LineItems":[{"ItemCode":"MUG-KAURI-350","Description":"Mug","Quantity":\#(quantity),
                           "UnitAmount":24.35,"AccountCode":"200","TaxType":"OUTPUT2"}]}
            """#
    }

    /// A zero-total bill raising stock: the item line at cost on the inventory account and an
    /// equal negative line on the inventory adjustments account.
    static func stockBill(
        _ code: String, quantity: Int, unitCost: String, lineTotal: String, status: String = "AUTHORISED"
    )
        -> String
    {
        #"""
        {"Type":"ACCPAY","Contact":{"Name":"Inventory Adjustments"},"Date":"2026-11-20","Status":"\#(status)",
         "LineAmountTypes":"NoTax","LineItems":[
           {"ItemCode":"\#(code)","Description":"Stock count","Quantity":\#(quantity),"UnitAmount":\#(unitCost),
            "AccountCode":"630"},
           {"Description":"Inventory adjustment","Quantity":1,"UnitAmount":-\#(lineTotal),"AccountCode":"318"}]}
        """#
    }

    func stock(_ h: Harness, _ code: String) throws -> (String?, String?) {
        let item = try #require(h.sandbox.item(code: code))
        return (item.decimal("QuantityOnHand"), item.decimal("TotalCostPool"))
    }

    @Test func anAuthorisedBillRaisesStockAndTheCostPool() async throws {
        try await Harness.with { h in
            let reply = try await h.write(
                .put, "Invoices",
                #"{"Invoices":[\#(Self.stockBill("MUG-KAURI-350", quantity: 10, unitCost: "9.50", lineTotal: "95"))]}"#
            )
            #expect(reply.status == 200, "\(reply.text)")
            let bill = try #require(try reply.records("Invoices").first)
            #expect(bill.text("StatusAttributeString") == "OK")
            #expect(bill.decimal("Total") == "0.00")
            #expect(bill.text("InvoiceNumber") == "")
            #expect(try stock(h, "MUG-KAURI-350") == ("32.0000", "304.00"))
            #expect(h.sandbox.item(code: "MUG-KAURI-350")?.text("UpdatedDateUTC") == "/Date(1795200000000+0000)/")
        }
    }

    @Test func anAuthorisedSaleLowersStockAtAverageCost() async throws {
        try await Harness.with { h in
            let reply = try await h.write(.put, "Invoices", Self.sale("3"))
            #expect(reply.status == 200, "\(reply.text)")
            let invoice = try #require(try reply.records("Invoices").first)
            #expect(invoice.text("InvoiceNumber") == "INV-1045")
            #expect(invoice.decimal("SubTotal") == "73.05")
            #expect(invoice.decimal("TotalTax") == "10.96")
            #expect(invoice.decimal("Total") == "84.01")
            #expect(invoice.decimal("AmountDue") == "84.01")
            #expect(invoice.text("Status") == "AUTHORISED")
            #expect(invoice.text("DateString") == "2026-11-20T00:00:00")
            #expect(invoice.text("Date") == "/Date(1795132800000+0000)/")
            // 209.00 × 3 ÷ 22 = 28.50 leaves the pool.
            #expect(try stock(h, "MUG-KAURI-350") == ("19.0000", "180.50"))
        }
    }

    @Test func aSaleThatWouldTakeStockBelowZeroIsRefused() async throws {
        try await Harness.with { h in
            let reply = try await h.write(.put, "Invoices", Self.sale("23"))
            #expect(reply.status == 400)
            let body = try reply.json()
            #expect(body.text("Type") == "ValidationException")
            #expect(body["ErrorNumber"] == .number("10"))
            guard case .object(let element)? = body.array("Elements")?.first,
                case .object(let error)? = element.array("ValidationErrors")?.first
            else { throw HarnessError(message: "no validation error in \(reply.text)") }
            #expect(error.text("Message")?.contains("MUG-KAURI-350") == true)
            #expect(try stock(h, "MUG-KAURI-350") == ("22.0000", "209.00"))
            #expect(h.sandbox.invoices().count == 5)
            // Selling every unit takes the whole pool.
            #expect(try await h.write(.put, "Invoices", Self.sale("22")).status == 200)
            #expect(try stock(h, "MUG-KAURI-350") == ("0.0000", "0.00"))
        }
    }

    @Test func draftsMoveNoStockUntilAuthorisedAndVoidingMovesItBack() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let draft = try #require(
                try await h.write(.put, "Invoices", Self.sale("2", status: "DRAFT"), token: token)
                    .records("Invoices").first)
            #expect(try stock(h, "MUG-KAURI-350") == ("22.0000", "209.00"))
            let id = try #require(draft.text("InvoiceID"))

            let authorised = try await h.write(
                .post, "Invoices", #"{"InvoiceID":"\#(id)","Status":"AUTHORISED"}"#, token: token)
            #expect(authorised.status == 200, "\(authorised.text)")
            #expect(try stock(h, "MUG-KAURI-350") == ("20.0000", "190.00"))

            let voided = try await h.write(.post, "Invoices/\(id)", #"{"Status":"VOIDED"}"#, token: token)
            #expect(voided.status == 200, "\(voided.text)")
            #expect(try voided.records("Invoices").first?.text("Status") == "VOIDED")
            #expect(try stock(h, "MUG-KAURI-350") == ("22.0000", "209.00"))

            let again = try await h.write(.post, "Invoices/\(id)", #"{"Status":"AUTHORISED"}"#, token: token)
            #expect(again.status == 400)
        }
    }

    @Test func aBatchWithTwoBadElementsUnderSummarizeErrorsFalse() async throws {
        try await Harness.with { h in
            let batch = #"""
                {"Invoices":[
                  \#(Self.sale("1")),
                  {"Type":"ACCREC","Contact":\#(Self.customer),"Status":"AUTHORISED",
                   "LineItems":[{"ItemCode":"NO-SUCH-ITEM","Quantity":1,"UnitAmount":5,"AccountCode":"200"}]},
                  {"Type":"ACCREC","Contact":\#(Self.customer),"Status":"AUTHORISED",
                   "LineItems":[{"Description":"Bank line","Quantity":1,"UnitAmount":5,"AccountCode":"090"}]},
                  \#(Self.stockBill("THROW-WOOL-CHARCOAL", quantity: 2, unitCost: "68.00", lineTotal: "136.00"))
                ]}
                """#
            let reply = try await h.write(.put, "Invoices?summarizeErrors=false", batch)
            #expect(reply.status == 200, "\(reply.text)")
            let echoes = try reply.records("Invoices")
            #expect(echoes.map { $0.text("StatusAttributeString") } == ["OK", "ERROR", "ERROR", "OK"])
            func messages(_ echo: JSONObject) -> [String] {
                (echo.array("ValidationErrors") ?? []).compactMap {
                    if case .object(let error) = $0 { return error.text("Message") }
                    return nil
                }
            }
            #expect(messages(echoes[1]) == ["Item code 'NO-SUCH-ITEM' is not valid"])
            #expect(messages(echoes[2]) == ["Account code '090' is not a valid code for this document."])
            #expect(echoes[1].text("InvoiceID") == "00000000-0000-0000-0000-000000000000")
            #expect(echoes[0].text("InvoiceNumber") == "INV-1045")
            #expect(h.sandbox.invoices().count == 7)
            #expect(try stock(h, "MUG-KAURI-350").0 == "21.0000")
            #expect(try stock(h, "THROW-WOOL-CHARCOAL") == ("20.0000", "1360.00"))
        }
    }

    @Test func byDefaultOneBadElementFailsTheWholeBatch() async throws {
        try await Harness.with { h in
            let batch = #"""
                {"Invoices":[\#(Self.sale("1")),
                  {"Type":"ACCREC","Contact":\#(Self.customer),"LineItems":[{"ItemCode":"NOPE","Quantity":1}]}]}
                """#
            let reply = try await h.write(.put, "Invoices", batch)
            #expect(reply.status == 400)
            let body = try reply.json()
            #expect(body.keys == ["ErrorNumber", "Type", "Message", "Elements"])
            #expect(body.text("Message") == "A validation exception occurred")
            #expect(body.array("Elements")?.count == 1)
            #expect(h.sandbox.invoices().count == 5)
            #expect(try stock(h, "MUG-KAURI-350").0 == "22.0000")
        }
    }

    @Test func invoiceNumbersAreUniqueForSalesOnly() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let duplicate = try await h.write(.put, "Invoices", Self.sale("1", number: "INV-1042"), token: token)
            #expect(duplicate.status == 400)
            #expect(duplicate.text.contains("Invoice # must be unique."))
            let bill = #"""
                {"Type":"ACCPAY","InvoiceNumber":"WWM-20931","Contact":{"Name":"Wanaka Wool Mills Ltd"},
                 "Date":"2026-11-20",
                 "LineItems":[{"Description":"Freight","Quantity":1,"UnitAmount":10,"AccountCode":"310"}]}
                """#
            #expect(try await h.write(.put, "Invoices", bill, token: token).status == 200)
            let first = try await h.write(.put, "Invoices", Self.sale("1", status: "DRAFT"), token: token)
            let second = try await h.write(.put, "Invoices", Self.sale("1", status: "DRAFT"), token: token)
            #expect(try first.records("Invoices").first?.text("InvoiceNumber") == "INV-1045")
            #expect(try second.records("Invoices").first?.text("InvoiceNumber") == "INV-1046")
        }
    }

    @Test func linesAreValidatedAsXeroDoes() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            func refusal(_ line: String, type: String = "ACCREC") async throws -> String {
                let body =
                    #"{"Type":"\#(type)","Contact":\#(Self.customer),"Status":"AUTHORISED","LineItems":[\#(line)]}"#
                let reply = try await h.write(.put, "Invoices?summarizeErrors=false", body, token: token)
                let echo = try #require(try reply.records("Invoices").first)
                guard case .object(let error)? = echo.array("ValidationErrors")?.first else { return "" }
                return error.text("Message") ?? ""
            }
            #expect(
                try await refusal(#"{"ItemCode":"MUG-KAURI-350","Quantity":-1,"UnitAmount":5,"AccountCode":"200"}"#)
                    == "The quantity value '-1.0000' is invalid. Quantity must not be less than zero.")
            #expect(
                try await refusal(#"{"Description":"x","Quantity":1,"UnitAmount":5,"AccountCode":"999"}"#)
                    == "Account code '999' is not a valid code for this document.")
            #expect(
                try await refusal(
                    #"{"ItemCode":"MUG-KAURI-350","Quantity":1,"UnitAmount":5,"AccountCode":"310"}"#, type: "ACCPAY"
                )
                .contains("inventory asset account '630'"))
            #expect(
                try await refusal(
                    #"{"Description":"x","Quantity":2,"UnitAmount":5,"LineAmount":11,"AccountCode":"200"}"#
                )
                .contains("does not match"))
            #expect(
                try await refusal(#"{"Description":"x","Quantity":1,"UnitAmount":-5,"AccountCode":"200"}"#)
                    == "The total of an invoice cannot be negative.")
        }
    }

    @Test func aContactNamedButUnknownIsCreated() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let body = #"""
                {"Type":"ACCREC","Contact":{"Name":"Hemi Walker"},
                 "LineItems":[{"Description":"Gift wrap","Quantity":1,"UnitAmount":5,"AccountCode":"200"}]}
                """#
            let invoice = try #require(
                try await h.write(.put, "Invoices", body, token: token).records("Invoices").first)
            let contactID = try #require(invoice.object("Contact")?.text("ContactID"))
            let contacts = try await h.get(
                "Contacts?where=" + FormEncoding.escape(#"Name=="Hemi Walker""#), token: token)
            #expect(try contacts.records("Contacts").map { $0.text("ContactID") } == [contactID])
            // The same name finds the same contact.
            let again = try #require(try await h.write(.put, "Invoices", body, token: token).records("Invoices").first)
            #expect(again.object("Contact")?.text("ContactID") == contactID)

            let unknownID =
                #"{"Type":"ACCREC","Contact":{"ContactID":"11111111-1111-1111-1111-111111111111"},"LineItems":[]}"#
            #expect(try await h.write(.put, "Invoices", unknownID, token: token).status == 400)
        }
    }

    @Test func contactsArePutWithUniqueNames() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let made = try await h.write(
                .put, "Contacts", #"{"Contacts":[{"Name":"Kiri Shop","ContactNumber":"cust-7"}]}"#, token: token)
            #expect(made.status == 200)
            #expect(try made.records("Contacts").first?.text("ContactStatus") == "ACTIVE")
            let clash = try await h.write(.put, "Contacts", #"{"Contacts":[{"Name":"kiri shop"}]}"#, token: token)
            #expect(clash.status == 400)
        }
    }

    @Test func paymentsReduceAmountDueAndCannotExceedIt() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            func pay(_ amount: String, account: String = "090") async throws -> Reply {
                try await h.write(
                    .put, "Payments",
                    #"""
                    {"Payments":[{"Invoice":{"InvoiceID":"223d8b3a-efdd-4bfa-84bd-d4115598484e"},
                     "Account":{"Code":"\#(account)"},
                     "Date":"2026-11-20","Amount":\#(amount),"Reference":"ch_123"}]}
                    """#, token: token)
            }
            let tooMuch = try await pay("100.00")
            #expect(tooMuch.status == 400)
            #expect(tooMuch.text.contains("Payment amount exceeds the amount outstanding on this document."))
            #expect(try await pay("10", account: "200").status == 400)

            let part = try await pay("50.00")
            #expect(part.status == 200, "\(part.text)")
            let payment = try #require(try part.records("Payments").first)
            #expect(payment.text("PaymentType") == "ACCRECPAYMENT")
            #expect(payment.text("Status") == "AUTHORISED")
            #expect(payment.decimal("Amount") == "50.00")
            var invoice = try #require(h.sandbox.invoices().first { $0.text("InvoiceNumber") == "INV-1042" })
            #expect(invoice.decimal("AmountDue") == "33.70")
            #expect(invoice.decimal("AmountPaid") == "50.00")
            #expect(invoice.text("Status") == "AUTHORISED")

            #expect(try await pay("33.70").status == 200)
            invoice = try #require(h.sandbox.invoices().first { $0.text("InvoiceNumber") == "INV-1042" })
            #expect(invoice.decimal("AmountDue") == "0.00")
            #expect(invoice.text("Status") == "PAID")
            #expect(invoice.text("FullyPaidOnDate") == "/Date(1795132800000+0000)/")
            let listed = try await h.get("Payments", token: token)
            #expect(try listed.records("Payments").count == 2)
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstResponseByteForByte() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let key = [("Idempotency-Key", "trueup-correction-0001")]
            let first = try await h.write(.put, "Invoices", Self.sale("1"), token: token, headers: key)
            h.clock.advance(5)
            let second = try await h.write(.put, "Invoices", Self.sale("1"), token: token, headers: key)
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(first.bytes == second.bytes)
            #expect(h.sandbox.invoices().count == 6)
            #expect(try stock(h, "MUG-KAURI-350").0 == "21.0000")
            #expect(h.sandbox.calls().last?.idempotencyKey == "trueup-correction-0001")

            let tooLong = [("Idempotency-Key", String(repeating: "k", count: 129))]
            let refused = try await h.write(.put, "Invoices", Self.sale("1"), token: token, headers: tooLong)
            #expect(refused.status == 400)
            #expect(h.sandbox.invoices().count == 6)
        }
    }

    @Test func everyWriteBumpsUpdatedDateUTC() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let draft = try #require(
                try await h.write(.put, "Invoices", Self.sale("1", status: "DRAFT"), token: token)
                    .records("Invoices").first)
            #expect(draft.text("UpdatedDateUTC") == "/Date(1795200000000+0000)/")
            h.clock.advance(60)
            let id = try #require(draft.text("InvoiceID"))
            let edited = try #require(
                try await h.write(
                    .post, "Invoices", #"{"InvoiceID":"\#(id)","Reference":"changed"}"#,
                    token: token
                ).records("Invoices").first)
            #expect(edited.text("UpdatedDateUTC") == "/Date(1795200060000+0000)/")
            #expect(edited.text("Reference") == "changed")
            let since = try await h.get(
                "Invoices", token: token, headers: [("If-Modified-Since", "2026-11-20T18:41:00")])
            #expect(try since.records("Invoices").map { $0.text("InvoiceID") } == [id])
        }
    }
}
