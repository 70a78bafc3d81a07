public import Foundation
import TrueUpCore

/// A Xero organisation of any size, written as a scenario's `xero/Items.json` and
/// `xero/Invoices.json`: for reads across many pages in tests and benchmarks.
public struct LargeOrganisation: Sendable {
    public var items: Int
    public var invoices: Int
    /// When the first record was last updated; each later one a second after the one before.
    public var firstUpdate: Date

    public init(items: Int, invoices: Int, firstUpdate: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        self.items = items
        self.invoices = invoices
        self.firstUpdate = firstUpdate
    }

    public func code(_ index: Int) -> String { "SKU-\(index)" }

    public func write(to folder: URL) throws {
        let xero = folder.appendingPathComponent("xero")
        try FileManager.default.createDirectory(at: xero, withIntermediateDirectories: true)
        let base = Int64(firstUpdate.timeIntervalSince1970 * 1000)
        func date(_ offset: Int) -> JSONValue { .string("/Date(\(base + Int64(offset) * 1000)+0000)/") }
        var itemList: [JSONValue] = []
        itemList.reserveCapacity(items)
        for index in 0..<items {
            itemList.append(
                .object(
                    JSONObject([
                        "ItemID": .string(Self.uuid(1, index)), "Code": .string(code(index)),
                        "Name": .string("Item \(index)"), "IsTrackedAsInventory": .bool(true),
                        "InventoryAssetAccountCode": .string("630"),
                        "PurchaseDetails": .object(
                            JSONObject(["UnitPrice": .number("5.00"), "COGSAccountCode": .string("310")])),
                        "SalesDetails": .object(
                            JSONObject(["UnitPrice": .number("12.00"), "AccountCode": .string("200")])),
                        "QuantityOnHand": .number("100.0000"), "TotalCostPool": .number("500.00"),
                        "IsSold": .bool(true), "IsPurchased": .bool(true), "UpdatedDateUTC": date(index),
                    ])))
        }
        var invoiceList: [JSONValue] = []
        invoiceList.reserveCapacity(invoices)
        for index in 0..<invoices {
            let line = JSONObject([
                "ItemCode": .string(code(index % max(items, 1))), "Description": .string("Sale"),
                "Quantity": .number("1.0000"), "UnitAmount": .number("12.00"), "AccountCode": .string("200"),
                "TaxType": .string("NONE"), "TaxAmount": .number("0.00"), "LineAmount": .number("12.00"),
            ])
            invoiceList.append(
                .object(
                    JSONObject([
                        "Type": .string("ACCREC"), "InvoiceID": .string(Self.uuid(2, index)),
                        "InvoiceNumber": .string("INV-\(index + 1)"), "Reference": .string("\(100_000 + index)"),
                        "Contact": .object(
                            JSONObject(["ContactID": .string(Self.uuid(3, 0)), "Name": .string("Shop customer")])),
                        "Date": .string("/Date(1790000000000+0000)/"), "DueDate": .string("/Date(1790000000000+0000)/"),
                        "Status": .string("AUTHORISED"), "LineAmountTypes": .string("NoTax"),
                        "LineItems": .array([.object(line)]), "SubTotal": .number("12.00"), "TotalTax": .number("0.00"),
                        "Total": .number("12.00"), "AmountDue": .number("12.00"), "AmountPaid": .number("0.00"),
                        "CurrencyCode": .string("NZD"), "UpdatedDateUTC": date(index),
                    ])))
        }
        let envelope: (String, [JSONValue]) -> [UInt8] = { key, list in
            JSONWriter.bytes(
                .object(JSONObject(["Id": .string(Self.uuid(9, 0)), "Status": .string("OK"), key: .array(list)])))
        }
        try Data(envelope("Items", itemList)).write(to: xero.appendingPathComponent("Items.json"))
        try Data(envelope("Invoices", invoiceList)).write(to: xero.appendingPathComponent("Invoices.json"))
    }

    /// A stable GUID-shaped id: kind and index in the last group.
    static func uuid(_ kind: Int, _ index: Int) -> String {
        let tail = String(index, radix: 16)
        return "0000000\(kind)-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - tail.count)) + tail
    }
}
