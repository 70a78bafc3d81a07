import TrueUpCore

/// What one camt.053 `Ntry` says, as text, gathered while the document streams past.
struct CamtEntry {
    /// The entry's place among all `Ntry` elements of the file, from 1.
    let index: Int
    /// The line its `<Ntry>` starts on.
    let line: Int
    var amount: String?
    var currency: String?
    var creditDebit: String?
    var status: String?
    var bookingDate: String?
    var bookingDateTime: String?
    var valueDate: String?
    var valueDateTime: String?
    var servicerReference: String?
    var additionalInfo: [String] = []
    var unstructured: [String] = []
    /// From the first `TxDtls` that has one.
    var reference: String?
    private var transactionEndToEnd: String?
    private var transactionCreditorReference: String?

    init(index: Int, line: Int) {
        self.index = index
        self.line = line
    }

    /// Takes the text of the element at `relative`, the path below `Ntry`, when it is one TrueUp reads.
    mutating func set(_ relative: ArraySlice<String>, _ text: String) {
        let start = relative.startIndex
        switch relative.count {
        case 1: setField(relative[start], FreeText.collapsed(text))
        case 2 where relative[start] == "NtryDtls" && relative[start + 1] == "TxDtls":
            // The end of one transaction's details: the entry's reference is the first one found.
            if reference == nil { reference = transactionEndToEnd ?? transactionCreditorReference }
            transactionEndToEnd = nil
            transactionCreditorReference = nil
        case 2: setDate(relative[start], relative[start + 1], FreeText.collapsed(text))
        case 4, 6:
            guard relative[start] == "NtryDtls", relative[start + 1] == "TxDtls" else { return }
            setTransactionField(relative[(start + 2)...], FreeText.collapsed(text))
        default: break
        }
    }

    private mutating func setField(_ name: String, _ value: String) {
        switch name {
        case "Amt": amount = value
        case "CdtDbtInd": creditDebit = value
        case "Sts": if !value.isEmpty { status = value }
        case "AcctSvcrRef": if !value.isEmpty { servicerReference = value }
        case "AddtlNtryInf": if !value.isEmpty { additionalInfo.append(value) }
        default: break
        }
    }

    private mutating func setDate(_ parent: String, _ name: String, _ value: String) {
        switch (parent, name) {
        case ("BookgDt", "Dt"): bookingDate = value
        case ("BookgDt", "DtTm"): bookingDateTime = value
        case ("ValDt", "Dt"): valueDate = value
        case ("ValDt", "DtTm"): valueDateTime = value
        case ("Sts", "Cd"): if !value.isEmpty { status = value }
        default: break
        }
    }

    /// `Refs/EndToEndId`, `RmtInf/Ustrd` and `RmtInf/Strd/CdtrRefInf/Ref` inside `NtryDtls/TxDtls`.
    private mutating func setTransactionField(_ path: ArraySlice<String>, _ value: String) {
        guard !value.isEmpty, let last = path.last else { return }
        let first = path[path.startIndex]
        switch (path.count, first, last) {
        case (2, "Refs", "EndToEndId"):
            if value.uppercased() != "NOTPROVIDED" { transactionEndToEnd = value }
        case (2, "RmtInf", "Ustrd"):
            unstructured.append(value)
        case (4, "RmtInf", "Ref"):
            guard path[path.startIndex + 1] == "Strd", path[path.startIndex + 2] == "CdtrRefInf" else { return }
            if transactionCreditorReference == nil { transactionCreditorReference = value }
        default: break
        }
    }

    /// What the entry becomes.
    enum Outcome {
        case line(BankLine, servicerReference: String?)
        /// Pending or information-only: not money on the account yet.
        case skipped
        case problem(InputProblem)
    }

    /// The entry as a booked bank line, with `id` left for the caller to settle, or why it is not one.
    func outcome(file: String) -> Outcome {
        func problem(_ message: String) -> Outcome {
            .problem(
                InputProblem(
                    source: file, subject: reference.map { .reference($0) } ?? .unknown,
                    message: "entry \(index) (line \(line)): \(message); the entry is not used"))
        }
        guard let status else { return problem("it has no status (Sts); expected BOOK, PDNG or INFO") }
        switch status.uppercased() {
        case "BOOK": break
        case "PDNG", "INFO", "FUTR": return .skipped
        default: return problem("its status (Sts) is \"\(status.prefix(40))\"; expected BOOK, PDNG or INFO")
        }
        guard let amountText = amount, !amountText.isEmpty else { return problem("it has no amount (Amt)") }
        guard let code = currency, !code.isEmpty else { return problem("its amount (Amt) has no currency (Ccy)") }
        let currency: Currency
        do {
            currency = try Currency(code: code)
        } catch {
            return problem("the amount's currency (Amt@Ccy): \(error.description)")
        }
        guard let first = amountText.first, first != "-", first != "+" else {
            return problem("the amount (Amt) \"\(amountText.prefix(40))\" has a sign; CdtDbtInd gives the direction")
        }
        var money: Money
        do {
            money = try Money(parsing: amountText, currency: currency)
        } catch {
            return problem("the amount (Amt) \"\(amountText.prefix(40))\" \(error.description)")
        }
        switch creditDebit?.uppercased() {
        case "CRDT": break
        case "DBIT": money.minorUnits = -money.minorUnits
        case let other:
            let found = other.map { "is \"\($0.prefix(40))\"" } ?? "is missing"
            return problem("the credit/debit indicator (CdtDbtInd) \(found); expected CRDT or DBIT")
        }
        let date: LocalDate
        switch Self.date(bookingDate, bookingDateTime, "booking date (BookgDt)") {
        case .success(let read?): date = read
        case .success(nil): return problem("it has no booking date (BookgDt)")
        case .failure(let failure): return problem(failure.message)
        }
        let valueDate: LocalDate?
        switch Self.date(self.valueDate, valueDateTime, "value date (ValDt)") {
        case .success(let read): valueDate = read
        case .failure(let failure): return problem(failure.message)
        }
        var parts: [String] = []
        let free = unstructured.joined(separator: " ")
        for part in [free] + additionalInfo where !part.isEmpty && !parts.contains(part) {
            parts.append(part)
        }
        let bankLine = BankLine(
            id: "", amount: money, date: date, valueDate: valueDate, reference: reference,
            description: parts.isEmpty ? nil : parts.joined(separator: " / "), source: "\(file) entry \(index)")
        return .line(bankLine, servicerReference: servicerReference)
    }

    /// The date in `Dt` (`2026-11-03`, an offset after it allowed) or the date part of `DtTm`
    /// (`2026-11-03T09:30:00+01:00`), as written; `nil` when there is neither.
    private static func date(
        _ date: String?, _ dateTime: String?, _ name: String
    ) -> Result<LocalDate?, DateProblem> {
        guard let text = date ?? dateTime, !text.isEmpty else { return .success(nil) }
        let day = text.prefix(10)
        let rest = text.dropFirst(10)
        guard rest.isEmpty || rest.first.map({ "TZ+-".contains($0) }) == true else {
            return .failure(DateProblem("the \(name) \"\(text.prefix(40))\" is not a date as YYYY-MM-DD"))
        }
        do {
            return .success(try LocalDate(iso: day))
        } catch {
            return .failure(DateProblem("the \(name): \(error.description)"))
        }
    }
}

/// Why a date cannot be read, as the problem's message.
struct DateProblem: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
