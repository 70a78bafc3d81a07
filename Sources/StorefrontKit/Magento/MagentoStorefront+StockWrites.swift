import Foundation
public import TrueUpCore
import TrueUpHTTP

extension MagentoStorefront {
    /// Sets absolute quantities; sending one again changes nothing, so a write whose answer was
    /// lost is simply sent again.
    ///
    /// Refused before any request: a negative quantity, a fractional one for a whole-unit shop, a
    /// source that is not one of the pair's (or, in legacy mode, not `default`).
    ///
    /// MSI: `POST /V1/inventory/source-items` with ``StorefrontCapabilities/stockWriteChunk`` source
    /// items at a time (`status` 1 when the quantity is above zero, else 0). When Magento refuses a
    /// chunk (a 4xx), its writes are sent one by one, so that a bad SKU is rejected alone. Legacy:
    /// per SKU, `GET /V1/stockItems/{sku}` for the stock item, then
    /// `PUT /V1/products/{sku}/stockItems/{itemId}` with that stock item, its `qty` and
    /// `is_in_stock` changed. Once Magento is unavailable after retries, that write and every one
    /// not yet sent are `.failed`, for the next run.
    ///
    /// - Throws: when no write can succeed (Magento refuses the credentials, or the shop URL is
    ///   wrong) and none has been applied; once one has, the writes not yet sent are `.failed`.
    public func writeStock(_ writes: [StockWrite]) async throws(TrueUpError) -> [StockWriteResult] {
        let mark = mark()
        var results = [StockWriteResult?](repeating: nil, count: writes.count)
        var pending: [Int] = []
        for (index, write) in writes.enumerated() {
            if let reason = refusal(of: write) {
                results[index] = .rejected(reason)
            } else {
                pending.append(index)
            }
        }
        let lowerBound =
            usesLegacyInventory
            ? 2 * pending.count : (pending.count + capabilities.stockWriteChunk - 1) / capabilities.stockWriteChunk
        do {
            if usesLegacyInventory {
                try await writeLegacy(writes, pending, into: &results)
            } else {
                try await writeSourceItems(writes, pending, into: &results)
            }
        } catch {
            _ = tally(since: mark, lowerBound: lowerBound)
            // Once some writes are applied, their results matter more than the error: the rest fail.
            guard results.contains(.applied) else { throw error }
            client.logger.error("magento.stock.stopped", metadata: ["error": "\(error.message)"])
            return results.map { $0 ?? .failed("not sent: \(error.message)") }
        }
        let tally = tally(since: mark, lowerBound: lowerBound)
        client.logger.info(
            "magento.stock.written",
            metadata: ["writes": "\(writes.count)", "calls": "\(tally.made)", "lowerBound": "\(tally.lowerBound)"])
        return results.map { $0 ?? .failed("not sent") }
    }

    /// Why `write` cannot be sent, or `nil`.
    private func refusal(of write: StockWrite) -> String? {
        if write.quantity.isNegative {
            return "Magento cannot be set to a negative quantity (\(write.quantity)) for \(write.sku)"
        }
        if capabilities.wholeUnits, !write.quantity.isWhole {
            return "this shop keeps whole units, and \(write.quantity) for \(write.sku) is not whole"
        }
        if usesLegacyInventory {
            guard write.source == "default" else {
                return "this shop runs the legacy inventory, which has only the source \"default\"; "
                    + "\(write.sku) cannot be set at source \"\(write.source)\""
            }
        } else if let sources = settings.sources, !sources.contains(write.source),
            write.source != settings.primarySource
        {
            return "source \"\(write.source)\" is not one of this pair's sources (\(sources.joined(separator: ", "))); "
                + "\(write.sku) was not written"
        }
        return nil
    }

    // MARK: MSI

