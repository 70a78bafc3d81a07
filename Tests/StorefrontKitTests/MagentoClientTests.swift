import Foundation
import StorefrontKit
import Testing
import TrueUpCore
import TrueUpTestSupport

@Suite("MagentoClient: auth, retries, errors, search paging")
struct MagentoClientTests {
    static let ordersSearch = MagentoSearch(path: "/orders", sortField: "entity_id", pageSize: 300)

    @Test func fetchesAnAdminTokenOnceAndSendsItAsBearer() async throws {
        let transport = ScriptedTransport([.token, .json("{}"), .json("{}")])
        let client = magentoClient(transport)
        _ = try await client.send("GET", "/orders/1")
        _ = try await client.send("GET", "/orders/2")
        let requests = transport.requests
        #expect(requests.map(\.call) == ["POST /V1/integration/admin/token", "GET /V1/orders/1", "GET /V1/orders/2"])
        #expect(requests[0].url == "http://shop.invalid/rest/default/V1/integration/admin/token")
        #expect(
            requests[0].bodyJSON == .object(JSONObject(["username": .string("trueup"), "password": .string("s3cret")])))
        #expect(requests[0].header("Content-Type") == "application/json")
        #expect(requests[0].header("Authorization") == nil)
        #expect(requests[1].header("Authorization") == "Bearer admin-token-1")
        #expect(requests[2].header("Authorization") == "Bearer admin-token-1")
        #expect(client.callsMade == 3)
        #expect(client.tokenRequests == 1)
    }

    @Test func renewsTheAdminTokenAfterThreeAndAHalfHours() async throws {
        let clock = TestClock()
        let transport = ScriptedTransport([
            .token, .json("{}"), .json("{}"), .json(#""admin-token-2""#), .json("{}"),
        ])
        let client = magentoClient(transport, now: { clock.now })
        _ = try await client.send("GET", "/orders/1")
        clock.advance(by: 3 * 3600 + 1799)
        _ = try await client.send("GET", "/orders/1")
        clock.advance(by: 1)
        _ = try await client.send("GET", "/orders/1")
        let authorizations = transport.requests.map { $0.header("Authorization") }
        #expect(authorizations == [nil, "Bearer admin-token-1", "Bearer admin-token-1", nil, "Bearer admin-token-2"])
    }

    @Test func a401RenewsTheTokenOnceAndSendsAgain() async throws {
        let transport = ScriptedTransport([
            .token,
            .status(
                401,
                #"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Sales::actions_view"}}"#
            ),
            .json(#""admin-token-2""#), .json(#"{"entity_id": 1}"#),
        ])
        let client = magentoClient(transport)
        let result = try await client.send("GET", "/orders/1")
        #expect(result.status == 200)
        #expect(
            transport.requests.map { $0.header("Authorization") } == [
                nil, "Bearer admin-token-1", nil, "Bearer admin-token-2",
            ])
    }

    @Test func a401WithAFreshTokenIsNotRenewedAgain() async throws {
        let refusal = ScriptedTransport.Step.status(
            401,
            #"{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Sales::sales"}}"#
        )
        let transport = ScriptedTransport([.token, refusal, .json(#""admin-token-2""#), refusal])
        let client = magentoClient(transport)
        let error = try await #require(throws: MagentoError.self) { try await client.send("GET", "/orders/1") }
        #expect(error.kind == .notAuthorised)
        #expect(error.message.contains("The consumer isn't authorized to access Magento_Sales::sales."))
        #expect(error.message.contains("pairs/shop.yaml"))
        #expect(error.message.contains("may use this API resource"))
        #expect(error.call == "GET /V1/orders/1")
        #expect(transport.requests.count == 4)
        #expect(error.trueUpError.kind == .refused)
    }

    @Test func aWrongPasswordSaysWhereTheLoginIsConfigured() async throws {
        let transport = ScriptedTransport([
            .status(
                401,
                #"{"message":"The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."}"#
            )
        ])
        let client = magentoClient(transport)
        let error = try await #require(throws: MagentoError.self) { try await client.send("GET", "/orders/1") }
        #expect(error.kind == .notAuthorised)
        #expect(
            error.message.hasPrefix(
                "Magento refused the admin login for user \"trueup\" (The account sign-in was incorrect"))
        #expect(error.message.contains("check the admin username and password in pairs/shop.yaml"))
        #expect(!error.message.contains("s3cret"))
        #expect(transport.requests.count == 1)
    }

    @Test func anIntegrationTokenIsSentAsItIs() async throws {
        let transport = ScriptedTransport([
            .json("{}"),
            .status(
                401, #"{"message":"The consumer isn't authorized to access %1.","parameters":["Magento_Sales::sales"]}"#
            ),
        ])
        let client = magentoClient(transport, settings: magentoSettings(auth: .bearer("integration-token")))
        _ = try await client.send("GET", "/orders/1")
        let error = try await #require(throws: MagentoError.self) { try await client.send("GET", "/orders/1") }
        #expect(
            transport.requests.map { $0.header("Authorization") } == [
                "Bearer integration-token", "Bearer integration-token",
            ])
        #expect(error.kind == .notAuthorised)
        #expect(
            error.message.contains(
                "with the integration access token (The consumer isn't authorized to access Magento_Sales::sales.)"))
        #expect(error.message.contains("check the token in pairs/shop.yaml"))
    }

    @Test func retriesA503AndATimeoutThenSucceeds() async throws {
        let transport = ScriptedTransport([
            .token, .status(503, "<html>maintenance</html>"), .fail(.timeout), .json("{}"),
        ])
        let client = magentoClient(transport)
        let result = try await client.send("GET", "/orders/1")
        #expect(result.status == 200)
        #expect(
            transport.requests.map(\.call) == ["POST /V1/integration/admin/token"]
                + Array(repeating: "GET /V1/orders/1", count: 3))
        #expect(client.callsMade == 4)
    }

    @Test func givesUpAfterTheRetryPolicysAttempts() async throws {
        let transport = ScriptedTransport([.token, .status(502), .status(503), .status(504), .json("{}")])
        let client = magentoClient(transport)
        let error = try await #require(throws: MagentoError.self) { try await client.send("GET", "/orders/1") }
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("tried 3 times; the last: HTTP 504"))
        #expect(transport.remaining == 1)
    }

    @Test func aRequestThatIsNotIdempotentIsNotSentAgainUnanswered() async throws {
        let transport = ScriptedTransport([.token, .fail(.connection("reset")), .json("true")])
        let client = magentoClient(transport)
        let error = try await #require(throws: MagentoError.self) {
            try await client.send("POST", "/orders/1/comments", body: .object(JSONObject()), resendUnanswered: false)
        }
        #expect(error.kind == .unavailable)
        #expect(transport.requests.count == 2)
    }

    @Test func a400CarriesMagentosMessageWithItsParametersFilledIn() async throws {
        let body =
            #"{"message":"The \"%1\" value's type is invalid. The \"%2\" type was expected. Verify and try again.","parameters":["abc","int"]}"#
        let transport = ScriptedTransport([.token, .status(400, body)])
        let client = magentoClient(transport)
        let error = try await #require(throws: MagentoError.self) { try await client.send("GET", "/orders/1") }
        #expect(error.kind == .refused)
        #expect(error.status == 400)
        #expect(
            error.reason == #"The "abc" value's type is invalid. The "int" type was expected. Verify and try again."#)
        #expect(error.message == "Magento refused GET /V1/orders/1 (HTTP 400): " + (error.reason ?? ""))
        #expect(transport.requests.count == 2)
    }

    @Test func aValidationErrorListsEachMessage() async throws {
        let body = """
            {"message":"Validation Failed","errors":[
              {"message":"\\"%field\\" can not be empty.","parameters":{"field":"source_code"}},
              {"message":"Source item quantity %1 is negative.","parameters":["-1"]}]}
            """
        let transport = ScriptedTransport([.token, .status(400, body)])
        let error = try await #require(throws: MagentoError.self) {
            try await magentoClient(transport).send("GET", "/x")
        }
        #expect(
            error.reason == #"Validation Failed; "source_code" can not be empty.; Source item quantity -1 is negative."#
        )
    }

    @Test func a404OnACollectionSaysToCheckTheShopURLAndStoreCode() async throws {
        let transport = ScriptedTransport([
            .token, .status(404, #"{"message":"Request does not match any route."}"#),
        ])
        let error = try await #require(throws: MagentoError.self) {
            try await magentoClient(transport).search(Self.ordersSearch)
        }
        #expect(error.kind == .notFound)
        #expect(
            error.message
                == "Magento answered 404 to GET /V1/orders (Request does not match any route.): check the shop URL "
                + "http://shop.invalid/ and the store code \"default\" in pairs/shop.yaml")
    }

    @Test func theSettingsPrintNoSecret() {
        let admin = magentoSettings()
        let bearer = magentoSettings(auth: .bearer("tok-123"))
        #expect(!admin.description.contains("s3cret"))
        #expect(admin.description.contains("trueup"))
        #expect(!bearer.description.contains("tok-123"))
        #expect(!String(describing: admin.auth).contains("s3cret"))
        #expect(admin.apiBase == "http://shop.invalid/rest/default/V1")
    }

    // MARK: Search

    @Test func buildsTheSearchQueryAsTheSpecNamesIt() async throws {
        let transport = ScriptedTransport([.token, .page([], total: 0)])
        let since = Date(timeIntervalSince1970: 1_795_161_600)  // 2026-11-20 08:00:00 UTC
        let search = MagentoSearch(
            path: "/orders", filter: .since("updated_at", since), sortField: "entity_id", pageSize: 300)
        _ = try await magentoClient(transport).search(search)
        let request = try #require(transport.requests.last)
        #expect(request.call == "GET /V1/orders")
        #expect(
            request.queryLines == [
                "searchCriteria[filterGroups][0][filters][0][field]=updated_at",
                "searchCriteria[filterGroups][0][filters][0][value]=2026-11-20 08:00:00",
                "searchCriteria[filterGroups][0][filters][0][conditionType]=gteq",
                "searchCriteria[sortOrders][0][field]=entity_id",
                "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=300",
                "searchCriteria[currentPage]=1",
            ])
        #expect(
            request.url.hasSuffix(
                "?searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=updated_at"
                    + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2026-11-20%2008%3A00%3A00"
                    + "&searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5BconditionType%5D=gteq"
                    + "&searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=entity_id"
                    + "&searchCriteria%5BsortOrders%5D%5B0%5D%5Bdirection%5D=ASC"
                    + "&searchCriteria%5BpageSize%5D=300&searchCriteria%5BcurrentPage%5D=1"))
    }

    @Test func pagingStopsOnTotalCountEvenThoughTheLastPageWouldRepeat() async throws {
        // Three records, two a page: page 2 is short, and a page 3 would repeat page 2.
        let transport = ScriptedTransport([
            .token,
            .page([#"{"entity_id": 1}"#, #"{"entity_id": 2}"#], total: 3, page: 1, pageSize: 2),
            .page([#"{"entity_id": 3}"#], total: 3, page: 2, pageSize: 2),
            .page([#"{"entity_id": 3}"#], total: 3, page: 2, pageSize: 2),
        ])
        let search = MagentoSearch(path: "/orders", sortField: "entity_id", pageSize: 2)
        let read = try await magentoClient(transport).search(search)
        #expect(read.elements.count == 3)
        #expect(read.pages == 2)
        #expect(read.lowerBound == 2)
        #expect(transport.remaining == 1)
        #expect(transport.requests.dropFirst().map { $0.query.last?.value } == ["1", "2"])
    }

    @Test func pagingReadsFullPagesUntilTheTotalNotUntilAShortPage() async throws {
        // The total says four pages of two; a full last page is not a reason to stop early.
        var steps: [ScriptedTransport.Step] = [.token]
        for page in 1...4 {
            steps.append(
                .page(
                    [#"{"entity_id": \#(page * 2 - 1)}"#, #"{"entity_id": \#(page * 2)}"#], total: 8, page: page,
                    pageSize: 2))
        }
        steps.append(.page([#"{"entity_id": 7}"#, #"{"entity_id": 8}"#], total: 8, page: 4, pageSize: 2))
        let transport = ScriptedTransport(steps)
        let read = try await magentoClient(transport).search(
            MagentoSearch(path: "/orders", sortField: "entity_id", pageSize: 2))
        #expect(read.elements.count == 8)
        #expect(read.pages == 4)
        #expect(transport.remaining == 1)
    }

    @Test func anEmptyResultTakesOneCall() async throws {
        let transport = ScriptedTransport([.token, .page([], total: 0)])
        let read = try await magentoClient(transport).search(Self.ordersSearch)
        #expect(read.elements.isEmpty)
        #expect(read.lowerBound == 1)
        #expect(read.newest("updated_at") == nil)
    }

    @Test func aRecordSeenOnTwoPagesIsKeptOnce() async throws {
        // Record 2 moved from page 1 to page 2 while the read ran (a new record sorted before it).
        let transport = ScriptedTransport([
            .token,
            .page([#"{"entity_id": 1}"#, #"{"entity_id": 2}"#], total: 3, page: 1, pageSize: 2),
            .page([#"{"entity_id": 2}"#, #"{"entity_id": 3}"#], total: 4, page: 2, pageSize: 2),
        ])
        let read = try await magentoClient(transport).search(
            MagentoSearch(path: "/orders", sortField: "entity_id", pageSize: 2))
        #expect(read.elements.count == 3)
        #expect(read.totalCount == 4)
    }

    @Test func aShopThatRepeatsPagesWithinTheTotalStopsTheRead() async throws {
        let same = ScriptedTransport.Step.page(
            [#"{"entity_id": 1}"#, #"{"entity_id": 2}"#], total: 10, page: 1, pageSize: 2)
        let transport = ScriptedTransport([.token, same, same])
        let error = try await #require(throws: MagentoError.self) {
            try await magentoClient(transport).search(
                MagentoSearch(path: "/orders", sortField: "entity_id", pageSize: 2))
        }
        #expect(error.kind == .badResponse)
        #expect(error.message.contains("repeated records already read"))
    }

    @Test func aPageWithoutTotalCountCannotBePaged() async throws {
        let transport = ScriptedTransport([.token, .json(#"{"items": [], "search_criteria": {}}"#)])
        let error = try await #require(throws: MagentoError.self) {
            try await magentoClient(transport).search(Self.ordersSearch)
        }
        #expect(error.kind == .badResponse)
        #expect(error.message.contains("has no total_count"))
    }

    @Test func theNewestTimestampIsTheCursor() async throws {
        let transport = ScriptedTransport([
            .token,
            .page(
                [
                    #"{"entity_id": 1, "updated_at": "2026-11-20 10:00:00"}"#,
                    #"{"entity_id": 2, "updated_at": "2026-11-20 11:30:00"}"#,
                    #"{"entity_id": 3, "updated_at": "2026-11-20 09:00:00"}"#,
                ], total: 3),
        ])
        let read = try await magentoClient(transport).search(Self.ordersSearch)
        #expect(read.newest("updated_at") == Date(timeIntervalSince1970: 1_795_132_800 + 41_400))
    }
}
