import Foundation
import TrueUpCore

/// Computes an invoice's lines and totals the way Xero does, exactly:
///
/// - `Quantity` with 4 decimals (default 1); `UnitAmount` at 2 decimals, or 4 with `unitdp=4`
///   (rounded half away from zero), defaulting to the item's sales or purchase price;
/// - `LineAmount` = Quantity × UnitAmount rounded to 2 decimals (or UnitAmount = LineAmount ÷
///   Quantity when only the line amount is given); a given LineAmount that differs is refused;
/// - tax per line at 2 decimals: none for `NoTax` or a zero-rated tax type (`NONE`, `EXEMPT…`,
///   `ZERORATED…`, `BASEXCLUDED`), else 15% GST on top (`Exclusive`) or inside (`Inclusive`);
/// - the account defaults to the item's (the inventory asset account for a tracked item on a bill)
///   and must exist, be active and not be a bank account; a tracked item on a bill must use its
///   inventory asset account; quantities may not be negative.
struct XeroInvoiceLines {
    struct Line {
        var object: JSONObject
        /// The item line's code when it names a tracked item.
        var trackedCode: String?
        var quantity: Quantity
        var amountCents: Int64
        var taxCents: Int64
    }

    var lines: [Line] = []
    var errors: [String] = []

    /// Percent of GST the sandbox charges on taxable lines.
    static let gstPercent: Int64 = 15

    init(_ raw: [JSONValue], type: String, lineAmountTypes: String, status: String, unitdp4: Bool, store: XeroStore) {
        for (index, value) in raw.enumerated() {
            guard case .object(let line) = value else {
                errors.append("Line item \(index + 1) must be an object")
                continue
            }
            if let computed = compute(
                line, type: type, lineAmountTypes: lineAmountTypes, status: status,
                unitdp4: unitdp4, store: store)
            {
                lines.append(computed)
            }
        }
    }

    struct Totals {
        var subTotal: Int64
        var totalTax: Int64
        var total: Int64
    }

    func totals(lineAmountTypes: String) -> Totals {
        let amounts = lines.reduce(Int64(0)) { $0 + $1.amountCents }
        let tax = lines.reduce(Int64(0)) { $0 + $1.taxCents }
        if lineAmountTypes == "Inclusive" {
            return Totals(subTotal: amounts - tax, totalTax: tax, total: amounts)
        }
        return Totals(subTotal: amounts, totalTax: tax, total: amounts + tax)
    }

