import Foundation
import TrueUpCore

/// The accounting-API operations themselves, run on the store under the sandbox's lock.
enum XeroOperations {
    static func respond(
        _ endpoint: XeroEndpoint, _ request: SandboxRequest, store: inout XeroStore, now: Date
    )
        -> SandboxResponse
    {
        let unitdp4 = request.queryValue("unitdp") == "4"
        switch endpoint {
        case .organisation:
            return XeroResponses.envelope("Organisations", [.object(store.organisation)], now: now)
        case .list(let resource):
            let query: XeroListQuery
            do {
                query = try XeroListQuery(request, resource: resource)
            } catch {
                guard case .badRequest(let response) = error else { return XeroResponses.notFound() }
                return response
            }
            if query.ordersByUpdated { store[resource].indexByUpdated() }
            let selected = store[resource].selection(query.selection) { query.select($0, resource: resource) }
            var page: XeroPage?
            var positions = selected[...]
            if resource.paged { (positions, page) = query.paginate(selected) }
            let records = store[resource].records
            let output = positions.map { JSONValue.object(XeroOutputFormat.format(records[$0], unitdp4: unitdp4)) }
            return XeroResponses.envelope(resource.name, output, pagination: page, now: now)
        case .single(let resource, let key):
            guard let record = store[resource].record(key) else { return XeroResponses.notFound() }
            return XeroResponses.envelope(
                resource.name, [.object(XeroOutputFormat.format(record, unitdp4: unitdp4))], now: now)
        case .invoices(let method, let invoiceID):
            return XeroBatch.run(request, collection: "Invoices", store: &store, now: now) { element, store in
                var element = element
                if let invoiceID { element["InvoiceID"] = .string(invoiceID) }
                return XeroInvoiceWriter.write(
                    element, create: method == "PUT", unitdp4: unitdp4, store: &store, now: now)
            } format: {
                XeroOutputFormat.format($0, unitdp4: unitdp4)
            }
        case .payments:
            return XeroBatch.run(request, collection: "Payments", store: &store, now: now) { element, store in
                XeroPaymentWriter.write(element, store: &store, now: now)
            } format: {
                $0
            }
        case .contacts:
            return XeroBatch.run(request, collection: "Contacts", store: &store, now: now) { element, store in
                XeroContactWriter.write(element, store: &store, now: now)
            } format: {
                $0
            }
        case .creditNotes(let method, let creditNoteID):
            return XeroBatch.run(request, collection: "CreditNotes", store: &store, now: now) { element, store in
                var element = element
                if let creditNoteID { element["CreditNoteID"] = .string(creditNoteID) }
                return XeroCreditNoteWriter.write(
                    element, create: method == "PUT", unitdp4: unitdp4, store: &store, now: now)
            } format: {
                XeroOutputFormat.format($0, unitdp4: unitdp4)
            }
        case .allocations(let creditNoteID):
            // Xero answers 404 for a credit note it does not have, before reading the body.
            guard let note = store.creditNotes.record(creditNoteID),
                note.text("CreditNoteID")?.lowercased() == creditNoteID.lowercased()
            else { return XeroResponses.notFound() }
            return XeroBatch.run(request, collection: "Allocations", store: &store, now: now) { element, store in
                XeroAllocations.write(element, creditNoteID: creditNoteID, store: &store, now: now)
            } format: {
                $0
            }
        case .bankTransactions:
            return XeroBatch.run(request, collection: "BankTransactions", store: &store, now: now) { element, store in
                XeroBankTransactionWriter.write(element, unitdp4: unitdp4, store: &store, now: now)
            } format: {
                XeroOutputFormat.format($0, unitdp4: unitdp4)
            }
        }
    }
}

/// How records leave the sandbox: quantities with 4 decimals, and unit amounts and prices at
/// 2 decimals, or 4 with `unitdp=4`. Stored values keep full precision.
enum XeroOutputFormat {
    static func format(_ record: JSONObject, unitdp4: Bool) -> JSONObject {
        var record = record
        for key in ["PurchaseDetails", "SalesDetails"] {
            guard var details = record.object(key) else { continue }
            details["UnitPrice"] = unit(details["UnitPrice"], unitdp4: unitdp4)
            record[key] = .object(details)
        }
        if record["QuantityOnHand"] != nil { record["QuantityOnHand"] = quantity(record["QuantityOnHand"]) }
        if let lines = record.array("LineItems") {
            record["LineItems"] = .array(
                lines.map { line in
                    guard case .object(var object) = line else { return line }
                    if object["UnitAmount"] != nil {
                        object["UnitAmount"] = unit(object["UnitAmount"], unitdp4: unitdp4)
                    }
                    if object["Quantity"] != nil { object["Quantity"] = quantity(object["Quantity"]) }
                    return .object(object)
                })
        }
        return record
    }

    /// Numbers only: a numeric string stays as the seed wrote it, so clients meet it as they would.
    private static func unit(_ value: JSONValue?, unitdp4: Bool) -> JSONValue? {
        guard case .number(let text)? = value, let ticks = ExactDecimal.parse(text, scale: 4) else { return value }
        if unitdp4 { return ExactDecimal.number(ticks, scale: 4) }
        return ExactDecimal.rescale(ticks, from: 4, to: 2).map { ExactDecimal.number($0, scale: 2) } ?? value
    }

    private static func quantity(_ value: JSONValue?) -> JSONValue? {
        guard case .number(let text)? = value, let ticks = ExactDecimal.parse(text, scale: 4) else { return value }
        return ExactDecimal.number(ticks, scale: 4)
    }
}
