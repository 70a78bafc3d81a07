import Foundation
import TrueUpCore

/// Finding and reading the feed's files.
enum CSVFeedFiles {
    /// The largest file read.
    static let maximumSize = 1 << 30

    /// A file whose name matches a pattern.
    struct Match: Sendable, Hashable {
        let path: String
        let modified: Date
    }

    /// Why a file pattern cannot be used, or `nil` when it can.
    static func patternProblem(_ pattern: String) -> String? {
        if pattern.isEmpty { return "the file name or pattern is empty" }
        let name = (pattern as NSString).lastPathComponent
        let folder = (pattern as NSString).deletingLastPathComponent
        if name.isEmpty || pattern.hasSuffix("/") { return "\"\(pattern)\" names a folder, not a file" }
        if folder.contains(where: { $0 == "*" || $0 == "?" }) {
            return "\"\(pattern)\": only the file name may have * or ?, not the folders"
        }
        return nil
    }

    /// The regular, visible files in `folder` whose names match `pattern`, ignoring letter case,
    /// ordered by name. A pattern may lead with folders under `folder` (or be absolute); its last
    /// part may use `*` (any text) and `?` (any one character).
    ///
    /// - Throws: when `folder` does not exist or cannot be listed.
    static func matches(_ pattern: String, in folder: String) throws(TrueUpError) -> [Match] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .badInput(
                "the CSV feed folder \(folder) does not exist: create it or fix folder in the feed settings")
        }
        let full = pattern.hasPrefix("/") ? pattern : (folder as NSString).appendingPathComponent(pattern)
        let directory = (full as NSString).deletingLastPathComponent
        let namePattern = Array((full as NSString).lastPathComponent.lowercased())
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .badInput("cannot list \(directory): \(error.localizedDescription)")
        }
        var found: [Match] = []
        for name in names.sorted() where !name.hasPrefix(".") && glob(namePattern, matches: Array(name.lowercased())) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            found.append(Match(path: path, modified: attributes[.modificationDate] as? Date ?? .distantPast))
        }
        return found
    }

    /// The most recently modified match, the last by name among equally recent ones.
    static func newest(_ matches: [Match]) -> Match? {
        matches.max { ($0.modified, $0.path) < ($1.modified, $1.path) }
    }

    /// Whether `name` matches `pattern`, where `*` is any text and `?` any one character.
    static func glob(_ pattern: [Character], matches name: [Character]) -> Bool {
        var p = 0
        var n = 0
        var starAt: Int?
        var resumeAt = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == "*" {
                starAt = p
                resumeAt = n
                p += 1
            } else if let star = starAt {
                p = star + 1
                resumeAt += 1
                n = resumeAt
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// A file's bytes.
    static func read(_ path: String) throws(TrueUpError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .badInput("cannot read \(path): check that it is a readable file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw .badInput("cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= maximumSize else { throw .badInput("\(path) is larger than 1 GiB") }
        return [UInt8](data)
    }

    /// A file read into a table by the feed's settings.
    static func table(_ path: String, settings: CSVFeedSettings) throws(TrueUpError) -> CSVFeedTable {
        let bytes = try read(path)
        let text = try CSVFeedText.decode(bytes, encoding: settings.encoding, file: path).text
        return try CSVFeedTable(text: text, delimiter: settings.delimiter, file: path)
    }
}
