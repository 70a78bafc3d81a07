import Foundation
import TrueUpCore
import TrueUpSandbox
import TrueUpStore
import TrueUpTestSupport

/// A job folder for `trueup run nightly|intraday` against a sandbox: a pair file and job files
/// whose connections name the sandbox, with their secrets in the environment.
struct SandboxJob {
    let folder: TemporaryFolder
    let live: LiveSandbox
    var state: String { "\(folder.path)/state.sqlite" }
    var jobs: String { "\(folder.path)/jobs" }
    var reports: String { "\(folder.path)/reports" }

    /// The environment a run needs: the secrets the job files name.
    var environment: [String: String] {
        ["TRUEUP_TEST_XERO_SECRET": live.configuration.clientSecret, "TRUEUP_TEST_MAGENTO_PASSWORD": "admin123"]
    }

    /// Writes the job files for `pairFile` (a pair file's text) under the name `pair`.
    init(live: LiveSandbox, pair: String = "demo", pairFile: String, leaseSeconds: Int = 900) throws {
        folder = try TemporaryFolder()
        self.live = live
        try FileManager.default.createDirectory(atPath: "\(folder.path)/jobs", withIntermediateDirectories: true)
        try pairFile.write(toFile: "\(folder.path)/jobs/\(pair).yaml", atomically: true, encoding: .utf8)
        for kind in ["nightly", "intraday"] {
            let job = """
                job: \(kind)
                kind: \(kind)
                lease_seconds: \(leaseSeconds)
                reports: ../reports
                pairs:
                  \(pair):
                    pair_file: \(pair).yaml
                    xero:
                      client_id: \(live.configuration.clientID)
                      client_secret: {env: TRUEUP_TEST_XERO_SECRET}
                      url: \(live.server.baseURL)
                    storefront:
                      platform: magento
                      url: \(live.server.baseURL)
                      username: admin
                      password: {env: TRUEUP_TEST_MAGENTO_PASSWORD}

                """
            try job.write(toFile: "\(folder.path)/jobs/\(kind).yaml", atomically: true, encoding: .utf8)
        }
    }

    /// The arguments of `trueup run JOB` on this folder's state and jobs.
    func arguments(_ job: String, _ extra: [String] = []) -> [String] {
        ["run", job, "--jobs", jobs, "--state", state] + extra
    }

    /// Runs `trueup run JOB` to the end.
    func run(_ job: String, _ extra: [String] = []) async throws -> TrueUpRun {
        try await runTrueUp(arguments(job, extra), environment: environment)
    }

    /// Starts `trueup run JOB`, to be watched and perhaps killed.
    func start(_ job: String, _ extra: [String] = []) throws -> TrueUpChild {
        try TrueUpChild(arguments(job, extra), environment: environment)
    }
}

/// What both sandboxes and the state hold after a run, without what differs from one run of the
/// same work to another (ids, timestamps): two runs that did the same writes once each have equal
/// fingerprints, and a document made twice shows.
struct SandboxFingerprint: Equatable, CustomStringConvertible {
    var quantitiesOnHand: [String: String]
    var xeroDocuments: [String]
    var shopStock: [String: String]
    var shopComments: [String]
    var bases: [String: String]
    var liveCorrections: Int

    init(_ live: LiveSandbox, state: String, pair: String = "demo") async throws {
        let xero = live.sandbox
        quantitiesOnHand = [:]
        for item in xero.items() {
            guard let code = item.text("Code") else { continue }
            quantitiesOnHand[code] = item["QuantityOnHand"].map { JSONWriter.text($0) } ?? "-"
        }
        func describe(_ kind: String, _ object: JSONObject, _ keys: [String]) -> String {
            kind + " "
                + keys.map { key in
                    guard key == "LineItems", case .array(let lines)? = object[key] else {
                        return "\(key)=\(object[key].map { JSONWriter.text($0) } ?? "-")"
                    }
                    // A line's id is Xero's own, new each time; what it moves is what counts.
                    return "lines="
                        + lines.map { line in
                            guard case .object(let line) = line else { return "?" }
                            return ["ItemCode", "Quantity", "UnitAmount", "LineAmount"].map {
                                line[$0].map { JSONWriter.text($0) } ?? "-"
                            }.joined(separator: "/")
                        }.joined(separator: ",")
                }.joined(separator: " ")
        }
        xeroDocuments =
            (xero.invoices().map {
                describe("invoice", $0, ["Type", "Reference", "Status", "Total", "AmountPaid", "LineItems"])
            }
            + xero.creditNotes().map {
                describe("credit-note", $0, ["Type", "Reference", "Status", "Total", "RemainingCredit"])
            }
            + xero.payments().map { describe("payment", $0, ["PaymentType", "Reference", "Amount", "Status"]) }
            + xero.bankTransactions().map { describe("bank", $0, ["Type", "Reference", "Total", "Status"]) })
            .sorted()
        shopStock = [:]
        shopComments = []
        if let magento = live.magento {
            for sku in Set(quantitiesOnHand.keys).union(
                magento.orders().flatMap { order in
                    (order["items"].flatMap { value -> [JSONValue]? in
                        if case .array(let items) = value { return items }
                        return nil
                    } ?? []).compactMap { item -> String? in
                        if case .object(let object) = item { return object.text("sku") }
                        return nil
                    }
                })
            {
                shopStock[sku] = magento.sourceQuantity(sku: sku).map(\.description) ?? "-"
            }
            for order in magento.orders() {
                let id = Int(order["entity_id"].map { JSONWriter.text($0) } ?? "") ?? 0
                let comments = magento.statusComments(orderID: id)
                shopComments.append(
                    "\(order.text("increment_id") ?? "?") \(order.text("status") ?? "?") comments=\(comments.count)")
            }
            shopComments.sort()
        }
        let store = try StateStore(path: state)
        bases = try await store.bases(pair: pair).mapValues { "\($0.quantity)" }
        liveCorrections =
            try await store.liveCorrections(pair: pair).count + store.livePaymentCorrections(pair: pair).count
    }

    /// Documents TrueUp made (its references) that exist more than once.
    var duplicates: [String] {
        var seen: [String: Int] = [:]
        for document in xeroDocuments where !document.contains("Reference=-") { seen[document, default: 0] += 1 }
        return seen.filter { $0.value > 1 }.map(\.key).sorted()
    }

    /// One line per fact, for comparing two fingerprints.
    var lines: [String] {
        quantitiesOnHand.map { "xero qoh \($0.key) \($0.value)" } + xeroDocuments.map { "xero \($0)" }
            + shopStock.map { "shop stock \($0.key) \($0.value)" } + shopComments.map { "shop order \($0)" }
            + bases.map { "base \($0.key) \($0.value)" } + ["live corrections \(liveCorrections)"]
    }

    /// What this fingerprint has that `other` lacks (`-`) and the other way round (`+`).
    func difference(from other: SandboxFingerprint) -> String {
        let mine = lines.sorted()
        let theirs = other.lines.sorted()
        let missing = mine.difference(from: theirs)
        return missing.map { change in
            switch change {
            case .insert(_, let line, _): "+ \(line)"
            case .remove(_, let line, _): "- \(line)"
            }
        }.joined(separator: "\n")
    }

    var description: String { lines.sorted().joined(separator: "\n") }
}