    private mutating func compute(
        _ line: JSONObject, type: String, lineAmountTypes: String, status: String, unitdp4: Bool, store: XeroStore
    ) -> Line? {
        let errorCount = errors.count
        var item: JSONObject?
        if let code = line.text("ItemCode"), !code.isEmpty {
            item =
                store.items.records.first { $0.text("Code") == code }
                ?? store.items.records.first { $0.text("Code")?.lowercased() == code.lowercased() }
            if item == nil { errors.append("Item code '\(code)' is not valid") }
        }
        let sale = type == "ACCREC"
        let details = item?.object(sale ? "SalesDetails" : "PurchaseDetails")
        let tracked = item.map(XeroStock.isTracked) ?? false

        let description =
            line.text("Description")
            ?? item.flatMap {
                sale ? $0.text("Description") : ($0.text("PurchaseDescription") ?? $0.text("Description"))
            }
        if (description ?? "").isEmpty, line.text("ItemCode") == nil {
            errors.append("The description field is mandatory for each line item.")
        }

        var quantity = Quantity(units: 1)
        switch ExactDecimal.read(line["Quantity"], scale: Quantity.scale) {
        case .absent: break
        case .value(let ticks): quantity = Quantity(ticks: ticks)
        case .invalid(let text): errors.append("The quantity value '\(text)' is invalid.")
        }
        if quantity.isNegative {
            errors.append("The quantity value '\(quantity.fixed)' is invalid. Quantity must not be less than zero.")
        }

        let unitScale = unitdp4 ? 4 : 2
        var unitTicks: Int64?
        switch ExactDecimal.read(line["UnitAmount"], scale: unitScale) {
        case .absent: break
        case .value(let value): unitTicks = ExactDecimal.rescale(value, from: unitScale, to: 4)
        case .invalid(let text): errors.append("The unit amount \(text) is not a valid amount.")
        }
        var givenAmount: Int64?
        switch ExactDecimal.read(line["LineAmount"], scale: 2) {
        case .absent: break
        case .value(let value): givenAmount = value
        case .invalid(let text): errors.append("The line amount \(text) is not a valid amount.")
        }
        if unitTicks == nil, givenAmount == nil,
            let price = ExactDecimal.read(details?["UnitPrice"], scale: unitScale).value
        {
            unitTicks = ExactDecimal.rescale(price, from: unitScale, to: 4)
        }
        if unitTicks == nil, let givenAmount, quantity.ticks != 0 {
            // UnitAmount = LineAmount ÷ Quantity, at 4 decimals.
            unitTicks = ScaledDecimal.multiplyDivide(givenAmount, Quantity.ticksPerUnit * 100, quantity.ticks)
        }
        let unit = unitTicks ?? 0
        guard let amount = ScaledDecimal.multiplyDivide(quantity.ticks, unit, 1_000_000) else {
            errors.append("The line amount for \(quantity.fixed) × \(unit) is too large.")
            return nil
        }
        if let givenAmount, line["UnitAmount"] != nil, givenAmount != amount {
            errors.append(
                "The line amount \(ExactDecimal.format(givenAmount, scale: 2)) does not match Quantity × UnitAmount "
                    + "(\(ExactDecimal.format(amount, scale: 2))).")
        }

        var accountCode = line.text("AccountCode")
        if accountCode == nil, let item {
            accountCode = tracked && !sale ? item.text("InventoryAssetAccountCode") : details?.text("AccountCode")
        }
        var account: JSONObject?
        if let code = accountCode {
            account = store.account(code: code)
            if account == nil || account?.text("Type") == "BANK" || (account?.text("Status") ?? "ACTIVE") != "ACTIVE" {
                errors.append("Account code '\(code)' is not a valid code for this document.")
            }
        } else if status != "DRAFT", amount != 0 || item != nil {
            errors.append("The account code or ID must be specified.")
        }
        if tracked, !sale, let item, let accountCode, let asset = item.text("InventoryAssetAccountCode"),
            accountCode != asset
        {
            errors.append(
                "Account code '\(accountCode)' cannot be used for the tracked inventory item "
                    + "'\(item.text("Code") ?? "")' on a bill: use its inventory asset account '\(asset)'.")
        }

        var taxType =
            line.text("TaxType") ?? details?.text("TaxType") ?? account?.text("TaxType")
            ?? (sale ? "OUTPUT2" : "INPUT2")
        if lineAmountTypes == "NoTax" { taxType = "NONE" }
        var tax: Int64 = 0
        switch ExactDecimal.read(line["TaxAmount"], scale: 2) {
        case .value(let given) where lineAmountTypes != "NoTax": tax = given
        case .invalid(let text): errors.append("The tax amount \(text) is not a valid amount.")
        default:
            if !Self.isZeroRated(taxType), lineAmountTypes != "NoTax" {
                let divisor: Int64 = lineAmountTypes == "Inclusive" ? 100 + Self.gstPercent : 100
                tax = ScaledDecimal.multiplyDivide(amount, Self.gstPercent, divisor) ?? 0
            }
        }
        guard errors.count == errorCount else { return nil }

        var object = JSONObject()
        object["LineItemID"] = .string(line.text("LineItemID") ?? XeroJSON.newID())
        if let item, let code = item.text("Code") { object["ItemCode"] = .string(code) }
        if let description { object["Description"] = .string(description) }
        object["Quantity"] = .number(quantity.fixed)
        object["UnitAmount"] = ExactDecimal.number(unit, scale: 4)
        if let accountCode { object["AccountCode"] = .string(accountCode) }
        if let accountID = account?.text("AccountID") { object["AccountID"] = .string(accountID) }
        object["TaxType"] = .string(taxType)
        object["TaxAmount"] = ExactDecimal.number(tax, scale: 2)
        object["LineAmount"] = ExactDecimal.number(amount, scale: 2)
        object["Tracking"] = line["Tracking"] ?? .array([])
        if let item {
            var summary = JSONObject()
            summary["ItemID"] = item["ItemID"]
            summary["Name"] = item["Name"]
            summary["Code"] = item["Code"]
            object["Item"] = .object(summary)
        }
        return Line(
            object: object, trackedCode: tracked ? item?.text("Code") : nil, quantity: quantity,
            amountCents: amount, taxCents: tax)
    }

    static func isZeroRated(_ taxType: String) -> Bool {
        let upper = taxType.uppercased()
        return upper == "NONE" || upper.hasPrefix("EXEMPT") || upper.hasPrefix("ZERORATED") || upper == "BASEXCLUDED"
    }
}
