import Testing

@testable import MetricsService

@Suite struct BSONValueTests {
    static let everyType: [(String, BSONValue)] = [
        ("s", .string("héllo\u{0}world")),
        ("empty", .string("")),
        ("i32", .int32(-42)),
        ("i64", .int64(Int64.max)),
        ("d", .double(3.25)),
        ("t", .bool(true)),
        ("f", .bool(false)),
        ("when", .date(1_717_171_717_123)),
        ("beforeEpoch", .date(-86_400_000)),
        ("oid", .objectID("65a1b2c3d4e5f60718293a4b")),
        ("n", .null),
        ("nested", .document([("a", .int32(1)), ("b", .document([("c", .array([.string("x")]))]))])),
        ("tags", .array([.string("a"), .string("b")])),
        ("matrix", .array([.array([.int64(1), .int64(2)]), .array([]), .array([.date(5), .null])])),
        ("mixed", .array([.document([("k", .string("v"))]), .bool(true)])),
    ]

    @Test func roundTripsEveryTypeThroughBSON() throws {
        let document = try BSONDocument(Self.everyType)
        #expect(document.toBSONValue() == .document(Self.everyType))
        #expect(document.count == Self.everyType.count)
    }

    @Test func generatedObjectIDsAreLowercaseHexThatIncreaseAndRoundTrip() throws {
        let ids = (0..<50).map { _ in ObjectID.generate() }
        for id in ids {
            #expect(id.utf8.count == 24)
            #expect(id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, "\(id)")
            let document = try BSONDocument([("_id", .objectID(id))])
            #expect(document.toBSONValue() == .document([("_id", .objectID(id))]))
        }
        #expect(ids == ids.sorted(), "one process's ids increase")
        #expect(Set(ids).count == ids.count)
    }

    @Test func roundTripsThroughCanonicalJSON() throws {
        let document = try BSONDocument(Self.everyType)
        let reparsed = try BSONDocument(json: document.toCanonicalJSON())
        #expect(reparsed.toBSONValue() == document.toBSONValue())
    }

    @Test func readsTypedValuesByKey() throws {
        let document = try BSONDocument(Self.everyType)
        #expect(document.string("s") == "héllo\u{0}world")
        #expect(document.int64("i32") == -42)
        #expect(document.int64("i64") == Int64.max)
        #expect(document.double("d") == 3.25)
        #expect(document.double("i32") == -42)
        #expect(document.bool("t") == true)
        #expect(document.date("when") == 1_717_171_717_123)
        #expect(document.stringArray("tags") == ["a", "b"])
        #expect(document.stringArray("matrix") == nil)
        #expect(document["n"] == .null)
        #expect(document.document("nested")?.int64("a") == 1)
        #expect(document["missing"] == nil)
        #expect(document.string("i32") == nil)
    }

    @Test func buildersProduceTheSameDocumentAsValues() throws {
        let built = try BSONDocument()
            .string("name", "agent")
            .int32("n32", 7)
            .int64("n64", 8)
            .double("ratio", 0.5)
            .bool("ok", true)
            .date("at", milliseconds: 1000)
            .stringArray("tags", ["x", "y"])
            .null("gone")
        let expected: BSONValue = [
            "name": "agent", "n32": .int32(7), "n64": 8, "ratio": 0.5, "ok": true, "at": .date(1000),
            "tags": ["x", "y"], "gone": nil,
        ]
        #expect(built.toBSONValue() == expected)
    }

    @Test func keepsFieldOrderAndDistinguishesNumericTypes() {
        #expect(BSONValue.document([("a", 1), ("b", 2)]) != .document([("b", 2), ("a", 1)]))
        #expect(BSONValue.int32(1) != .int64(1))
        #expect(BSONValue.int32(1).int64Value == BSONValue.int64(1).int64Value)
    }

    @Test func rejectsValuesItCannotWrite() {
        #expect(throws: StorageError.self) { try BSONDocument([("x", .objectID("nothex"))]) }
        #expect(throws: StorageError.self) { try BSONDocument([("x", .unsupported(typeCode: 0x05))]) }
        #expect(throws: StorageError.self) { try BSONDocument(.string("not a document")) }
        #expect(throws: StorageError.self) { try BSONDocument(json: "{not json") }
    }
}
