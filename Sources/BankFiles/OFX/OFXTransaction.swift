import TrueUpCore

/// What one OFX `STMTTRN` says, as text.
struct OFXTransaction {
    /// The transaction's place among all `STMTTRN` elements of the file, from 1.
    let index: Int
    /// The line its `<STMTTRN>` starts on.
    let line: Int
    var amount: String?
    var posted: String?
    var available: String?
    var fitID: String?
    var referenceNumber: String?
    var checkNumber: String?
    var name: String?
    var payeeName: String?
    var memo: String?
    /// `CURRENCY/CURSYM`: the transaction's own currency, over the statement's `CURDEF`.
    var currency: String?

    init(index: Int, line: Int) {
        self.index = index
        self.line = line
    }

    /// Takes the value of a `STMTTRN` child, or of a `PAYEE` or `CURRENCY` one inside it.
    mutating func set(_ name: String, parent: String, _ value: String) {
        switch (parent, name) {
        case ("STMTTRN", "TRNAMT"): amount = value
        case ("STMTTRN", "DTPOSTED"): posted = value
        case ("STMTTRN", "DTAVAIL"): available = value
        case ("STMTTRN", "FITID"): fitID = value
        case ("STMTTRN", "REFNUM"): referenceNumber = value
        case ("STMTTRN", "CHECKNUM"): checkNumber = value
        case ("STMTTRN", "NAME"): self.name = value
        case ("PAYEE", "NAME"): payeeName = value
        case ("STMTTRN", "MEMO"): memo = value
        case ("CURRENCY", "CURSYM"): currency = value
        default: break
        }
    }

    enum Outcome {
        case line(BankLine, fitID: String?)
        case problem(InputProblem)
    }

    /// The transaction as a bank line, with `id` left for the caller to settle, or why it is not one.
    func outcome(file: String, statementCurrency: String?) -> Outcome {
        let reference = referenceNumber ?? checkNumber
        func problem(_ message: String) -> Outcome {
            .problem(
                InputProblem(
                    source: file, subject: reference.map { .reference($0) } ?? .unknown,
                    message: "transaction \(index) (line \(line)): \(message); the transaction is not used"))
        }
        guard let code = currency ?? statementCurrency else {
            return problem("it has no currency: neither its statement (CURDEF) nor it (CURRENCY/CURSYM) names one")
        }
        let currency: Currency
        do {
            currency = try Currency(code: code)
        } catch {
            return problem("the currency: \(error.description)")
        }
        guard let amountText = amount, !amountText.isEmpty else { return problem("it has no amount (TRNAMT)") }
        // Some banks write a decimal comma; OFX has no thousands separator, so a lone comma is the point.
        let normalised = amountText.contains(".") ? amountText : amountText.replacingComma()
        let money: Money
        do {
            money = try Money(parsing: normalised, currency: currency)
        } catch {
            return problem("the amount (TRNAMT) \"\(amountText.prefix(40))\" \(error.description)")
        }
        guard let postedText = posted, !postedText.isEmpty else { return problem("it has no date (DTPOSTED)") }
        let date: LocalDate
        switch Self.date(postedText) {
        case .success(let read): date = read
        case .failure(let failure): return problem("the date (DTPOSTED) \(failure.message)")
        }
        var valueDate: LocalDate?
        if let available, !available.isEmpty {
            switch Self.date(available) {
            case .success(let read): valueDate = read
            case .failure(let failure): return problem("the date available (DTAVAIL) \(failure.message)")
            }
        }
        var parts: [String] = []
        for part in [name ?? payeeName, memo].compactMap(\.self) where !part.isEmpty && !parts.contains(part) {
            parts.append(part)
        }
        let bankLine = BankLine(
            id: "", amount: money, date: date, valueDate: valueDate, reference: reference,
            description: parts.isEmpty ? nil : parts.joined(separator: " / "), source: "\(file) transaction \(index)")
        return .line(bankLine, fitID: fitID.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The date part of an OFX date, `YYYYMMDD[HHMMSS[.XXX]][[-5:EST]]`, as written: the time and
    /// zone do not move it.
    static func date(_ text: String) -> Result<LocalDate, DateProblem> {
        let digits = text.utf8.prefix(8)
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }),
            let year = Int(String(decoding: digits.prefix(4), as: UTF8.self)),
            let month = Int(String(decoding: digits.dropFirst(4).prefix(2), as: UTF8.self)),
            let day = Int(String(decoding: digits.dropFirst(6), as: UTF8.self))
        else {
            return .failure(DateProblem("\"\(text.prefix(40))\" is not a date as YYYYMMDD"))
        }
        do {
            return .success(try LocalDate(year: year, month: month, day: day))
        } catch {
            return .failure(DateProblem("\"\(text.prefix(40))\" is not a real calendar date"))
        }
    }
}

extension String {
    /// The text with `,` made `.`.
    func replacingComma() -> String {
        String(decoding: utf8.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }, as: UTF8.self)
    }
}
