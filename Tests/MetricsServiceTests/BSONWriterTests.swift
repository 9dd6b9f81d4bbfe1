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

    /// A run from OTLP, written straight from its assembly, is stored as the generic path stores the same run:
    /// `_id`, `toBSON()`'s fields (the trace members last, nulls for what it lacks), then `counted: false`, in that
    /// order; models and tools list the agent span's own first, then its descendants' not yet listed.
    @Test func aRunFromOTLPHasTheGenericLayout() {
        let id: ObjectID.Bytes = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
        let key = SpanKey(trace: TraceID(high: 0xABAB_ABAB_ABAB_ABAB, low: 0x0F0F_0F0F_0F0F_0F0F), span: 0xFF)
        var span = AgentSpan(startNs: 1_764_000_000_000_000_000, endNs: 1_764_000_001_500_000_000)
        span.agentVersion = "1.0.0"
        span.initiator = "u"
        var own = SpanOwn()
        own.requestModel = "gpt-4o"
        own.tool = "search"
        var descendants = SpanContribution()
        descendants.models = ["gpt-4o-2024-08-06", "gpt-4o"]
        descendants.tools = ["search", "fetch"]
        let tokens = TokenUsage(input: 1, output: 2, cacheRead: 3, cacheCreation: 4)
        var expected = AgentRun(
            agentId: "0123456789abcdef01234567", version: "1.0.0", id: 0xFF, taskId: nil, status: "completed",
            createdMs: 1_764_000_000_000, timeTakenText: "1.5s", timeTakenSeconds: 1.5, initiator: "u",
            tools: ["search", "fetch"], models: ["gpt-4o", "gpt-4o-2024-08-06"], cost: 0.0125)
        expected.trace = RunTrace(
            traceID: "abababababababab0f0f0f0f0f0f0f0f", spanID: "00000000000000ff", tokens: tokens)
        for failed in [false, true] {
            span.failed = failed
            span.errorType = "timeout"
            span.conversationID = failed ? "c" : nil
            expected.status = failed ? "failed" : "completed"
            expected.trace?.errorType = failed ? "timeout" : nil
            expected.trace?.conversationID = span.conversationID
            let run = RunAssembly.Run(key: key, span: span, agent: 0, own: own, descendants: descendants)
            var writer = BSONWriter()
            IngestTargets.Target(agentId: expected.agentId, version: expected.version).withBytes { target in
                OTLPRunBuilder.write(
                    run, totals: .init(tokens: tokens, cost: 0.0125), objectID: id, target: target, into: &writer)
            }
            guard case .document(let fields) = expected.toBSON() else {
                Issue.record("toBSON is not a document")
                return
            }
            let want = BSONValue.document(
                [("_id", .objectID(ObjectID.hex(id)))] + fields + [(RunStore.countedKey, .bool(false))])
            let written = BSONDocument.value(ofBytes: writer.bytes[...])
            #expect(written == want, "failed: \(failed)")
            guard case .document(let writtenFields) = written, case .document(let wantFields) = want else {
                continue
            }
            #expect(writtenFields.map(\.0) == wantFields.map(\.0))
        }
    }

    /// A truncated document leaves no byte behind, whatever spare capacity the writer had, and a string far larger
    /// than the capacity asked for grows the buffer; `bytes` and `withBytes` see the same bytes.
    @Test func truncationAndGrowthKeepExactlyTheWrittenBytes() {
        func document(_ writer: inout BSONWriter, _ text: String) {
            let start = writer.beginDocument()
            writer.string("s", text)
            writer.end(start)
        }
        let long = String(repeating: "x", count: 10_000)
        var alone = BSONWriter()
        document(&alone, "a")
        document(&alone, long)

        var writer = BSONWriter(capacity: 1)
        document(&writer, "a")
        let dropped = writer.count
        document(&writer, "dropped")
        let open = writer.beginArray("never closed")
        writer.string(index: 0, UnsafeBufferPointer(start: nil, count: 0))
        _ = open
        writer.truncate(to: dropped)
        document(&writer, long)

        #expect(writer.bytes == alone.bytes)
        #expect(writer.count == 14 + 10_013)
        #expect(writer.withBytes { Array($0) } == writer.bytes)
        #expect(BSONDocument.value(ofBytes: writer.bytes[dropped...]) == ["s": .string(long)])
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
            #expect(BSONDocument.value(ofBytes: documents.document(index)[...]) == ["run_id": .int64(Int64(index + 1))])
        }
    }
}

extension RunDocuments {
    /// The bytes of document `index`.
    func document(_ index: Int) -> [UInt8] {
        withBytes { Array($0[starts[index]..<(index + 1 < starts.count ? starts[index + 1] : $0.count)]) }
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
