import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpStore
import TrueUpTestSupport

/// Every scenario in fixtures/scenarios whose README has a payments table: the payments match
/// gives exactly the rows, corrections and conflicts the README works out by hand from DESIGN §4.
/// The tables are an oracle written from the rules, not recorded from the matcher.
@Suite("Fixture scenarios: payments")
struct FixturePaymentsTests {
    static let names = RepositoryPaths.scenarioNames().filter {
        PaymentsHandTables.hasPayments(readme: "\(RepositoryPaths.scenarios)/\($0)/README.md")
    }

    @Test("There is a payments scenario for each part of the three-way match")
    func enoughScenarios() {
        #expect(Self.names.count >= 8, "payments scenarios: \(Self.names)")
    }

    @Test("Every payments row is the one worked out by hand in the README", arguments: names)
    func rowsMatchHandTable(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let tables = try PaymentsHandTables(readme: "\(folder)/README.md")
        let result = try #require(try await planFolder(folder).payments, "\(name): the payments match did not run")
        let lines = result.matches.map(result.line)
        let actual = lines.map(PaymentsHandTables.rowKey)
        let expected = tables.rows.map(PaymentsHandTables.rowKey)
        let (missing, unexpected) = PaymentsHandTables.difference(expected: expected, actual: actual)
        #expect(
            missing.isEmpty && unexpected.isEmpty,
            PaymentsHandTables.mismatch(
                "\(name) payments rows (order | kind | store_ref | status | rule)", missing, unexpected)
        )
        // Amount columns, where the README gives them.
        for row in tables.rows {
            let identity = PaymentsHandTables.identity(row)
            guard let line = lines.first(where: { PaymentsHandTables.identity($0) == identity }) else { continue }
            let columns: [(String, String?)] = [
                ("currency", line.currency?.code), ("store_amount", line.storeAmount?.amount),
                ("xero_amount", line.xeroAmount?.amount), ("bank_amount", line.bankAmount?.amount),
                ("fee", line.fee?.amount), ("difference", line.difference?.amount),
            ]
            for (column, value) in columns {
                guard let want = row[column] else { continue }
                #expect((value ?? "") == want, "\(name) \(identity) \(column)")
            }
        }
    }

    @Test("The payments corrections are the ones worked out by hand", arguments: names)
    func correctionsMatchHandTable(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let tables = try PaymentsHandTables(readme: "\(folder)/README.md")
        let result = try #require(try await planFolder(folder).payments)
        let actual = result.corrections.map { correction in
            [
                correction.action.rawValue, correction.subject, correction.amount.amount,
                correction.allocate?.amount ?? "",
            ]
            .joined(separator: " | ")
        }
        let expected = tables.corrections.map { row in
            ["action", "subject", "amount", "allocate"].map { row[$0] ?? "" }.joined(separator: " | ")
        }
        let (missing, unexpected) = PaymentsHandTables.difference(expected: expected, actual: actual)
        #expect(
            missing.isEmpty && unexpected.isEmpty,
            PaymentsHandTables.mismatch(
                "\(name) corrections (action | subject | amount | allocate)", missing, unexpected)
        )
    }

    @Test("The payments conflicts are the ones worked out by hand", arguments: names)
    func conflictsMatchHandTable(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let tables = try PaymentsHandTables(readme: "\(folder)/README.md")
        let result = try #require(try await planFolder(folder).payments)
        let actual = result.conflicts.map { conflict in
            "\(conflict.reason) | \(PaymentsHandTables.subject(conflict, folder: folder))"
        }
        let expected = tables.conflicts.map { "\($0["reason"] ?? "") | \($0["subject"] ?? "")" }
        let (missing, unexpected) = PaymentsHandTables.difference(expected: expected, actual: actual)
        #expect(
            missing.isEmpty && unexpected.isEmpty,
            PaymentsHandTables.mismatch("\(name) conflicts (reason | subject)", missing, unexpected)
        )
    }

    @Test("Together the payment scenarios show every status")
    func everyStatusIsCovered() async throws {
        var planned = Set<PaymentStatus>()
        var worked = Set<String>()
        for name in Self.names {
            let folder = "\(RepositoryPaths.scenarios)/\(name)"
            if let result = try await planFolder(folder).payments {
                planned.formUnion(result.matches.map(\.status))
            }
            worked.formUnion(try PaymentsHandTables(readme: "\(folder)/README.md").rows.compactMap { $0["status"] })
        }
        for status in PaymentStatus.allCases {
            #expect(worked.contains(status.rawValue), "no README payments table has a \(status.rawValue) row")
            #expect(planned.contains(status), "no payment scenario plans a \(status.rawValue) row")
        }
    }

    @Test("A statement with a DOCTYPE is refused by name, and the rest of the run goes on")
    func unsafeStatementIsRefused() async throws {
        let folder = "\(RepositoryPaths.scenarios)/payments-unsafe-statement"
        let run = try await planFolder(folder)
        let result = try #require(run.payments)
        let refusals = result.conflicts.filter { $0.reason == "payment_input_unreadable" }
        let refusal = try #require(refusals.first)
        #expect(refusals.count == 1)
        #expect(refusal.message.contains("bank/camt053-2026-11-19.xml"))
        #expect(refusal.message.contains("DOCTYPE"))
        for leaked in ["root:", "/etc/passwd", "/bin/"] {
            #expect(!refusal.message.contains(leaked) && !refusal.subject.key.contains(leaked))
        }
        // The OFX file beside it was read, and the inventory was planned as usual.
        #expect(result.bank.map(\.source).allSatisfy { $0.contains("statement-2026-11-19.ofx") })
        #expect(result.bank.count == 2)
        #expect(run.plan.rows.count == 2 && run.plan.rows.allSatisfy { $0.outcome == .inSync })
    }
}

