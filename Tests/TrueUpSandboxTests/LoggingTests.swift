import Foundation
import Logging
import Testing
import TrueUpCore

@testable import TrueUpSandbox

/// Collects log records in memory.
final class CollectedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var records: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] = []

    func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
        lock.lock()
        records.append((level, message, metadata))
        lock.unlock()
    }

    var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] {
        lock.lock()
        defer { lock.unlock() }
        return records
    }
}

struct CollectingHandler: LogHandler {
    let logs: CollectedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        logs.append(event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 })
    }
}

@Suite("Logging")
struct LoggingTests {
    @Test func oneInfoLinePerCallAndNoSecrets() async throws {
        let logs = CollectedLogs()
        let logger = Logger(label: "sandbox") { _ in CollectingHandler(logs: logs) }
        let seed = try Harness.demoItemsAndInvoices()
        let sandbox = try XeroSandbox(scenario: seed.path)
        let server = try await SandboxServer.start(xero: sandbox, logger: logger)
        let client = Harness(
            sandbox: sandbox, server: server, client: .init(eventLoopGroupProvider: .singleton),
            clock: TestClock())
        do {
            let token = try await client.token()
            _ = try await client.get("Invoices?page=1", token: token)
            _ = try await client.write(
                .put, "Invoices", WriteTests.sale("1"), token: token,
                headers: [("Idempotency-Key", "key-7")])
        } catch {
            Issue.record(error)
        }
        try await client.client.shutdown()
        await server.stop()

        let calls = logs.all.filter { $0.message == "sandbox.xero.call" }
        #expect(calls.count == 3)
        #expect(calls.allSatisfy { $0.level == .info })
        #expect(
            calls.map { $0.metadata["http.target"].map { "\($0)" } } == [
                "/connect/token", "/api.xro/2.0/Invoices?page=1", "/api.xro/2.0/Invoices",
            ])
        #expect(calls.map { $0.metadata["http.status"].map { "\($0)" } } == ["200", "200", "200"])
        #expect(calls.allSatisfy { $0.metadata["duration.ms"] != nil })
        #expect(calls.last?.metadata["xero.idempotency_key"].map { "\($0)" } == "key-7")
        let everything = logs.all.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!everything.contains("sandbox-secret"))
        #expect(!everything.contains("Bearer"))
        #expect(!everything.contains("grant_type"))
    }
}
