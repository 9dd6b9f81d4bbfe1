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
