import Foundation
import TrueUpCore

/// What each emulated web API operation does. Reads take the state's lock only to pick their
/// records; the response is written after the lock is released.
enum MagentoOperations {
    static func respond(
        _ endpoint: MagentoEndpoint, _ request: SandboxRequest, sandbox: MagentoSandbox, now: Date
    ) -> SandboxResponse {
        switch endpoint {
        case .adminToken:
            return adminToken(request, sandbox: sandbox, now: now)
        case .search(let resource):
            return search(resource, request, sandbox: sandbox)
        case .order(let id):
            guard Int(id) != nil else { return MagentoResponses.invalidType(id, expected: "int") }
            return sandbox.state.withLock { $0.store.orders.record(id) }.map { .json(200, .object($0)) }
                ?? MagentoResponses.noSuchEntity()
        case .orderComment(let id):
            guard Int(id) != nil else { return MagentoResponses.invalidType(id, expected: "int") }
            return body(request) { body in
                sandbox.state.withLock { state in
                    MagentoComments.add(body, toOrder: id, in: &state.store, timestamp: MagentoJSON.timestamp(now))
                }
            }
        case .saveSourceItems:
            return body(request) { body in
                sandbox.state.withLock { state in MagentoStockWrites.saveSourceItems(body, in: &state.store) }
            }
        case .salableQuantity(let sku, let stockID):
            guard Int(stockID) != nil else { return MagentoResponses.invalidType(stockID, expected: "int") }
            guard stockID == "1" else {
                return MagentoResponses.error(
                    404, "Stock with id \"%value\" does not exist.", MagentoResponses.named(["value": .string(stockID)])
                )
            }
            return sandbox.state.withLock { state in
                guard state.store.product(sku: sku) != nil else { return MagentoResponses.noSuchProduct() }
                return .json(200, MagentoJSON.quantity(state.store.salableQuantity(sku: sku)))
            }
        case .stockItem(let sku):
            return sandbox.state.withLock { state in
                guard let product = state.store.product(sku: sku), let item = state.store.stockItem(for: product) else {
                    return MagentoResponses.noSuchProduct()
                }
                return .json(200, .object(item))
            }
        case .updateStockItem(let sku, _):
            return body(request) { body in
                sandbox.state.withLock { state in MagentoStockWrites.updateStockItem(sku: sku, body, in: &state.store) }
            }
        }
    }

    // MARK: Token

    private static func adminToken(_ request: SandboxRequest, sandbox: MagentoSandbox, now: Date) -> SandboxResponse {
        body(request) { body in
            guard let username = body.text("username"), !username.isEmpty else {
                return MagentoResponses.required("username")
            }
            guard let password = body.text("password"), !password.isEmpty else {
                return MagentoResponses.required("password")
            }
            let configuration = sandbox.configuration
            guard username == configuration.adminUsername, password == configuration.adminPassword else {
                return MagentoResponses.signInIncorrect()
            }
            let token = sandbox.state.withLock { state in
                state.auth.issue(now: now, lifetime: configuration.adminTokenLifetime)
            }
            return .json(200, .string(token))
        }
    }

    // MARK: Search

    private static func search(
        _ resource: MagentoResource, _ request: SandboxRequest, sandbox: MagentoSandbox
    ) -> SandboxResponse {
        var criteria: MagentoSearchCriteria
        do {
            criteria = try MagentoSearchCriteria(query: request.queryItems)
        } catch {
            guard case .response(let response) = error else { return MagentoResponses.decodingError() }
            return response
        }
        let configuration = sandbox.configuration
        if let maximum = configuration.maximumPageSize {
            if let size = criteria.pageSize, size > maximum {
                return MagentoResponses.error(
                    400, "Maximum SearchCriteria pageSize is %max",
                    MagentoResponses.named(["max": MagentoJSON.integer(maximum)]))
            }
            if criteria.pageSize == nil { criteria.pageSize = configuration.defaultPageSize }
        }
        let outcome = sandbox.state.withLock {
            state -> Result<(items: [[UInt8]], total: Int), MagentoSearchCriteria.Failure> in
            guard resource == .products else {
                return state.store.withCollection(resource) { collection in
                    MagentoSearch.run(criteria, on: &collection).map { (collection.encodings($0.positions), $0.total) }
                }
            }
            // A product's stock item is read from its source item, so products are written afresh.
            let found = state.store.withCollection(.products) { collection in
                MagentoSearch.run(criteria, on: &collection).map { page in
                    (page.positions.map { collection.records[$0] }, page.total)
                }
            }
            return found.map { products, total in
                (products.map { JSONWriter.bytes(.object(withStockItem($0, in: state.store))) }, total)
            }
        }
        switch outcome {
        case .failure(.response(let response)):
            return response
        case .success(let found):
            return SandboxResponse(
                status: 200, headers: [("Content-Type", "application/json; charset=utf-8")],
                body: searchResult(found.items, criteria: criteria.echo, total: found.total))
        }
    }

    /// `{"items":[…],"search_criteria":{…},"total_count":N}` from the records' JSON, exactly as
    /// ``JSONWriter`` writes the whole, without decoding the records again.
    static func searchResult(_ items: [[UInt8]], criteria: JSONValue, total: Int) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(items.reduce(64) { $0 + $1.count + 1 })
        body.append(contentsOf: #"{"items":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: item)
        }
        body.append(contentsOf: #"],"search_criteria":"#.utf8)
        body.append(contentsOf: JSONWriter.bytes(criteria))
        body.append(contentsOf: #","total_count":"#.utf8)
        body.append(contentsOf: String(total).utf8)
        body.append(UInt8(ascii: "}"))
        return body
    }

    /// A product as `GET /V1/products` lists it: with its legacy stock item.
    private static func withStockItem(_ product: JSONObject, in store: MagentoStore) -> JSONObject {
        guard let stockItem = store.stockItem(for: product) else { return product }
        var decorated = product
        var extensions = product.object("extension_attributes") ?? JSONObject()
        extensions["stock_item"] = .object(stockItem)
        decorated["extension_attributes"] = .object(extensions)
        return decorated
    }

    // MARK: Bodies

    /// Reads the request's JSON object and hands it to `work`; a body that is not JSON is a 400
    /// (`Decoding error.`), and an empty one reads as an empty object, so that what is missing
    /// is reported as required.
    private static func body(_ request: SandboxRequest, _ work: (JSONObject) -> SandboxResponse) -> SandboxResponse {
        guard !request.body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return work(JSONObject()) }
        guard let document = try? JSONParser.parse(request.body) else { return MagentoResponses.decodingError() }
        guard case .object(let object) = document else { return work(JSONObject()) }
        return work(object)
    }
}
