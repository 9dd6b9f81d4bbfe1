import Testing

@testable import MetricsService

/// The reader's cache of attribute texts: a repeated value comes back equal to a fresh reading of its bytes, a
/// value of the same length but other bytes is never mistaken for it, and invalid UTF-8 stays refused.
struct WireTextCacheTests {
    static func text(_ cache: inout WireTextCache, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { cache.text($0) }
    }

    @Test func returnsTheTextOfTheBytesWhetherCachedOrNot() {
        var cache = WireTextCache()
        // More distinct values than entries, each asked for twice in a row and again after the others, so hits,
        // misses and replaced entries all answer; long values are heap strings, short ones inline.
        let values = (0..<(3 * WireTextCache.capacity)).map { "v\($0)" + String(repeating: "x", count: $0 % 20) }
        for round in 0..<2 {
            for value in values {
                #expect(Self.text(&cache, Array(value.utf8)) == value, "round \(round)")
                #expect(Self.text(&cache, Array(value.utf8)) == value, "round \(round), repeated")
            }
        }
    }

    /// Texts longer than `longestCached` are made afresh, and never taken for a cached text sharing their start.
    @Test func longTextsAreReadWithoutTheCache() {
        var cache = WireTextCache()
        let short = String(repeating: "m", count: WireTextCache.longestCached)
        let long = short + "-and-more"
        for _ in 0..<2 {
            #expect(Self.text(&cache, Array(short.utf8)) == short)
            #expect(Self.text(&cache, Array(long.utf8)) == long)
        }
        #expect(Self.text(&cache, Array(long.utf8) + [0xFF]) == nil)
    }

    @Test func sameLengthOtherBytesAreNotTheCachedText() {
        var cache = WireTextCache()
        #expect(Self.text(&cache, Array("gpt-4o".utf8)) == "gpt-4o")
        #expect(Self.text(&cache, Array("gpt-4x".utf8)) == "gpt-4x")
        #expect(Self.text(&cache, Array("".utf8)) == "")
        #expect(Self.text(&cache, Array("gpt-4o".utf8)) == "gpt-4o")
    }

    /// A value read again between one-off values (a model between conversation ids) keeps its entry: the same
    /// storage comes back after many times `capacity` one-off values, where replacing in turn would drop it.
    @Test func valuesThatRepeatOutliveOneOffValues() {
        var cache = WireTextCache()
        let model = Array("gpt-4o-2024-08-06-long-enough-for-the-heap".utf8)
        func storage(_ text: String?) -> UnsafePointer<UInt8>? {
            text?.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
        }
        let first = storage(Self.text(&cache, model))
        #expect(first != nil)
        for index in 0..<(5 * WireTextCache.capacity) {
            let oneOff = "conversation-\(index)-with-a-long-unique-suffix"
            #expect(Self.text(&cache, Array(oneOff.utf8)) == oneOff)
            #expect(storage(Self.text(&cache, model)) == first, "after \(index + 1) one-off values")
        }
    }

    @Test func invalidUTF8IsNil() {
        var cache = WireTextCache()
        #expect(Self.text(&cache, [0x61, 0xFF]) == nil)
        #expect(Self.text(&cache, [0xC3, 0xA9]) == "é")
        #expect(Self.text(&cache, [0xC3]) == nil)
    }
}
