import Foundation
import TrueUpCore
import TrueUpTestSupport

/// The demo scenario's Xero bodies (`fixtures/scenarios/demo/xero/`), which the sandbox serves and
/// `trueup demo` reads: the decoders must read them without a problem.
enum DemoScenario {
    static let folder = "\(RepositoryPaths.scenarios)/demo/xero"

    static func body(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).json")))
    }

    /// The body's records as raw JSON, for cross-checking fields the canonical records leave out.
    static func records(_ name: String) throws -> [JSONRecord] {
        try JSONRecord(JSONParser.parse(body(name)), path: "").records(name)
    }
}
