import Foundation
import Testing
import TrueUpJobs
import TrueUpTestSupport

/// `trueup generate` as users run it: a scenario folder the loader and the sandbox read, the same
/// bytes for the same seed, and no folder of theirs overwritten by accident.
@Suite("trueup generate", .serialized)
struct GenerateCommandTests {
    @Test("Writes the demo shop at the size asked for, byte for byte what the generator makes, and it loads")
    func generate() async throws {
        let folder = try TemporaryFolder()
        let out = "\(folder.path)/shop"
        let result = try await runTrueUp(["generate", "--out", out, "--skus", "120", "--orders", "300", "--seed", "7"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("Wrote 18 files ("), "\(result.output)")
        #expect(result.output.contains("seed 7, 120 SKUs, 300 orders"))
        #expect(result.errors.isEmpty)

        for file in try DemoShop(seed: 7, skus: 120, orders: 300).files() {
            let written = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(file.path)"))
            #expect(Array(written) == file.bytes, "\(file.path)")
        }
        let loaded = try ScenarioLoader.load(folder: out)
        #expect(loaded.snapshot.stock.count == 120)
        #expect(loaded.bases?.isEmpty == false)
    }

    @Test("Refuses a folder with files in it unless --force, and then leaves other files alone")
    func existingFolder() async throws {
        let folder = try TemporaryFolder()
        let notes = "\(folder.path)/README.md"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: notes))

        let refused = try await runTrueUp(["generate", "--out", folder.path])
        #expect(refused.status == 64)
        #expect(refused.errors.hasPrefix("error: \(folder.path) already has files in it (README.md…)"))
        #expect(refused.errors.contains("pass --force"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["README.md"])

        let forced = try await runTrueUp(["generate", "--out", folder.path, "--force"])
        #expect(forced.status == 0, "\(forced.errors)")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
        #expect(FileManager.default.fileExists(atPath: "\(folder.path)/xero/Items.json"))
    }

    @Test("Too small a shop, or a file in the folder's place, is a usage error that writes nothing")
    func badArguments() async throws {
        let folder = try TemporaryFolder()
        let small = try await runTrueUp(["generate", "--out", "\(folder.path)/small", "--skus", "10"])
        #expect(small.status == 64)
        #expect(small.errors.contains("the demo shop needs at least 40 SKUs and 120 orders"), "\(small.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/small"))

        let file = "\(folder.path)/file"
        try Data().write(to: URL(fileURLWithPath: file))
        let notFolder = try await runTrueUp(["generate", "--out", file])
        #expect(notFolder.status == 64)
        #expect(
            notFolder.errors
                == "error: \(file) is a file, not a folder; give --out a folder to write the scenario into\n")
    }
}
