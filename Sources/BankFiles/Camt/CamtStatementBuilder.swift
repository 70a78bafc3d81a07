import TrueUpCore

/// Turns the element events of a camt.053 document into bank lines and problems, keeping only the
/// open elements' names and the entry being read, so that memory does not grow with the file.
///
/// Elements are matched on their local names, so every version from `camt.053.001.02` to `.001.08`
/// (and their namespace prefixes) reads the same.
struct CamtStatementBuilder {
    /// How lines and problems name the file.
    let file: String
    /// How ids made up for entries without a usable `AcctSvcrRef` name the file.
    let idName: String
    /// Why the document is not a camt.053 statement, once that is clear.
    private(set) var notCamt: String?
    private var path: [String] = []
    private var text = ""
    private var entryCount = 0
    private var entry: CamtEntry?
    private var sawStatementRoot = false
    private var read: [(line: BankLine, servicerReference: String?, index: Int)] = []
    private var problems: [InputProblem] = []

    init(file: String, idName: String) {
        self.file = file
        self.idName = idName
    }

    /// An element starts; `attribute` gives one of its attributes by local name.
    mutating func start(_ name: String, line: Int, attribute: (String) -> String?) {
        path.append(name)
        text = ""
        switch path.count {
        case 1:
            if name != "Document" {
                notCamt = "its root element is <\(name.prefix(60))>, where a camt.053 statement has <Document>"
            }
        case 2:
            if name == "BkToCstmrStmt" {
                sawStatementRoot = true
            } else if !sawStatementRoot {
                notCamt =
                    "its <Document> holds <\(name.prefix(60))>, where a camt.053 statement has <BkToCstmrStmt> "
                    + "(camt.052 and camt.054 are other messages)"
            }
        case 4 where name == "Ntry" && path[2] == "Stmt":
            entryCount += 1
            entry = CamtEntry(index: entryCount, line: line)
        case 5 where name == "Amt" && entry != nil:
            entry?.currency = attribute("Ccy")
        default:
            break
        }
    }

    /// Whether text now belongs to an element this reads.
    var wantsText: Bool { entry != nil }

    mutating func text(_ more: String) {
        if entry != nil { text += more }
    }

    /// The innermost open element ends.
    mutating func end() {
        defer {
            path.removeLast()
            text = ""
        }
        guard entry != nil, path.count >= 4 else { return }
        if path.count == 4 {
            finishEntry()
        } else {
            entry?.set(path[4...], text)
        }
    }

    private mutating func finishEntry() {
        guard let entry else { return }
        self.entry = nil
        switch entry.outcome(file: file) {
        case .line(let line, let servicerReference):
            read.append((line, servicerReference, entry.index))
        case .skipped:
            break
        case .problem(let problem):
            problems.append(problem)
        }
    }

    /// The statement read: each line's id is its `AcctSvcrRef` when no other line of the file has the
    /// same one, else `<file>#<entry number>`.
    func result() -> Result<StatementFile, StatementError> {
        guard sawStatementRoot else {
            let why = notCamt ?? "it has no <BkToCstmrStmt>"
            return .failure(
                .malformed(
                    "\(file) is not a camt.053 bank statement: \(why); choose the file's real format, or export "
                        + "the statement from the bank as camt.053"))
        }
        var counts: [String: Int] = [:]
        for entry in read {
            if let reference = entry.servicerReference { counts[reference, default: 0] += 1 }
        }
        let lines = read.map { entry in
            var line = entry.line
            if let reference = entry.servicerReference, counts[reference] == 1 {
                line.id = reference
            } else {
                line.id = "\(idName)#\(entry.index)"
            }
            return line
        }
        return .success(StatementFile(lines: lines, problems: problems))
    }
}
