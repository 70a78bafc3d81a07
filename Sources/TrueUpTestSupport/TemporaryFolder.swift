import Foundation

/// A fresh folder under the system's temporary folder, removed when the value goes away.
public final class TemporaryFolder: Sendable {
    public let path: String

    public init(_ label: String = "trueup") throws {
        path = NSTemporaryDirectory() + "\(label)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Copies a folder's contents into a new temporary folder.
    public static func copy(of source: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder("scenario")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name != "expected" {
            try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: "\(folder.path)/\(name)")
        }
        return folder
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
