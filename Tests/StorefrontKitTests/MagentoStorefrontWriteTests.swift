import Foundation
import StorefrontKit
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("MagentoStorefront writes")
struct MagentoStorefrontWriteTests {
    static func storefront(
        _ transport: ScriptedTransport, settings: MagentoSettings = magentoSettings(), legacy: Bool = false
    ) -> MagentoStorefront {
        MagentoStorefront(client: magentoClient(transport, settings: settings), legacyInventory: legacy)
    }

    static func write(_ sku: String, _ quantity: Quantity, source: String = "default") -> StockWrite {
        StockWrite(correctionID: "c-\(sku)", sku: sku, source: source, quantity: quantity, observed: .zero)
    }

    /// The SKUs of each `sourceItems` body sent.
    static func skus(_ requests: [HTTPRequestSpec]) -> [[String]] {
        requests.compactMap { request -> [String]? in
            guard case .object(let body)? = request.bodyJSON, let items = body.array("sourceItems") else { return nil }
            return items.compactMap { item in
                guard case .object(let object) = item else { return nil }
                return object.text("sku")
            }
        }
    }

    @Test func sendsSourceItemsInChunksAsExactNumbers() async throws {
        let transport = ScriptedTransport([.token, .json("[]"), .json("[]")])
        let storefront = Self.storefront(
            transport, settings: magentoSettings(sources: ["default", "shop"], stockWriteChunk: 2, wholeUnits: false))
        let writes = [
            Self.write("A", Quantity(units: 12)), Self.write("B", .zero, source: "shop"),
            Self.write("C", Quantity(ticks: 12_345)),
        ]
        let results = try await storefront.writeStock(writes)
        #expect(results == [.applied, .applied, .applied])
        let posts = Array(transport.requests.dropFirst())
        #expect(posts.map(\.call) == ["POST /V1/inventory/source-items", "POST /V1/inventory/source-items"])
        #expect(
            posts[0].bodyText
                == #"{"sourceItems":[{"sku":"A","source_code":"default","quantity":12,"status":1},"#
                + #"{"sku":"B","source_code":"shop","quantity":0,"status":0}]}"#)
        #expect(
            posts[1].bodyText == #"{"sourceItems":[{"sku":"C","source_code":"default","quantity":1.2345,"status":1}]}"#)
        #expect(posts[0].header("Content-Type") == "application/json")
        #expect(storefront.calls == CallTally(made: 3, lowerBound: 3))
    }

    @Test func aRefusedChunkIsSentOneByOneSoTheBadSKUIsRejectedAlone() async throws {
        let refusal =
            #"{"message":"Validation Failed","errors":[{"message":"Product with SKU \"%1\" does not exist.","parameters":["NOPE"]}]}"#
        let transport = ScriptedTransport([
            .token, .status(400, refusal), .json("[]"), .status(400, refusal), .json("[]"), .json("[]"),
        ])
        let storefront = Self.storefront(transport, settings: magentoSettings(stockWriteChunk: 3))
        let writes = [
            Self.write("A", Quantity(units: 1)), Self.write("NOPE", Quantity(units: 2)),
            Self.write("C", Quantity(units: 3)),
            Self.write("D", Quantity(units: 4)),
        ]
        let results = try await storefront.writeStock(writes)
        #expect(
            results == [
                .applied, .rejected(#"Validation Failed; Product with SKU "NOPE" does not exist."#), .applied, .applied,
            ])
        #expect(Self.skus(transport.requests) == [["A", "NOPE", "C"], ["A"], ["NOPE"], ["C"], ["D"]])
        #expect(storefront.calls.lowerBound == 3)
    }