    private func writeSourceItems(
        _ writes: [StockWrite], _ pending: [Int], into results: inout [StockWriteResult?]
    ) async throws(TrueUpError) {
        let size = capabilities.stockWriteChunk
        var unavailable: String?
        for start in stride(from: 0, to: pending.count, by: size) {
            let chunk = Array(pending[start..<min(start + size, pending.count)])
            if let unavailable {
                for index in chunk { results[index] = .failed("not sent: \(unavailable)") }
                continue
            }
            switch try await postSourceItems(chunk.map { writes[$0] }) {
            case .applied, .awaitingConfirmation:
                for index in chunk { results[index] = .applied }
            case .failed(let reason):
                unavailable = reason
                for index in chunk { results[index] = .failed(reason) }
            case .rejected(let reason) where chunk.count == 1:
                results[chunk[0]] = .rejected(reason)
            case .rejected(let reason):
                client.logger.notice(
                    "magento.stock.chunk.refused", metadata: ["writes": "\(chunk.count)", "reason": "\(reason)"])
                for index in chunk {
                    if let unavailable {
                        results[index] = .failed("not sent: \(unavailable)")
                        continue
                    }
                    let result = try await postSourceItems([writes[index]])
                    if case .failed(let reason) = result { unavailable = reason }
                    results[index] = result
                }
            }
        }
    }

    /// One `POST /V1/inventory/source-items`: applied, refused by Magento, or unanswered.
    private func postSourceItems(_ writes: [StockWrite]) async throws(TrueUpError) -> StockWriteResult {
        let items: [JSONValue] = writes.map { write in
            .object(
                JSONObject([
                    "sku": .string(write.sku), "source_code": .string(write.source),
                    "quantity": .number(write.quantity.description),
                    "status": .number(write.quantity > .zero ? "1" : "0"),
                ]))
        }
        do {
            _ = try await client.send(
                "POST", "/inventory/source-items", body: .object(JSONObject(["sourceItems": .array(items)])))
            return .applied
        } catch {
            return try Self.outcome(of: error)
        }
    }

    // MARK: Legacy

    private func writeLegacy(
        _ writes: [StockWrite], _ pending: [Int], into results: inout [StockWriteResult?]
    ) async throws(TrueUpError) {
        var unavailable: String?
        for index in pending {
            if let unavailable {
                results[index] = .failed("not sent: \(unavailable)")
                continue
            }
            let result = try await writeStockItem(writes[index])
            if case .failed(let reason) = result { unavailable = reason }
            results[index] = result
        }
    }

    /// Reads the SKU's stock item and writes it back with the new quantity.
    private func writeStockItem(_ write: StockWrite) async throws(TrueUpError) -> StockWriteResult {
        let sku = FormEncoding.escape(write.sku)
        let stockItem: JSONObject
        do {
            let result = try await client.send("GET", "/stockItems/\(sku)")
            guard case .object(let object)? = try? JSONParser.parse(result.body) else {
                return .failed("GET /V1/stockItems/\(write.sku) answered with something other than a stock item")
            }
            stockItem = object
        } catch  where error.kind == .notFound {
            return .rejected("Magento has no stock item for \(write.sku)\(MagentoClient.quoted(error.reason))")
        } catch {
            return try Self.outcome(of: error)
        }
        guard let itemID = Self.identifier(stockItem["item_id"]) else {
            return .rejected("Magento's stock item for \(write.sku) has no item_id, so it cannot be written")
        }
        var updated = stockItem
        updated["qty"] = .number(write.quantity.description)
        updated["is_in_stock"] = .bool(write.quantity > .zero)
        // The API declares `low_stock_date` a required string but reads it back as null until
        // stock runs low; saving a stock item sets it afresh from the new quantity, so an empty
        // string stands in for the null it cannot take.
        if updated["low_stock_date"] == .null { updated["low_stock_date"] = .string("") }
        do {
            _ = try await client.send(
                "PUT", "/products/\(sku)/stockItems/\(FormEncoding.escape(itemID))",
                body: .object(JSONObject(["stockItem": .object(updated)])))
            return .applied
        } catch  where error.kind == .notFound {
            return .rejected("Magento has no product \(write.sku)\(MagentoClient.quoted(error.reason))")
        } catch {
            return try Self.outcome(of: error)
        }
    }

    /// An integer or string id.
    private static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case .number(let text)? where !text.contains(where: { !$0.isNumber }): text
        case .string(let text)? where !text.isEmpty: text
        default: nil
        }
    }

    /// What a failed write request means for its writes: refused by Magento (`.rejected`), or
    /// unanswered (`.failed`). Errors that stop every write are thrown.
    static func outcome(of error: MagentoError) throws(TrueUpError) -> StockWriteResult {
        switch error.kind {
        case .refused: return .rejected(error.reason ?? error.message)
        case .unavailable, .badResponse: return .failed(error.message)
        default: throw error.trueUpError
        }
    }
}
