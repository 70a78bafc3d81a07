import Foundation
import Logging
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpStore
import TrueUpTestSupport

/// The payments scenarios end to end: the same worlds served by the Xero and Magento sandboxes and
/// read over HTTP by a live run must match exactly as the recorded bodies do, and the corrections a
/// run makes must land once.
@Suite("Payments over the sandboxes' APIs")
struct LivePaymentsTests {
    static let names = RepositoryPaths.scenarioNames().filter { $0.hasPrefix("payments-") }

    /// One row of the match as the README tables give it.
    struct Row: Hashable, CustomStringConvertible {
        var order: String
        var kind: String
        var status: String
        var rule: String
        var description: String { "\(order) \(kind) \(status) \(rule)" }
    }

    static func rows(_ result: PaymentMatchResult?) -> [Row] {
        guard let result else { return [] }
        return result.matches.map { match in
            let line = result.line(match)
            return Row(
                order: line.orderNumber ?? "", kind: line.kind.rawValue, status: line.status.rawValue, rule: line.rule)
        }.sorted { $0.description < $1.description }
    }

    /// The scenario's settings as a live pair file: its own clock left out, its pair named `demo`
    /// (the harness's), and its statement and payout files named where they are.
    static func pairFile(for folder: String) throws -> (text: String, asOf: Date) {
        let yaml = try String(contentsOfFile: folder + "/scenario.yaml", encoding: .utf8)
        var asOf = Date()
        var lines: [String] = []
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("as_of:") {
                let text = line.dropFirst("as_of:".count).trimmingCharacters(in: .whitespaces)
                asOf = ISOTimestamp.parse(text) ?? asOf
                continue
            }
            if line.hasPrefix("pair:") { continue }
            lines.append(String(line))
        }
        var text = "pair: demo\n" + lines.joined(separator: "\n")
        let statements = Self.files(in: folder + "/bank")
        let payouts = Self.files(in: folder + "/payouts")
        if !statements.isEmpty || !payouts.isEmpty {
            guard text.contains("\npayments:") else {
                throw HarnessError("\(folder): a scenario with bank or payout files needs a payments section")
            }
            var extra = ""
            if !statements.isEmpty {
                extra += "\n  statements: [\(statements.map { "\"\($0)\"" }.joined(separator: ", "))]"
            }
            if !payouts.isEmpty { extra += "\n  payouts: [\(payouts.map { "\"\($0)\"" }.joined(separator: ", "))]" }
            text = text.replacingOccurrences(of: "\npayments:", with: "\npayments:" + extra)
        }
        return (text, asOf)
    }

    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            .map { folder + "/" + $0 }
    }

    static var logger: Logger {
        var logger = Logger(label: "payments")
        logger.logLevel = .warning
        return logger
    }

    @Test("A live run over HTTP matches each scenario exactly as its recorded bodies do", arguments: names)
    func liveMatchesRecorded(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let recorded = try await Planner(store: try StateStore.inMemory(), logger: Self.logger).plan(
            folder: folder, out: nil)
        let (pairFile, asOf) = try Self.pairFile(for: folder)
        let harness = try await LivePairHarness.start(scenario: folder, pairFile: pairFile)
        do {
            let (plan, _) = try await harness.run(dryRun: true, at: asOf)
            #expect(Self.rows(plan.planned.payments) == Self.rows(recorded.payments))
            #expect(
                Set(plan.planned.payments?.corrections.map(\.action) ?? [])
                    == Set(recorded.payments?.corrections.map(\.action) ?? []))
            #expect(
                (plan.planned.payments?.conflicts.map(\.reason) ?? []).sorted()
                    == (recorded.payments?.conflicts.map(\.reason) ?? []).sorted())
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    @Test("Corrections land once: the next run finds them made and plans nothing more", arguments: names)
    func correctionsLandOnce(_ name: String) async throws {
        let folder = "\(RepositoryPaths.scenarios)/\(name)"
        let (pairFile, asOf) = try Self.pairFile(for: folder)
        let harness = try await LivePairHarness.start(scenario: folder, pairFile: pairFile)
        do {
            let (first, applied) = try await harness.run(at: asOf)
            let planned = first.planned.payments?.corrections.filter { $0.side == .xero }.count ?? 0
            let refused = try await harness.store.conflicts(ConflictFilter(pair: "demo")).filter {
                $0.reason == "xero_rejected" || $0.reason == "store_rejected"
            }
            #expect(applied?.payments.rejected == 0, "\(name): \(refused.map(\.message))")
            #expect(applied?.payments.failed == 0)
            #expect(applied?.payments.inDoubt == 0)
            let writesAfterFirst = harness.writeCounts().xero
            let (second, _) = try await harness.run(at: asOf)
            let again = second.planned.payments?.corrections.filter { $0.side == .xero } ?? []
            #expect(again.isEmpty, "\(name): \(planned) corrections made, yet the next run plans \(again)")
            #expect(!Self.rows(second.planned.payments).contains { $0.status == "missing_in_xero" && $0.rule == "" })
            _ = try await harness.run(at: asOf)
            #expect(harness.writeCounts().xero == writesAfterFirst, "\(name): a later run wrote to Xero again")
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}

@Suite("Payment corrections in the sandboxes")
struct PaymentCorrectionsLandTests {
    @Test("A missing payment, two refunds and a mark-paid land in Xero and the shop, once")
    func missingRecordsLand() async throws {
        let folder = "\(RepositoryPaths.scenarios)/payments-missing"
        let (pairFile, asOf) = try LivePaymentsTests.pairFile(for: folder)
        let harness = try await LivePairHarness.start(scenario: folder, pairFile: pairFile)
        do {
            let paymentsBefore = harness.xero.payments().count
            let (_, applied) = try await harness.run(at: asOf)
            #expect(applied?.payments.acknowledged == 4)
            // The missing payment, on the open invoice, with the gateway's reference.
            let payments = harness.xero.payments()
            #expect(payments.count == paymentsBefore + 3, "one payment and two refund payments")
            #expect(payments.contains { $0.text("PaymentType") == "ACCRECPAYMENT" && $0["Amount"] == .number("58.00") })
            // Both refunds as credit notes carrying the refund numbers, each refunded in full.
            let notes = harness.xero.creditNotes().filter { ["000000301", "000000302"].contains($0.text("Reference")) }
            #expect(notes.count == 2)
            #expect(notes.allSatisfy { $0.text("Status") == "PAID" })
            // Each to its invoice's contact, known from the invoices the run read: no invoice is
            // asked for on its own.
            let invoiceContacts = Set(harness.xero.invoices().compactMap { $0.object("Contact")?.text("ContactID") })
            #expect(notes.allSatisfy { invoiceContacts.contains($0.object("Contact")?.text("ContactID") ?? "") })
            #expect(!harness.xero.calls().contains { $0.method == "GET" && $0.path.contains("/Invoices/") })
            // The order Xero shows paid is marked paid in the shop, with a comment for its staff.
            #expect(harness.magento.statusComments(orderID: 3007).contains { $0.text("status") == "processing" })

            let writes = harness.writeCounts()
            let (again, _) = try await harness.run(at: asOf)
            #expect(again.planned.payments?.corrections.filter { $0.side == .xero }.isEmpty == true)
            #expect(harness.writeCounts().xero == writes.xero)
            let rows = LivePaymentsTests.rows(again.planned.payments)
            #expect(rows.contains { $0.order == "000003001" && $0.status == "in_transit" })
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    @Test("A payout's fees become one SPEND in Xero, made once")
    func payoutFeesLand() async throws {
        let folder = "\(RepositoryPaths.scenarios)/payments-payouts"
        let (pairFile, asOf) = try LivePaymentsTests.pairFile(for: folder)
        let harness = try await LivePairHarness.start(scenario: folder, pairFile: pairFile)
        do {
            _ = try await harness.run(at: asOf)
            let spends = harness.xero.bankTransactions().filter {
                $0.text("Type") == "SPEND" && $0.text("Reference") == "po_1UpQ7xKfR3sM"
            }
            #expect(spends.count == 1)
            #expect(spends.first?["Total"] == .number("4.28"))
            _ = try await harness.run(at: asOf)
            #expect(
                harness.xero.bankTransactions().filter {
                    $0.text("Reference") == "po_1UpQ7xKfR3sM" && $0.text("Type") == "SPEND"
                }
                .count == 1)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
