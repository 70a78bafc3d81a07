import Foundation
import TrueUpCore

/// A scenario's recorded response body that seeds an emulated API: `{"<key>": [ {…}, … ], …}`.
enum SeedFile {
    /// The objects of the file's `key` array; empty when the file is absent. Anything else — not
    /// JSON, not an object, no such array, an element that is not an object — is an error naming
    /// the file and what `request` answers.
    static func records(path: String, key: String, request: String) throws(TrueUpError) -> [JSONObject] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(data))
        } catch {
            throw TrueUpError(.badInput, "\(path): not valid JSON: \(error)")
        }
        guard case .object(let body) = document else {
            throw TrueUpError(.badInput, "\(path): expected the body of \(request), an object with \"\(key)\"")
        }
        guard let elements = body.array(key) else {
            throw TrueUpError(.badInput, "\(path): expected an array \"\(key)\" as \(request) returns")
        }
        var result: [JSONObject] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw TrueUpError(.badInput, "\(path): \(key)[\(index)] is \(element.kindName), not an object")
            }
            result.append(object)
        }
        return result
    }
}