    @Test func unansweredWritesFailAndTheRestAreNotSent() async throws {
        let transport = ScriptedTransport([
            .token, .json("[]"), .status(503), .fail(.timeout), .status(503),
        ])
        let storefront = Self.storefront(transport, settings: magentoSettings(stockWriteChunk: 1))
        let results = try await storefront.writeStock([
            Self.write("A", Quantity(units: 1)), Self.write("B", Quantity(units: 2)),
            Self.write("C", Quantity(units: 3)),
        ])
        #expect(results[0] == .applied)
        guard case .failed(let reason) = results[1] else {
            Issue.record("expected B to fail, got \(results[1])")
            return
        }
        #expect(reason.contains("tried 3 times"))
        guard case .failed(let notSent) = results[2] else {
            Issue.record("expected C to fail, got \(results[2])")
            return
        }
        #expect(notSent.hasPrefix("not sent: "))
        #expect(Self.skus(transport.requests) == [["A"], ["B"], ["B"], ["B"]])
    }

    @Test func writesThatCannotBeRightAreRejectedBeforeAnyRequest() async throws {
        let transport = ScriptedTransport()
        let storefront = Self.storefront(transport, settings: magentoSettings(sources: ["default"]))
        let results = try await storefront.writeStock([
            Self.write("NEG", Quantity(units: -1)), Self.write("HALF", Quantity(ticks: 5000)),
            Self.write("ELSEWHERE", Quantity(units: 1), source: "warehouse"),
        ])
        #expect(transport.requests.isEmpty)
        #expect(results.allSatisfy { if case .rejected = $0 { true } else { false } })
        #expect(
            results[2]
                == .rejected(
                    #"source "warehouse" is not one of this pair's sources (default); ELSEWHERE was not written"#))
    }

    @Test func aRefusedLoginStopsTheWrites() async throws {
        let transport = ScriptedTransport([.status(401, #"{"message":"The account sign-in was incorrect"}"#)])
        let error = try await #require(throws: TrueUpError.self) {
            try await Self.storefront(transport).writeStock([Self.write("A", Quantity(units: 1))])
        }
        #expect(error.kind == .refused)
        #expect(error.message.contains("check the admin username and password in pairs/shop.yaml"))
    }

    @Test func aRefusalThatStopsEveryWriteKeepsTheResultsOfThoseApplied() async throws {
        let refusal = ScriptedTransport.Step.status(401, #"{"message":"The consumer isn't authorized"}"#)
        let transport = ScriptedTransport([.token, .json("[]"), refusal, .json(#""admin-token-2""#), refusal])
        let storefront = Self.storefront(transport, settings: magentoSettings(stockWriteChunk: 1))
        let results = try await storefront.writeStock([
            Self.write("A", Quantity(units: 1)), Self.write("B", Quantity(units: 2)),
            Self.write("C", Quantity(units: 3)),
        ])
        #expect(results[0] == .applied)
        #expect(results.dropFirst().allSatisfy { if case .failed = $0 { true } else { false } })
        #expect(transport.remaining == 0)
    }

    // MARK: Legacy

    static let stockItem = """
        {"item_id": 41, "product_id": 9, "stock_id": 1, "qty": 3, "is_in_stock": true, "is_qty_decimal": false,
         "min_qty": 0, "low_stock_date": null, "manage_stock": true}
        """

    @Test func legacyWritesReadTheStockItemAndPutItBackWithTheNewQuantity() async throws {
        let transport = ScriptedTransport([.token, .json(Self.stockItem), .json("41")])
        let storefront = Self.storefront(transport, settings: magentoSettings(inventory: .legacy), legacy: true)
        let results = try await storefront.writeStock([Self.write("MUG/BLUE", .zero)])
        #expect(results == [.applied])
        let requests = Array(transport.requests.dropFirst())
        #expect(requests.map(\.call) == ["GET /V1/stockItems/MUG%2FBLUE", "PUT /V1/products/MUG%2FBLUE/stockItems/41"])
        #expect(
            requests[1].bodyText
                == #"{"stockItem":{"item_id":41,"product_id":9,"stock_id":1,"qty":0,"is_in_stock":false,"#
                + #""is_qty_decimal":false,"min_qty":0,"low_stock_date":"","manage_stock":true}}"#)
        #expect(storefront.calls.lowerBound == 3)
    }

    @Test func legacyRejectsOtherSourcesAndUnknownSKUs() async throws {
        let transport = ScriptedTransport([
            .token,
            .status(404, #"{"message":"The Product with the \"%1\" SKU doesn't exist.","parameters":["GONE"]}"#),
        ])
        let storefront = Self.storefront(transport, settings: magentoSettings(inventory: .legacy), legacy: true)
        let results = try await storefront.writeStock([
            Self.write("GONE", Quantity(units: 1)), Self.write("MUG", Quantity(units: 1), source: "shop"),
        ])
        #expect(
            results[0]
                == .rejected(#"Magento has no stock item for GONE (The Product with the "GONE" SKU doesn't exist.)"#))
        guard case .rejected(let reason) = results[1] else {
            Issue.record("expected a rejection, got \(results[1])")
            return
        }
        #expect(reason.contains("legacy inventory, which has only the source \"default\""))
        #expect(transport.requests.count == 2)
    }

    // MARK: Order status

    @Test func refusesAStatusItDoesNotSetBeforeAnyRequest() async throws {
        let transport = ScriptedTransport()
        let storefront = Self.storefront(transport)
        let error = try await #require(throws: TrueUpError.self) {
            try await storefront.setOrderStatus(orderID: "12", status: "pending_payment", comment: "x")
        }
        #expect(error.kind == .refused)
        #expect(error.message.contains("canceled, closed, complete, holded, processing"))
        let badID = try await #require(throws: TrueUpError.self) {
            try await storefront.setOrderStatus(orderID: "SO-123", status: "complete", comment: "x")
        }
        #expect(badID.kind == .usage)
        #expect(transport.requests.isEmpty)
    }

    @Test func addsAStatusComment() async throws {
        let transport = ScriptedTransport([.token, .json("true")])
        let storefront = Self.storefront(transport)
        try await storefront.setOrderStatus(orderID: "12", status: "holded", comment: "Held by TrueUp: stock conflict")
        let request = try #require(transport.requests.last)
        #expect(request.call == "POST /V1/orders/12/comments")
        #expect(
            request.bodyText
                == #"{"statusHistory":{"comment":"Held by TrueUp: stock conflict","status":"holded","#
                + #""is_customer_notified":0,"is_visible_on_front":0,"parent_id":12}}"#)
        #expect(storefront.calls == CallTally(made: 2, lowerBound: 2))
    }

    @Test func aLostAnswerIsCheckedBeforeTheCommentIsSentAgain() async throws {
        // The first comment's answer is lost, but the order shows the status: nothing is sent again.
        let applied = ScriptedTransport([
            .token, .fail(.timeout), .json(#"{"entity_id": 12, "state": "processing", "status": "holded"}"#),
        ])
        try await Self.storefront(applied).setOrderStatus(orderID: "12", status: "holded", comment: "c")
        #expect(applied.requests.dropFirst().map(\.call) == ["POST /V1/orders/12/comments", "GET /V1/orders/12"])

        // The answer is lost and the order does not show the status yet: the comment is sent again.
        let notApplied = ScriptedTransport([
            .token, .status(502), .json(#"{"entity_id": 12, "state": "processing", "status": "processing"}"#),
            .json("true"),
        ])
        try await Self.storefront(notApplied).setOrderStatus(orderID: "12", status: "holded", comment: "c")
        #expect(
            notApplied.requests.dropFirst().map(\.call) == [
                "POST /V1/orders/12/comments", "GET /V1/orders/12", "POST /V1/orders/12/comments",
            ])
    }

    @Test func aMissingOrderIsNotFound() async throws {
        let transport = ScriptedTransport([
            .token,
            .status(
                404, #"{"message":"The entity that was requested doesn't exist. Verify the entity and try again."}"#),
        ])
        let error = try await #require(throws: TrueUpError.self) {
            try await Self.storefront(transport).setOrderStatus(orderID: "99", status: "holded", comment: "c")
        }
        #expect(error.kind == .notFound)
        #expect(error.message.contains("order 99 does not exist"))
    }
}
