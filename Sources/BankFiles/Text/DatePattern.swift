import TrueUpCore

/// A date format as a statement mapping gives it (`dd/MM/yyyy`), and reading cells with it.
///
/// `yyyy` is the year, `MM`/`dd` a two-digit month/day and `M`/`d` a one- or two-digit one, `HH`, `mm`
/// and `ss` two digits that are skipped, text in single quotes (`'T'`) and any other character that
/// is not a letter as written. A cell may go on after the pattern with a space or `T` and a time,
/// which is left out: the date is taken as written.
struct DatePattern {
    private enum Part {
        case year
        case month(flexible: Bool)
        case day(flexible: Bool)
        case skipped(digits: Int)
        case literal(Character)
    }

    let pattern: String
    private let parts: [Part]

    /// `yyyy-MM-dd`.
    static let iso = DatePattern(
        pattern: "yyyy-MM-dd",
        parts: [.year, .literal("-"), .month(flexible: false), .literal("-"), .day(flexible: false)])

    private init(pattern: String, parts: [Part]) {
        self.pattern = pattern
        self.parts = parts
    }

    /// Throws a message saying what is wrong with the pattern.
    init(_ pattern: String) throws(CellProblem) {
        self.pattern = pattern
        var parts: [Part] = []
        var characters = pattern[...]
        var counts = (year: 0, month: 0, day: 0)
        while let character = characters.first {
            if character == "'" {
                let rest = characters.dropFirst()
                guard let close = rest.firstIndex(of: "'") else {
                    throw CellProblem("the date format \"\(pattern)\" has a quote that is never closed")
                }
                parts += rest[..<close].map { .literal($0) }
                characters = rest[rest.index(after: close)...]
                continue
            }
            let run = characters.prefix { $0 == character }
            characters = characters.dropFirst(run.count)
            guard character.isLetter else {
                parts += run.map { .literal($0) }
                continue
            }
            switch (character, run.count) {
            case ("y", 4):
                parts.append(.year)
                counts.year += 1
            case ("M", 1), ("M", 2):
                parts.append(.month(flexible: run.count == 1))
                counts.month += 1
            case ("d", 1), ("d", 2):
                parts.append(.day(flexible: run.count == 1))
                counts.day += 1
            case ("H", 2), ("m", 2), ("s", 2):
                parts.append(.skipped(digits: 2))
            default:
                throw CellProblem(
                    "the date format \"\(pattern)\" has \"\(run)\", which TrueUp does not read: use yyyy, MM or M, "
                        + "dd or d (and HH, mm, ss for a time to skip)")
            }
        }
        guard counts.year == 1, counts.month == 1, counts.day == 1 else {
            throw CellProblem(
                "the date format \"\(pattern)\" needs yyyy, a month (MM or M) and a day (dd or d) once each")
        }
        self.parts = parts
    }

    /// The date in `cell`, or what is wrong with it.
    func date(_ cell: String) -> Result<LocalDate, CellProblem> {
        let characters = Array(cell)
        var index = 0
        var year = 0
        var month = 0
        var day = 0
        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < characters.count, let digit = characters[index].wholeNumberValue,
                characters[index].isASCII
            {
                value = value * 10 + digit
                count += 1
                index += 1
            }
            return count >= minimum ? value : nil
        }
        let wrong = CellProblem("\"\(cell.prefix(40))\" is not a date as \(pattern)")
        for part in parts {
            switch part {
            case .year:
                guard let value = digits(4, 4) else { return .failure(wrong) }
                year = value
            case .month(let flexible):
                guard let value = digits(flexible ? 1 : 2, 2) else { return .failure(wrong) }
                month = value
            case .day(let flexible):
                guard let value = digits(flexible ? 1 : 2, 2) else { return .failure(wrong) }
                day = value
            case .skipped(let count):
                guard digits(count, count) != nil else { return .failure(wrong) }
            case .literal(let character):
                guard index < characters.count, characters[index] == character else { return .failure(wrong) }
                index += 1
            }
        }
        if index < characters.count, characters[index] != " ", characters[index] != "T" {
            return .failure(wrong)
        }
        do {
            return .success(try LocalDate(year: year, month: month, day: day))
        } catch {
            return .failure(CellProblem("\"\(cell.prefix(40))\" is not a real calendar date"))
        }
    }
}