/// The payments tables of a scenario README (see fixtures/scenarios/README.md, "Payments tables"):
/// `| order_number | kind | store_ref | status | rule |` (optionally followed by amount columns),
/// `| action | subject | amount | allocate |` and `| reason | subject |`.
struct PaymentsHandTables {
    static let rowsHeader = ["order_number", "kind", "store_ref", "status", "rule"]
    static let correctionsHeader = ["action", "subject", "amount", "allocate"]
    static let conflictsHeader = ["reason", "subject"]

    let rows: [[String: String]]
    let corrections: [[String: String]]
    let conflicts: [[String: String]]

    init(readme path: String) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        func table(_ header: [String]) throws -> [[String: String]] {
            guard let start = lines.firstIndex(where: { Array(Self.cells($0).prefix(header.count)) == header }) else {
                throw TrueUpError.badInput("\(path) has no | \(header.joined(separator: " | ")) | table")
            }
            let names = Self.cells(lines[start])
            return lines[(start + 1)...].prefix { $0.hasPrefix("|") }.filter { !$0.hasPrefix("| ---") }.map { line in
                Dictionary(uniqueKeysWithValues: zip(names, Self.cells(line)))
            }
        }
        rows = try table(Self.rowsHeader)
        corrections = try table(Self.correctionsHeader)
        conflicts = try table(Self.conflictsHeader)
    }

    static func hasPayments(readme path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.components(separatedBy: "\n").contains {
            Array(cells($0).prefix(rowsHeader.count)) == rowsHeader
        }
    }

    static func cells(_ line: String) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), trimmed.count >= 2 else { return [] }
        return trimmed.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
    }

    /// A README row's `store_ref` convention for a row with no storefront record: `xero:` and the
    /// Xero reference (else the document number), or `bank:` and the bank reference (else the line id).
    static func reference(_ line: PaymentLine) -> String {
        if let storeRef = line.storeRef { return storeRef }
        if let xero = line.xeroRef ?? line.xeroInvoice { return "xero:\(xero)" }
        if let bank = line.bankRef { return "bank:\(bank)" }
        if let payout = line.payoutID { return "payout:\(payout)" }
        return ""
    }

    static func rowKey(_ line: PaymentLine) -> String {
        [line.orderNumber ?? "", line.kind.rawValue, reference(line), line.status.rawValue, line.rule]
            .joined(separator: " | ")
    }

    static func rowKey(_ row: [String: String]) -> String {
        rowsHeader.map { row[$0] ?? "" }.joined(separator: " | ")
    }

    static func identity(_ line: PaymentLine) -> String {
        [line.orderNumber ?? "", line.kind.rawValue, reference(line)].joined(separator: " | ")
    }

    static func identity(_ row: [String: String]) -> String {
        ["order_number", "kind", "store_ref"].map { row[$0] ?? "" }.joined(separator: " | ")
    }

    /// A conflict's subject as the README writes it: its key, with the scenario folder taken off a
    /// file path, and for an unreadable file only the file.
    static func subject(_ conflict: ConflictDraft, folder: String) -> String {
        var key = conflict.subject.key.replacingOccurrences(of: "\(folder)/", with: "")
        if conflict.reason == "payment_input_unreadable", let colon = key.range(of: ": ") {
            key = String(key[..<colon.lowerBound])
        }
        return key
    }

    /// The message of a failed comparison: what the README has that the plan lacks, and the reverse.
    static func mismatch(_ what: String, _ missing: [String], _ unexpected: [String]) -> Comment {
        Comment(rawValue: "\(what)\n  expected, not found: \(missing)\n  found, not expected: \(unexpected)")
    }

    /// What one multiset has that the other lacks.
    static func difference(expected: [String], actual: [String]) -> (missing: [String], unexpected: [String]) {
        var remaining = actual
        var missing: [String] = []
        for key in expected {
            if let index = remaining.firstIndex(of: key) {
                remaining.remove(at: index)
            } else {
                missing.append(key)
            }
        }
        return (missing, remaining)
    }
}
