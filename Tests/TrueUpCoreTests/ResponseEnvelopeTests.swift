import Testing
import TrueUpCore

/// A body read record by record gives what the whole tree gives: the same records, problems and
/// errors, whatever is wrong with it.
@Suite struct ResponseEnvelopeTests {
    struct Read: Equatable {
        var records: [String] = []
        var problems: [String] = []
        var error: BodyError?
    }

    static func whole(_ body: String) -> Read {
        var read = Read()
        do {
            let envelope = try ResponseEnvelope(Array(body.utf8), source: "test", arrayKey: "Items", shape: "{}")
            var problems: [InputProblem] = []
            read.records = envelope.records(source: "test", problems: &problems).map {
                "\($0.path) \(JSONWriter.text(.object($0.record.object)))"
            }
            read.problems = problems.map(\.message)
        } catch {
            read.error = error
        }
        return read
    }

    static func streamed(_ body: String) -> Read {
        var read = Read()
        var problems: [InputProblem] = []
        do {
            _ = try ResponseEnvelope.streamRecords(
                Array(body.utf8), source: "test", arrayKey: "Items", shape: "{}", problems: &problems
            ) { path, record in
                read.records.append("\(path) \(JSONWriter.text(.object(record.object)))")
            }
            read.problems = problems.map(\.message)
        } catch {
            return Read(error: error)
        }
        return read
    }

    @Test(arguments: [
        #"{"Id": "x", "Items": [{"Code": "A"}, {"Code": "B", "n": [1, {"k": null}]}], "Status": "OK"}"#,
        #"{"Items": []}"#, #"{"Items": [1, {"Code": "A"}, "x", null]}"#, #"[{"Code": "A"}]"#, "12", #"{"Other": []}"#,
        #"{"Items": {"Code": "A"}}"#, #"{"Items": [], "Items": []}"#, #"{"Status": 1, "Items": [], "Status": 2}"#,
        #"{"Items": [{"Code": "A", "Code": "B"}]}"#, #"{"Items": [{"Code": "A"}, {"Code": "#,
        #"{"Items": [{"Code": "A"}], "Status": "OK",}"#, #"{"Items": 5, "Status": "OK", "Status": "again"}"#,
        #"{"Items": [{"Code": "A"}], "Items": 5}"#, "", #"{"Items": [{}]} trailing"#,
    ])
    func streamedAsWhole(body: String) {
        #expect(Self.streamed(body) == Self.whole(body))
    }

    @Test func theWrapperComesBackWithoutTheRecords() throws {
        var problems: [InputProblem] = []
        let wrapper = try ResponseEnvelope.streamRecords(
            Array(#"{"Id": "x", "Items": [{"Code": "A"}], "pagination": {"page": 1}}"#.utf8), source: "test",
            arrayKey: "Items", shape: "{}", problems: &problems
        ) { _, _ in }
        #expect(wrapper.object.keys == ["Id", "pagination"])
    }
}
