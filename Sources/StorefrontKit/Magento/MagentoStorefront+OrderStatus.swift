public import TrueUpCore
import TrueUpHTTP

extension MagentoStorefront {
    /// Adds a staff-only comment that moves order `orderID` (its `entity_id`) to `status`:
    /// `POST /V1/orders/{id}/comments`.
    ///
    /// A comment is not idempotent: sent twice, it is added twice. So it is never sent again
    /// blindly: after a timeout, a lost connection or a 5xx, the order is read again
    /// (`GET /V1/orders/{id}`) and the comment sent again only while the order's status is not yet
    /// `status`, at most ``RetryPolicy/attempts`` times in all.
    ///
    /// - Throws: before any request, for a status not in ``StorefrontCapabilities/orderStatuses``
    ///   or an id that is not Magento's numeric `entity_id`.
    public func setOrderStatus(orderID: String, status: String, comment: String) async throws(TrueUpError) {
        guard capabilities.orderStatuses.contains(status) else {
            let allowed = capabilities.orderStatuses.sorted().joined(separator: ", ")
            throw .refused("TrueUp does not set Magento orders to status \"\(status)\"; it sets \(allowed)")
        }
        guard let id = Int64(orderID), id > 0 else {
            throw .usage("\"\(orderID)\" is not a Magento order id (the order's numeric entity_id)")
        }
        let mark = mark()
        defer { _ = tally(since: mark, lowerBound: 1) }
        let body = JSONValue.object(
            JSONObject([
                "statusHistory": .object(
                    JSONObject([
                        "comment": .string(comment), "status": .string(status), "is_customer_notified": .number("0"),
                        "is_visible_on_front": .number("0"), "parent_id": .number(String(id)),
                    ]))
            ]))
        var generator = SystemRandomNumberGenerator()
        var attempts = 0
        while true {
            attempts += 1
            let outcome: Result<HTTPResult, MagentoError>
            do {
                outcome = .success(
                    try await client.send("POST", "/orders/\(id)/comments", body: body, resendUnanswered: false))
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let result):
                if case .bool(false)? = try? JSONParser.parse(result.body) {
                    throw TrueUpError(
                        .remote, "Magento did not add the status comment to order \(id) (it answered false)")
                }
                client.logger.info("magento.order.status", metadata: ["order": "\(id)", "status": "\(status)"])
                return
            case .failure(let error) where error.kind == .unavailable:
                client.logger.notice(
                    "magento.order.status.unanswered", metadata: ["order": "\(id)", "attempt": "\(attempts)"])
                if try await currentStatus(of: id) == status { return }
                guard attempts < client.retry.attempts else { throw error.trueUpError }
                try? await Task.sleep(for: client.retry.delay(afterFailures: attempts, using: &generator))
            case .failure(let error) where error.kind == .notFound:
                throw .notFound(
                    "Magento answered 404 to POST /V1/orders/\(id)/comments\(MagentoClient.quoted(error.reason)): "
                        + "order \(id) does not exist, or the shop URL or store code in \(settings.origin) is wrong")
            case .failure(let error):
                throw error.trueUpError
            }
        }
    }

    /// The order's `status` as Magento holds it now.
    private func currentStatus(of id: Int64) async throws(TrueUpError) -> String? {
        let result: HTTPResult
        do {
            result = try await client.send("GET", "/orders/\(id)")
        } catch {
            throw error.trueUpError
        }
        guard case .object(let order)? = try? JSONParser.parse(result.body) else {
            throw TrueUpError(.remote, "GET /V1/orders/\(id) answered with something other than an order")
        }
        return order.text("status")
    }
}
