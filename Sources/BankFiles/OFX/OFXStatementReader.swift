import TrueUpCore

/// Reads OFX statements, SGML OFX 1.x and XML OFX 2.x alike, with ``OFXScanner`` (never libxml2: OFX
/// 1.x is not XML, and a tag scanner expands no entities).
///
/// Aggregates (`STMTRS`, `STMTTRN`) are closed in both versions; in OFX 1.x the elements holding a
/// value are not, so an element is taken to end at the next tag when it holds text or its name is
/// never closed in the file. Each `STMTTRN` becomes a line; its currency is the statement's `CURDEF`
/// unless it has its own `CURRENCY/CURSYM`.
enum OFXStatementReader {
    static func read(bytes: [UInt8], file: String, idName: String) throws(StatementError) -> StatementFile {
        var scanner = OFXScanner(text: TextBytes.decodeText(bytes[...]))
        var walk = Walk(file: file, closedNames: scanner.closedNames())
        while let token = scanner.next() {
            switch token {
            case .declaration:
                throw Doctype.refusal(file)
            case .start(let name, let closed, let line):
                walk.start(name, line: line)
                if closed { walk.pop() }
            case .end(let name, _):
                walk.end(name)
            case .text(let text, _):
                walk.text(text)
            }
        }
        while walk.isOpen { walk.pop() }
        guard walk.sawOFX else {
            throw .malformed(
                "\(file) is not an OFX file: it has no <OFX> element; choose the file's real format, or export the "
                    + "statement from the bank as OFX")
        }
        var counts: [String: Int] = [:]
        for entry in walk.read {
            if let fitID = entry.fitID { counts[fitID, default: 0] += 1 }
        }
        let lines = walk.read.map { entry in
            var line = entry.line
            if let fitID = entry.fitID, counts[fitID] == 1 {
                line.id = fitID
            } else {
                line.id = "\(idName)#\(entry.index)"
            }
            return line
        }
        return StatementFile(lines: lines, problems: walk.problems)
    }

    /// The open elements and what has been read so far.
    private struct Walk {
        struct Open {
            var name: String
            var hasText = false
            var hasChild = false
        }

        let file: String
        /// Names used in end tags (see ``OFXScanner/closedNames()``).
        let closedNames: Set<String>
        private var stack: [Open] = []
        private(set) var sawOFX = false
        private var statementCurrency: String?
        private var transactionCount = 0
        private var transaction: OFXTransaction?
        private(set) var read: [(line: BankLine, fitID: String?, index: Int)] = []
        private(set) var problems: [InputProblem] = []

        init(file: String, closedNames: Set<String>) {
            self.file = file
            self.closedNames = closedNames
        }

        var isOpen: Bool { !stack.isEmpty }

        mutating func start(_ name: String, line: Int) {
            // An OFX 1.x value element ends where the next tag starts.
            if let top = stack.last, top.hasText || !closedNames.contains(top.name) { pop() }
            if !stack.isEmpty { stack[stack.count - 1].hasChild = true }
            stack.append(Open(name: name))
            switch name {
            case "OFX": sawOFX = true
            case "STMTRS", "CCSTMTRS": statementCurrency = nil
            case "STMTTRN":
                transactionCount += 1
                transaction = OFXTransaction(index: transactionCount, line: line)
            default: break
            }
        }

        mutating func text(_ value: String) {
            guard let top = stack.last, !top.hasChild else { return }
            stack[stack.count - 1].hasText = true
            let parent = stack.count >= 2 ? stack[stack.count - 2].name : ""
            if top.name == "CURDEF", parent == "STMTRS" || parent == "CCSTMTRS" {
                statementCurrency = value
            } else if transaction != nil {
                transaction?.set(top.name, parent: parent, value)
            }
        }

        /// An end tag closes its element and every element opened inside it; one that closes nothing
        /// open is ignored.
        mutating func end(_ name: String) {
            guard let position = stack.lastIndex(where: { $0.name == name }) else { return }
            while stack.count > position { pop() }
        }

        mutating func pop() {
            guard let closed = stack.popLast() else { return }
            guard closed.name == "STMTTRN", let transaction else { return }
            self.transaction = nil
            switch transaction.outcome(file: file, statementCurrency: statementCurrency) {
            case .line(let line, let fitID): read.append((line, fitID, transaction.index))
            case .problem(let problem): problems.append(problem)
            }
        }
    }
}
