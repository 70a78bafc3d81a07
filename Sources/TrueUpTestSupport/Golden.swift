import Foundation

/// Golden files: what a report or a help text must be, byte for byte. Set `RECORD_SNAPSHOTS=1`
/// to write the current output as the new golden file — only on purpose, and review the diff.
public enum Golden {
    public static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// `nil` when `actual` matches the file (or was recorded), else a message showing the first difference.
    public static func compare(_ actual: String, toFile path: String) -> String? {
        if recording {
            try? FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            do {
                try actual.write(toFile: path, atomically: true, encoding: .utf8)
                return nil
            } catch {
                return "cannot record \(path): \(error)"
            }
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "\(path) does not exist; run the tests with RECORD_SNAPSHOTS=1 to record it"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let actualLines = actual.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if want != got {
                return "\(path) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)"
            }
        }
        return "\(path) differs (line endings or trailing bytes)"
    }
}
