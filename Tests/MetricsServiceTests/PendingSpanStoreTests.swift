import Testing

@testable import MetricsService

@Suite struct PendingSpanStoreTests {
    /// The lookup's filter, written as bytes, is the `$in` of the traces' hex ids in order, with array keys past
    /// one digit.
    @Test func lookupFilterListsEveryTraceAsHex() {
        let traces = (1...12).map { TraceID(high: UInt64($0) << 60 | 0xABC, low: UInt64.max - UInt64($0)) }
        let filter = PendingSpanStore.filter(traces: traces)
        let expected: BSONValue = [
            PendingSpanStore.BSONKey.traceID: ["$in": .array(traces.map { .string($0.hex) })]
        ]
        #expect(BSONDocument.value(ofBytes: filter.bytes[...]) == expected)
        #expect(traces[11].hex == "c000000000000abcfffffffffffffff3")
    }
}
