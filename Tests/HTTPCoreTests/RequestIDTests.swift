import HTTPCore
import Testing

/// Which client ids are used as sent, and what generated ids look like.
struct RequestIDTests {
    @Test(arguments: [
        "a", "abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "A.b_c-D", String(repeating: "x", count: 128),
    ])
    func acceptsShortIdsOfTheSafeCharacters(_ id: String) {
        #expect(RequestID.isSane(id))
    }

    @Test(arguments: [
        "", String(repeating: "x", count: 129), "a b", "a\r\nX-Evil: 1", "\"quoted\"", "a,b", "a;b", "é", "a/b",
        "{json}", "tab\there",
    ])
    func refusesEmptyLongOrUnsafeIds(_ id: String) {
        #expect(!RequestID.isSane(id))
    }

    @Test func generatedIdsAreSaneUniqueAndFifteenCharacters() {
        var generator = RequestIDGenerator()
        var seen: Set<String> = []
        for _ in 0..<10_000 {
            let id = generator.next()
            #expect(id.utf8.count == 15)
            #expect(RequestID.isSane(id))
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        // Another generator (another loop or process) starts from another random prefix.
        var other = RequestIDGenerator()
        var ids: Set<String> = []
        for _ in 0..<4 { ids.insert(String(other.next().prefix(6))) }
        #expect(ids.count == 1)
    }
}
