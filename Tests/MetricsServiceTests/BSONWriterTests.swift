import CMongoC
import Testing
import TestSupport

@testable import MetricsService

/// `BSONWriter`'s bytes read back by libbson as the values written.
struct BSONWriterTests {
    @Test func writesEveryElementTypeAsLibbsonReadsIt() {
        var writer = BSONWriter()
        let start = writer.beginDocument()
        let id: ObjectID.Bytes = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xAB)
        writer.objectID("_id", id)
        writer.int64("n", -5)
        writer.double("d", 0.1)
        writer.date("t", 1_690_891_200_000)
        writer.bool("b", true)
        writer.null("z")
        writer.string("s", "é中😀")
        writer.string("e", "")
        let array = writer.beginArray("a")
        for index in 0..<12 {
            var text = "item\(index)"
            text.withUTF8 { writer.string(index: index, $0) }
        }
        writer.end(array)
        let nested = writer.beginDocument("o")
        writer.int64("k", 1)
        writer.end(nested)
        writer.end(start)

        let value = BSONDocument.value(ofBytes: writer.bytes[...])
        let expected: BSONValue = [
            "_id": .objectID("0102030405060708090a0bab"), "n": .int64(-5), "d": 0.1, "t": .date(1_690_891_200_000),
            "b": true, "z": nil, "s": "é中😀", "e": "", "a": .array((0..<12).map { .string("item\($0)") }),
            "o": ["k": 1],
        ]
        #expect(value == expected)
        #expect(ObjectID.hex(id) == "0102030405060708090a0bab")
    }

    /// A run from OTLP is stored as the generic path stored it: `_id`, `toBSON()`'s fields (the trace members
    /// last, nulls for what it lacks), then `counted: false`, in that order.
    @Test func aRunWithATraceHasTheGenericLayout() {
        var run = AgentRun(
            agentId: "0123456789abcdef01234567", version: "1.0.0", id: 42, taskId: nil, status: "failed",
            createdMs: 1_764_000_000_000, timeTakenText: "1.5s", timeTakenSeconds: 1.5, initiator: "u",
            tools: ["search"], models: ["gpt-4o", "gpt-4o-2024-08-06"], cost: 0.0125)
        let id: ObjectID.Bytes = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
        for trace in [
            RunTrace(
                traceID: String(repeating: "ab", count: 16), spanID: "00000000000000ff", errorType: "timeout",
                conversationID: "c", tokens: TokenUsage(input: 1, output: 2, cacheRead: 3, cacheCreation: 4)),
            RunTrace(traceID: String(repeating: "0f", count: 16), spanID: "0000000000000001"),
        ] {
            run.trace = trace
            // Both ways `time_taken` is written: as text, and as null when a run has none.
            run.timeTakenText = run.timeTakenText == nil ? "1.5s" : nil
            var writer = BSONWriter()
            writer.run(run, objectID: id)
            guard case .document(let fields) = run.toBSON() else {
                Issue.record("toBSON is not a document")
                return
            }
            let expected = BSONValue.document(
                [("_id", .objectID(ObjectID.hex(id)))] + fields + [(RunStore.countedKey, .bool(false))])
            let written = BSONDocument.value(ofBytes: writer.bytes[...])
            #expect(written == expected)
            guard case .document(let writtenFields) = written, case .document(let expectedFields) = expected else {
                continue
            }
            #expect(writtenFields.map(\.0) == expectedFields.map(\.0))
        }
    }

    @Test func documentsBackToBackEachReadAlone() {
        var documents = RunDocuments(isSingle: false, capacity: 0)
        for runId in Int64(1)...3 {
            let start = documents.writer.beginDocument()
            documents.writer.int64("run_id", runId)
            documents.writer.end(start)
            documents.add(start: start, runId: runId, sample: nil)
        }
        #expect(documents.count == 3)
        for index in 0..<3 {
            #expect(BSONDocument.value(ofBytes: documents.document(index)) == ["run_id": .int64(Int64(index + 1))])
        }
    }
}

extension BSONDocument {
    /// Converts one document's bytes (as `BSONWriter` writes them); invalid bytes read as an empty document.
    static func value(ofBytes bytes: ArraySlice<UInt8>) -> BSONValue {
        let copy = bytes.withUnsafeBufferPointer { bson_new_from_data($0.baseAddress, $0.count) }
        guard let copy else { return .document([]) }
        return BSONDocument(taking: copy).toBSONValue()
    }
}
