import Foundation
import Testing
import TrueUpCore
import TrueUpEngine
import TrueUpJobs
import TrueUpStore
import TrueUpTestSupport

/// Bad input gives a clear error naming the file and record, or a conflict: never a crash and
/// never a silent skip.
@Suite("Bad input")
struct BadInputTests {
    let healthy = ScenarioBuilder(
        items: [.init("MUG", "12"), .init("TEE", "5")], stock: [.init("MUG", "12"), .init("TEE", "5")],
        base: ["MUG,12", "TEE,5"])

    func expectError(
        _ builder: ScenarioBuilder, mentioning parts: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let folder = try TemporaryFolder()
        try builder.write(into: folder.path)
        await #expect(sourceLocation: sourceLocation) {
            _ = try await planFolder(folder.path)
        } throws: { error in
            let message = "\(error)"
            let matches = parts.allSatisfy { message.contains($0) }
            if !matches { Issue.record("error was: \(message)", sourceLocation: sourceLocation) }
            return (error as? TrueUpError)?.kind == .badInput && matches
        }
    }

    @Test("A truncated JSON body names the file, line and column")
    func truncated() async throws {
        let folder = try TemporaryFolder()
        try healthy.write(into: folder.path)
        let path = "\(folder.path)/xero/Items.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        await #expect {
            _ = try await planFolder(folder.path)
        } throws: { error in
            let message = "\(error)"
            return message.contains("xero/Items.json: line") && message.contains("truncated")
        }
    }

    @Test("A body that is not the endpoint's shape is refused")
    func wrongShape() async throws {
        var builder = healthy
        builder.files["magento/source-items.json"] = #"[{"sku": "MUG", "source_code": "default", "quantity": 12}]"#
        try await expectError(builder, mentioning: ["magento/source-items.json", "found an array"])
    }

    @Test("A quantity as a word is a conflict for that SKU; a numeric string is read exactly")
    func quantityAsString() async throws {
        let builder = ScenarioBuilder(
            items: [.init("MUG", "\"abc\""), .init("TEE", "\"5.0\"")], stock: [.init("MUG", "12"), .init("TEE", "5")],
            base: ["MUG,12", "TEE,5"])
        let folder = try TemporaryFolder()
        let run = try await planFolder(try builder.write(into: folder.path))
        #expect(run.row("MUG")?.conflictReason == .invalidData)
        #expect(run.row("MUG")?.note?.contains("Items[0].QuantityOnHand") == true)
        #expect(run.row("TEE")?.outcome == .inSync)
        #expect(run.row("TEE")?.xeroQuantity == Quantity(units: 5))
    }

    @Test(
        "Negative and absurd quantities",
        arguments: [
            ("-3", ConflictReason.negativeQuantity), ("1e30", .invalidData), ("12345678901234567890", .invalidData),
            ("\"NaN\"", .invalidData), ("\"Infinity\"", .invalidData), ("1.00001", .invalidData),
        ])
    func badQuantities(_ literal: String, _ reason: ConflictReason) async throws {
        let builder = ScenarioBuilder(
            items: [.init("MUG", "12"), .init("TEE", "5")], stock: [.init("MUG", literal), .init("TEE", "5")],
            base: ["MUG,12", "TEE,5"])
        let folder = try TemporaryFolder()
        let run = try await planFolder(try builder.write(into: folder.path))
        #expect(run.row("MUG")?.outcome == .conflict)
        #expect(run.row("MUG")?.conflictReason == reason)
        #expect(run.row("TEE")?.outcome == .inSync)
        #expect(run.plan.corrections.isEmpty)
    }

    @Test("A duplicate SKU is a conflict, not a sum or a guess")
    func duplicateSKU() async throws {
        let builder = ScenarioBuilder(
            items: [.init("MUG", "12"), .init("TEE", "5")],
            stock: [.init("MUG", "6"), .init("MUG", "6"), .init("TEE", "5")],
            base: ["MUG,12", "TEE,5"])
        let folder = try TemporaryFolder()
        let run = try await planFolder(try builder.write(into: folder.path))
        #expect(run.row("MUG")?.conflictReason == .invalidData)
        #expect(run.row("MUG")?.note?.contains("appears twice") == true)
        #expect(run.plan.corrections.isEmpty)
    }

    @Test("An unknown currency on an order's invoice makes that order's SKUs conflicts")
    func unknownCurrency() async throws {
        var builder = healthy
        builder.files["magento/orders.json"] = """
            {"items": [{"entity_id": 7, "increment_id": "000000007", "state": "processing", "status": "processing",
              "created_at": "2026-11-19 10:00:00", "updated_at": "2026-11-19 10:00:00", "order_currency_code": "NZD",
              "grand_total": 24, "items": [{"item_id": 70, "sku": "MUG", "product_type": "simple", "qty_ordered": 2}]}],
             "search_criteria": {}, "total_count": 1}
            """
        builder.files["xero/Invoices.json"] = """
            {"Id": "1", "Status": "OK", "Invoices": [{"Type": "ACCREC", "InvoiceID": "5b1c2a54-ef3e-4ef6-a1f4-3a4ab0a1a001",
              "Reference": "000000007", "Status": "AUTHORISED", "CurrencyCode": "XYZ", "LineItems": [],
              "UpdatedDateUTC": "/Date(1763600000000+0000)/"}]}
            """
        let folder = try TemporaryFolder()
        let run = try await planFolder(try builder.write(into: folder.path))
        #expect(run.row("MUG")?.conflictReason == .invalidData)
        #expect(run.row("MUG")?.note?.contains("XYZ") == true)
        #expect(run.row("TEE")?.outcome == .inSync)
    }

    @Test("scenario.yaml: unknown keys, bad values and aliases name the line")
    func badYAML() async throws {
        for (yaml, parts) in [
            (
                "as_of: 2026-11-20T09:00:00Z\ninventory:\n  polcy: additive\n",
                ["scenario.yaml line 3", "inventory.polcy: unknown key"]
            ),
            (
                "as_of: 2026-11-20T09:00:00Z\ninventory:\n  policy: sometimes\n",
                ["line 3", "expected one of additive, conflict"]
            ),
            ("as_of: yesterday\n", ["as_of", "expected a UTC time"]),
            ("as_of: 2026-11-20T09:00:00Z\ntimezone: Mars/Olympus\n", ["Mars/Olympus"]),
            ("as_of: 2026-11-20T09:00:00Z\npair: ../../etc\n", ["not a valid pair name"]),
            ("as_of: 2026-11-20T09:00:00Z\nhistory:\n  A: &b [1, 2]\n  B: *b\n", ["line 3", "anchors and aliases"]),
            (
                "as_of: 2026-11-20T09:00:00Z\ndescription: \"a *b and &c in quotes\" # &d in a comment\nhistory:\n  A: [1, *x]\n",
                ["line 4", "anchors and aliases"]
            ),
            ("description: [unclosed\n", ["not valid YAML"]),
            (
                "as_of: 2026-11-20T09:00:00Z\nxero:\n  adjustments:\n    reference_prefix: 'X\" OR 1'\n",
                ["line 4", "reference_prefix", "letters, digits"]
            ),
            ("as_of: 2026-11-20T09:00:00Z\nxero:\n  adjustment:\n    contact: A\n", ["line 3", "unknown key"]),
        ] {
            var builder = healthy
            builder.yaml = yaml
            try await expectError(builder, mentioning: parts)
        }
    }

    @Test("base.csv errors name the line")
    func badBase() async throws {
        for (lines, parts) in [
            (["MUG,12", "MUG,3"], ["base.csv line 3", "appears twice"]),
            (["MUG,twelve"], ["base.csv line 2", "quantity \"twelve\""]),
        ] {
            var builder = healthy
            builder.base = lines
            try await expectError(builder, mentioning: parts)
        }
    }

    @Test("A missing required file or folder says what is expected")
    func missingFiles() async throws {
        let folder = try TemporaryFolder()
        try healthy.write(into: folder.path)
        try FileManager.default.removeItem(atPath: "\(folder.path)/xero/Items.json")
        await #expect {
            _ = try await planFolder(folder.path)
        } throws: { error in "\(error)".contains("xero/Items.json is missing") }
        await #expect {
            _ = try await planFolder("\(folder.path)/nowhere")
        } throws: { error in (error as? TrueUpError)?.kind == .usage && "\(error)".contains("is not a scenario folder")
        }
    }
}
